import type { EngineEvent } from '../unions.js';
import type { ConversationState, TurnResult } from './state.js';
import { text } from './text.js';
import type { OutgoingMessage, Text } from './vocabulary.js';

// Small builders every flow shares, so each reads as "say this, then that".

export function say(...parts: Text[]): EngineEvent {
  return { type: 'message_created', text: parts };
}

export function sayMessage(message: OutgoingMessage, ...before: Text[]): EngineEvent {
  return { type: 'message_created', ...message, text: [...before, ...message.text] };
}

export const yesNoChoices: readonly Text[] = [text('common.yes'), text('common.no')];

export function result(state: ConversationState, ...events: EngineEvent[]): TurnResult {
  return { state, events };
}

/**
 * What a flow is asking: a message, or (at a staff preview) a request the runtime answers
 * with a message it builds, since only it knows the counts.
 */
export type Question = OutgoingMessage | Exclude<EngineEvent, { type: 'message_created' }>;

function isMessage(question: Question): question is OutgoingMessage {
  return !('type' in question);
}

/**
 * Asks a question again: after `before` (why the answer was not taken, or "let's continue")
 * and with `after` (the way out, for someone stuck) below its options. The one place that does.
 */
export function askAgain(question: Question, before: readonly Text[] = [], after: readonly Text[] = []): EngineEvent[] {
  if (isMessage(question)) {
    const footer = [...(question.footer ?? []), ...after];
    return [{ type: 'message_created', ...question, text: [...before, ...question.text], ...(footer.length > 0 ? { footer } : {}) }];
  }
  const lead = [...before, ...after];
  return lead.length > 0 ? [say(...lead), question] : [question];
}
