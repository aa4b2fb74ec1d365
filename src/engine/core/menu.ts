import { parseChoice } from '../parse/choice.js';
import type { EngineEvent } from '../unions.js';
import type { MenuEntry } from './capability.js';
import { text } from './text.js';
import type { Text } from './vocabulary.js';

// The idle menus. Their entries come from the capabilities; a tapped Telegram button sends
// the entry's words, and a bare number typed right after the menu picks it.

export function menuMessage(entries: readonly MenuEntry[], registered: boolean): EngineEvent {
  if (!registered) return { type: 'message_created', text: [text('menu.unregistered')], choices: [text('menu.choice_register')] };
  return { type: 'message_created', text: [text('menu.registered')], choices: entries.map((e) => e.label) };
}

/** The staff menu: a line for each staff command, each written by the capability it belongs to. */
export function staffMenuMessage(entries: readonly MenuEntry[], help: readonly Text[]): EngineEvent {
  return { type: 'message_created', text: [text('staff.menu', { lines: { lines: help } })], choices: entries.map((e) => e.label) };
}

const MENU_KEYS: ReadonlySet<string> = new Set(['menu.registered', 'menu.unregistered', 'staff.menu']);

/** Whether an event is one of the idle menus (its numbers may be typed next). */
export function isMenuMessage(event: EngineEvent): boolean {
  return event.type === 'message_created' && event.text.length > 0 && MENU_KEYS.has(event.text[0]!.key);
}

/** The entry a bare number picks, or null for anything else. */
export function menuPick(entries: readonly MenuEntry[], raw: string): MenuEntry | null {
  if (!/^\s*\d{1,2}\s*[.)]?\s*$/u.test(raw)) return null;
  const pick = parseChoice(raw, entries.map((entry) => ({ value: entry, labels: [] })));
  return pick.kind === 'ok' ? pick.value : null;
}

export function byOrder<T extends { readonly order: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.order - b.order);
}
