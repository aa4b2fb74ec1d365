import { formatLocalDateTime } from '../../time.js';
import type { Kit } from '../core/capability.js';
import { say } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { text } from '../core/text.js';
import type { Text } from '../core/vocabulary.js';
import type { TurnContext } from '../unions.js';
import { isOfficeOpen, nextOpening } from './hours.js';

// Opening a question to staff, and what the person is told: that it went to staff (its
// number is filled in by the runtime) and, by the office hours, when to expect an answer.

/** When staff will answer: during office hours, or from the next opening. */
export function answerExpected(ctx: TurnContext): Text {
  const hours = ctx.tickets?.hours;
  if (!hours) return text('tickets.hours_unknown');
  if (isOfficeOpen(hours, ctx.now)) return text('tickets.hours_open', { hours: hours.text });
  const next = nextOpening(hours, ctx.now);
  if (!next) return text('tickets.hours_unknown');
  return text('tickets.hours_closed', { hours: hours.text, when: formatLocalDateTime(next, hours.timeZone) });
}

/** Opens a ticket with this message (`via`: asked for staff, or a question nobody else could answer). */
export function openTicket(state: ConversationState, message: string, via: 'asked' | 'question', ctx: TurnContext, kit: Kit): TurnResult {
  const open = ctx.tickets?.open;
  if (open && message.trim() === '') return kit.resume(state, say(text('tickets.still_open', { no: open.no })));
  if (open) return kit.resume(state, { type: 'ticket_message_added', ticketNo: open.no, text: message }, say(text('tickets.added', { no: open.no })));
  const told = via === 'asked' ? text('tickets.opened_ask') : text('tickets.opened_question');
  return kit.resume(state, { type: 'ticket_opened', text: message, via }, say(told, answerExpected(ctx)));
}
