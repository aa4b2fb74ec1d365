import { openTicket } from '../tickets/open.js';
import type { TurnContext } from '../unions.js';
import type { Kit } from './capability.js';
import { say } from './replies.js';
import type { ConversationState, TurnResult } from './state.js';
import { text } from './text.js';

// A question the bot cannot answer (the FAQ has nothing for it) is not a miss: it goes to
// staff as a ticket, and the person is told so and when to expect an answer. Every place
// that finds such a question (idle, every flow, the check-in) calls this one function, so
// the same rule holds everywhere: a "question" of a word or two (`halo?`, `apa?`, `kok
// gitu?`) is no question staff could answer: it opens no ticket and is answered honestly
// (the office's phone), and in a flow the open question is asked again.

/** Fewer words than this (of two letters or more) is no question for staff. */
export const MIN_QUESTION_WORDS = 3;

export function isQuestionForStaff(message: string): boolean {
  return (message.match(/\p{L}{2,}/gu) ?? []).length >= MIN_QUESTION_WORDS;
}

/** A ticket with this question, or the honest answer when it is too short to be a question for staff. */
export function unansweredQuestion(state: ConversationState, message: string, ctx: TurnContext, kit: Kit): TurnResult {
  if (!isQuestionForStaff(message)) return kit.resume(state, say(text('understand.unanswered')));
  return openTicket(state, message, 'question', ctx, kit);
}
