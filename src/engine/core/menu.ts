import { parseChoice, type ChoiceOption } from '../parse/choice.js';
import { text } from './replies.js';
import type { Command } from '../parse/command.js';
import type { EngineEvent } from './types.js';

// The idle menu. Its choices are the same words as the commands they stand for, so a
// tapped Telegram button, a typed number and a typed word all end in the same place.

const REGISTERED_MENU: readonly { label: string; command: Command }[] = [
  { label: 'menu.choice_report', command: { type: 'report' } },
  { label: 'menu.choice_profile', command: { type: 'profile' } },
  { label: 'menu.choice_edit', command: { type: 'edit', field: null } },
  { label: 'menu.choice_stop', command: { type: 'stop' } },
  { label: 'menu.choice_erase', command: { type: 'erase' } },
  { label: 'menu.choice_help', command: { type: 'menu' } },
];

export function menuMessage(registered: boolean): EngineEvent {
  if (!registered) return { type: 'message_created', text: [text('menu.unregistered')], choices: [text('menu.choice_register')] };
  return { type: 'message_created', text: [text('menu.registered')], choices: REGISTERED_MENU.map((m) => text(m.label)) };
}

const menuOptions: readonly ChoiceOption<Command>[] = REGISTERED_MENU.map((m) => ({ value: m.command, labels: [] }));

/** A bare number right after the menu was shown picks that menu entry. */
export function menuPick(raw: string): Command | null {
  if (!/^\s*\d{1,2}\s*[.)]?\s*$/.test(raw)) return null;
  const pick = parseChoice(raw, menuOptions);
  return pick.kind === 'ok' ? pick.value : null;
}
