import type { TurnContext } from '../unions.js';
import type { Kit } from './capability.js';
import { say } from './replies.js';
import type { ConversationState, TurnResult } from './state.js';
import { text } from './text.js';

// A question the person asked that the FAQ cannot answer. Every flow and the idle state send
// it here, and only here: for now it is answered honestly and the open question asked again;
// once questions to staff exist, this is where a ticket is opened.

export function unansweredQuestion(state: ConversationState, _question: string, _ctx: TurnContext, kit: Kit): TurnResult {
  return kit.resume(state, say(text('understand.unanswered')));
}
