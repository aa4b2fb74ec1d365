import { parseChoice, type ChoiceOption } from '../parse/choice.js';
import type { StaffCommand } from '../broadcast/staff-command.js';
import { text } from './text.js';
import type { EngineEvent } from './types.js';

// The staff menu: what staff can do in chat. Its choices are the commands themselves, so
// a tapped Telegram button sends the command and a typed number picks it.

const STAFF_MENU: readonly { label: string; command: StaffCommand }[] = [
  { label: 'staff.choice_announce', command: { type: 'announce', text: null } },
  { label: 'staff.choice_recap', command: { type: 'recap' } },
  { label: 'staff.choice_status', command: { type: 'status', broadcastId: null } },
];

export function staffMenu(): EngineEvent {
  return { type: 'message_created', text: [text('staff.menu')], choices: STAFF_MENU.map((m) => text(m.label)) };
}

const options: readonly ChoiceOption<StaffCommand>[] = STAFF_MENU.map((m) => ({ value: m.command, labels: [] }));

/** A bare number right after the menu was shown picks that entry. */
export function staffMenuPick(raw: string): StaffCommand | null {
  if (!/^\s*\d{1,2}\s*[.)]?\s*$/u.test(raw)) return null;
  const pick = parseChoice(raw, options);
  return pick.kind === 'ok' ? pick.value : null;
}
