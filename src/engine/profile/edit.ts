import { parseChoice } from '../parse/choice.js';
import { parseYesNo } from '../parse/yesno.js';
import { FIELD_CHOICES, askField, parseField, type FieldAnswer } from './fields.js';
import { currentQuestion, result, retry, say, sayMessage, text } from '../core/replies.js';
import type { ConversationState, Flow, Input, ProfileField, TurnContext, TurnResult } from '../core/types.js';

// `ubah <field>`: a registered person changes one field of their profile.

type EditFlow = Extract<Flow, { name: 'edit' }>;

export function startEdit(state: ConversationState, fieldWords: string | null, ctx: TurnContext): TurnResult {
  const pick = fieldWords ? parseChoice(fieldWords, FIELD_CHOICES) : null;
  const field = pick?.kind === 'ok' ? pick.value : null;
  const next: ConversationState = { ...state, flow: { name: 'edit', field }, strikes: 0, menuShown: false };
  return result(next, sayMessage(currentQuestion(next, ctx)!));
}

export function continueEdit(state: ConversationState, flow: EditFlow, input: Input, ctx: TurnContext): TurnResult {
  if (flow.field === null) return chooseField(state, input, ctx);
  if (flow.pendingMoney !== undefined) {
    const yesNo = parseYesNo(input.text);
    if (yesNo === 'yes') return saveField(state, flow.field, flow.pendingMoney);
    const back: ConversationState = { ...state, flow: { name: 'edit', field: flow.field } };
    if (yesNo === 'no') return result(back, sayMessage(askField(flow.field, ctx), text('money.reask')));
    return applyAnswer(back, flow.field, parseField(flow.field, input.text, ctx), ctx);
  }
  if (flow.field === 'phone' && input.kind === 'contact') return saveField(state, 'phone', input.text);
  return applyAnswer(state, flow.field, parseField(flow.field, input.text, ctx), ctx);
}

function chooseField(state: ConversationState, input: Input, ctx: TurnContext): TurnResult {
  const pick = parseChoice(input.text, FIELD_CHOICES);
  if (pick.kind !== 'ok') return retry(state, text('edit.unknown_field'), currentQuestion(state, ctx)!);
  const next: ConversationState = { ...state, flow: { name: 'edit', field: pick.value }, strikes: 0 };
  return result(next, sayMessage(askField(pick.value, ctx)));
}

function applyAnswer(state: ConversationState, field: ProfileField, answer: FieldAnswer, ctx: TurnContext): TurnResult {
  switch (answer.kind) {
    case 'retry':
      return retry(state, answer.reason, askField(field, ctx));
    case 'confirm_money': {
      const next: ConversationState = { ...state, flow: { name: 'edit', field, pendingMoney: answer.guess }, strikes: 0 };
      return result(next, sayMessage(currentQuestion(next, ctx)!));
    }
    case 'ok':
      return saveField(state, field, answer.value);
  }
}

function saveField(state: ConversationState, field: ProfileField, value: string | number): TurnResult {
  return result(
    { ...state, flow: null, strikes: 0, menuShown: false },
    { type: 'profile_updated', field, value },
    say(text('edit.done', { field: { key: `field.${field}` } })),
  );
}
