import { openTicket } from '../tickets/open.js';
import type { TurnContext } from '../unions.js';
import type { Kit } from './capability.js';
import type { ConversationState, TurnResult } from './state.js';

// A question the bot cannot answer (the FAQ has nothing for it) is not a miss: it goes to
// staff as a ticket, and the person is told so and when to expect an answer. Every place
// that finds such a question calls this one function.

export function unansweredQuestion(state: ConversationState, message: string, ctx: TurnContext, kit: Kit): TurnResult {
  return openTicket(state, message, 'question', ctx, kit);
}
