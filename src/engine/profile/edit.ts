import { readMoneyConfirm } from '../parse/understand/index.js';
import { understood } from '../core/answers.js';
import type { FlowDef, Kit } from '../core/capability.js';
import { moneyConfirmQuestion } from '../core/money.js';
import { say } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { done, next, type Step } from '../core/steps.js';
import { text } from '../core/text.js';
import type { Input } from '../core/vocabulary.js';
import type { TurnContext } from '../unions.js';
import { askField, fieldChoices, readContext, readField, readFieldChoice } from './fields.js';
import type { EditFlow, ProfileField } from './state.js';

// `ubah <field>`: a registered person changes one field of their profile. The field is read
// the way the profile names it (`ubah bidang usaha`, `ubah tahun mulai usaha`, `ubah 3`).

export function startEdit(state: ConversationState, fieldWords: string | null, ctx: TurnContext, kit: Kit): TurnResult {
  const pick = fieldWords ? readFieldChoice(fieldWords, ctx, state.lang) : null;
  return kit.start(state, { name: 'edit', field: pick?.kind === 'value' ? pick.value : null });
}

type Where = { readonly state: ConversationState; readonly ctx: TurnContext; readonly kit: Kit };

export const editFlowDef: FlowDef<EditFlow> = {
  name: 'edit',
  question(flow, _state, ctx) {
    if (flow.pendingMoney !== undefined) return moneyConfirmQuestion(flow.pendingMoney);
    return flow.field ? askField(flow.field, ctx) : { text: [text('edit.which_field')], choices: fieldChoices };
  },
  read(flow, input, state, ctx, kit) {
    const where = { state, ctx, kit };
    if (flow.field === null) return chooseField(input, where);
    if (flow.pendingMoney !== undefined) return answerMoneyGuess(flow.field, flow.pendingMoney, input, where);
    if (flow.field === 'phone' && input.kind === 'contact') return saveField('phone', input.text);
    return answerField(flow, flow.field, input, where);
  },
};

function chooseField(input: Input, where: Where): Step<EditFlow> {
  const reading = readFieldChoice(input.text, where.ctx, where.state.lang);
  return understood(reading, input, { id: 'edit_field' }, where, ({ value }) => next({ name: 'edit', field: value }));
}

function answerField(flow: EditFlow, field: ProfileField, input: Input, where: Where): Step<EditFlow> {
  const reading = readField(field, input.text, where.ctx, where.state.lang);
  if (reading.kind === 'ask' && reading.reason === 'no_unit' && reading.guess !== undefined) return next({ name: 'edit', field, pendingMoney: reading.guess });
  const kept: EditFlow = reading.kind === 'ask' && reading.reason === 'ambiguous' && reading.activity ? { ...flow, activity: reading.activity } : flow;
  const step = understood(reading, input, { id: field }, where, ({ value, activity }) => saveField(field, value, field === 'sector' ? (activity ?? kept.activity ?? null) : undefined));
  return step.kind === 'retry' && kept !== flow ? { ...step, flow: kept } : step;
}

function answerMoneyGuess(field: ProfileField, guess: number, input: Input, where: Where): Step<EditFlow> {
  const reading = readMoneyConfirm(input.text, where.ctx.vocabulary, { ...readContext(where.ctx, where.state.lang, [true, false]), guess });
  return understood(reading, input, { id: 'money_confirm' }, where, ({ value: confirmed }) => {
    if (confirmed === true) return saveField(field, guess);
    if (confirmed === false) return next({ name: 'edit', field }, { before: [text('money.reask')] });
    return saveField(field, confirmed.amount);
  });
}

/** `activity`: with a new sector, the person's own words for it (null: none given this time). */
function saveField(field: ProfileField, value: string | number, activity?: string | null): Step<EditFlow> {
  const event = { type: 'profile_updated' as const, field, value, ...(activity !== undefined ? { activity } : {}) };
  return done([event, say(text('edit.done', { field: { key: `field.${field}` } }))], (s) => ({ ...s, menuShown: false }));
}
