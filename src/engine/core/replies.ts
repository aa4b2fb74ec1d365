import { checkinQuestion } from '../checkin/questions.js';
import { askField, profileParams } from '../profile/fields.js';
import { text } from './text.js';
import { workshopFlowQuestion } from '../workshop/messages.js';
import type { ConversationState, EngineEvent, OutgoingMessage, ProfileDraft, Text, TurnContext, TurnResult } from './types.js';

// Small builders shared by the flows, so each flow reads as "say this, then that".

export { text };

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

/** A misunderstood answer: say why, ask again, and after three in a row offer a way out. */
export function retry(state: ConversationState, reason: Text, question: OutgoingMessage): TurnResult {
  const strikes = state.strikes + 1;
  const hint = strikes >= 3 ? [text('common.stuck_hint')] : [];
  const message = sayMessage({ ...question, text: [...question.text, ...hint] }, reason);
  return result({ ...state, strikes }, message);
}

/** The question a person should be answering now, or null when idle. */
export function currentQuestion(state: ConversationState, ctx: TurnContext): OutgoingMessage | null {
  const flow = state.flow;
  if (!flow) return null;
  switch (flow.name) {
    case 'signup':
      if (flow.pendingMoney !== undefined) return moneyConfirmQuestion(flow.pendingMoney);
      if (flow.step === 'consent') return { text: [text('signup.consent')], choices: yesNoChoices };
      if (flow.step === 'summary') return summaryQuestion(flow.draft, ctx);
      return askField(flow.step, ctx);
    case 'edit':
      if (flow.pendingMoney !== undefined) return moneyConfirmQuestion(flow.pendingMoney);
      return flow.field ? askField(flow.field, ctx) : { text: [text('edit.which_field')], choices: fieldChoices };
    case 'erase_confirm':
      return { text: [text('erase.confirm')], choices: yesNoChoices };
    case 'checkin':
      return checkinQuestion(state, flow, ctx);
    case 'workshop_pick':
    case 'workshop_feedback':
      return workshopFlowQuestion(flow);
  }
}

export function moneyConfirmQuestion(guess: number): OutgoingMessage {
  return { text: [text('money.confirm', { amount: guess })], choices: yesNoChoices };
}

export const fieldChoices: readonly Text[] = ['name', 'business', 'sector', 'kecamatan', 'phone', 'year', 'omzet'].map((f) =>
  text(`field.${f}`),
);

export function summaryQuestion(draft: ProfileDraft, ctx: TurnContext): OutgoingMessage {
  return { text: [text('signup.summary', profileParams(draft, ctx))], choices: [text('signup.summary_save')] };
}
