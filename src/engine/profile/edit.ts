import { parseChoice } from '../parse/choice.js';
import { parseYesNo } from '../parse/yesno.js';
import type { FlowDef, Kit } from '../core/capability.js';
import { moneyConfirmQuestion } from '../core/money.js';
import { say } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { done, next, retry, retryIn, type Step } from '../core/steps.js';
import { text } from '../core/text.js';
import type { Input } from '../core/vocabulary.js';
import type { TurnContext } from '../unions.js';
import { FIELD_CHOICES, askField, fieldChoices, parseField, type FieldAnswer } from './fields.js';
import type { EditFlow, ProfileField } from './state.js';

// `ubah <field>`: a registered person changes one field of their profile.

export function startEdit(state: ConversationState, fieldWords: string | null, kit: Kit): TurnResult {
  const pick = fieldWords ? parseChoice(fieldWords, FIELD_CHOICES) : null;
  return kit.start(state, { name: 'edit', field: pick?.kind === 'ok' ? pick.value : null });
}

export const editFlowDef: FlowDef<EditFlow> = {
  name: 'edit',
  question(flow, _state, ctx) {
    if (flow.pendingMoney !== undefined) return moneyConfirmQuestion(flow.pendingMoney);
    return flow.field ? askField(flow.field, ctx) : { text: [text('edit.which_field')], choices: fieldChoices };
  },
  read(flow, input, _state, ctx) {
    if (flow.field === null) return chooseField(input);
    if (flow.pendingMoney !== undefined) return answerMoneyGuess(flow.field, flow.pendingMoney, input, ctx);
    if (flow.field === 'phone' && input.kind === 'contact') return saveField('phone', input.text);
    return applyAnswer(flow.field, parseField(flow.field, input.text, ctx));
  },
};

function chooseField(input: Input): Step<EditFlow> {
  const pick = parseChoice(input.text, FIELD_CHOICES);
  if (pick.kind !== 'ok') return retry(text('edit.unknown_field'));
  return next({ name: 'edit', field: pick.value });
}

function answerMoneyGuess(field: ProfileField, guess: number, input: Input, ctx: TurnContext): Step<EditFlow> {
  const yesNo = parseYesNo(input.text);
  if (yesNo === 'yes') return saveField(field, guess);
  const back: EditFlow = { name: 'edit', field };
  if (yesNo === 'no') return next(back, { before: [text('money.reask')] });
  return applyAnswer(field, parseField(field, input.text, ctx), back);
}

function applyAnswer(field: ProfileField, answer: FieldAnswer, stayIn?: EditFlow): Step<EditFlow> {
  switch (answer.kind) {
    case 'retry':
      return stayIn ? retryIn(stayIn, answer.reason) : retry(answer.reason);
    case 'confirm_money':
      return next({ name: 'edit', field, pendingMoney: answer.guess });
    case 'ok':
      return saveField(field, answer.value);
  }
}

function saveField(field: ProfileField, value: string | number): Step<EditFlow> {
  return done([{ type: 'profile_updated', field, value }, say(text('edit.done', { field: { key: `field.${field}` } }))], (s) => ({ ...s, menuShown: false }));
}
