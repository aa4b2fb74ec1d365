import { readConsent, readMoneyConfirm } from '../parse/understand/index.js';
import { parseYesNo } from '../parse/yesno.js';
import { understood } from '../core/answers.js';
import type { FlowDef, Kit } from '../core/capability.js';
import { moneyConfirmQuestion } from '../core/money.js';
import { say, yesNoChoices } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { done, next, type Step } from '../core/steps.js';
import { text } from '../core/text.js';
import type { Input, OutgoingMessage, Text } from '../core/vocabulary.js';
import { PROFILE_FIELDS, askField, draftValue, fieldChoices, profileParams, readContext, readField, readFieldChoice, withField } from '../profile/fields.js';
import type { ProfileDraft, ProfileField } from '../profile/state.js';
import type { TurnContext } from '../unions.js';
import type { SignupFlow } from './state.js';

// Sign-up by chat: welcome → consent → the profile fields in order → summary → saved.
// Nothing is stored until the person says "ya" at the summary.

export function startSignup(state: ConversationState, kit: Kit): TurnResult {
  const started = kit.start(state, { name: 'signup', step: 'consent', draft: {} });
  const flow = started.state.flow?.name === 'signup' ? { ...started.state.flow, consentShown: true } : started.state.flow;
  return { state: { ...started.state, flow }, events: [say(text('signup.welcome')), ...started.events] };
}

export const signupFlowDef: FlowDef<SignupFlow> = {
  name: 'signup',
  question(flow, _state, ctx) {
    if (flow.pendingMoney !== undefined) return moneyConfirmQuestion(flow.pendingMoney);
    // The whole consent text once; asked again, only the question itself.
    if (flow.step === 'consent') return { text: [text(flow.consentShown ? 'signup.consent_short' : 'signup.consent')], choices: yesNoChoices };
    if (flow.step === 'summary') return flow.choosingField ? { text: [text('signup.which_field')], choices: fieldChoices } : summaryQuestion(flow.draft, ctx);
    return askField(flow.step, ctx);
  },
  read(flow, input, state, ctx, kit) {
    const where = { state, ctx, kit };
    if (flow.step === 'consent') return answerConsent(flow, input, where);
    if (flow.step === 'summary') return answerSummary(flow, input, state, ctx, kit);
    if (flow.pendingMoney !== undefined) return answerMoneyGuess(flow, flow.step, flow.pendingMoney, input, where);
    if (flow.step === 'phone' && input.kind === 'contact') return acceptAnswer({ ...flow, phoneVerified: input.contactIsOwn === true }, 'phone', input.text);
    return answerField(flow, flow.step, input, where);
  },
};

type Where = { readonly state: ConversationState; readonly ctx: TurnContext; readonly kit: Kit };

function summaryQuestion(draft: ProfileDraft, ctx: TurnContext): OutgoingMessage {
  return { text: [text('signup.summary', profileParams(draft, ctx))], choices: [text('signup.summary_save')] };
}

function answerConsent(flow: SignupFlow, input: Input, where: Where): Step<SignupFlow> {
  const reading = readConsent(input.text, where.ctx.vocabulary, readContext(where.ctx, where.state.lang, [true, false]));
  return understood(reading, input, { id: 'consent' }, where, ({ value: agreed }) => {
    if (!agreed) return done([{ type: 'consent_refused' }, say(text('signup.consent_refused'))]);
    const phone = where.ctx.verifiedPhone ?? undefined;
    const consented: SignupFlow = { ...flow, consentedAt: where.ctx.now.toISOString(), draft: phone ? { phone } : {}, phoneVerified: phone !== undefined };
    return advance(consented, text('signup.consent_thanks'));
  });
}

/** A profile field read out of the whole message; a bare figure as omzet is confirmed first. */
function answerField(flow: SignupFlow, field: ProfileField, input: Input, where: Where): Step<SignupFlow> {
  const reading = readField(field, input.text, where.ctx, where.state.lang);
  if (reading.kind === 'ask' && reading.reason === 'no_unit' && reading.guess !== undefined) return next({ ...flow, pendingMoney: reading.guess });
  // "jual ikan" asked back (trade or fisheries?): their words are kept for the answer that follows.
  const kept = reading.kind === 'ask' && reading.reason === 'ambiguous' && reading.activity ? { ...flow, draft: { ...flow.draft, activity: reading.activity } } : flow;
  const step = understood(reading, input, { id: field }, where, (read) => {
    const withActivity = field === 'sector' ? { ...kept, draft: { ...kept.draft, ...(read.activity ? { activity: read.activity } : {}) } } : kept;
    // A typed number is never vouched for, even where the channel gave one before.
    return acceptAnswer(field === 'phone' ? { ...withActivity, phoneVerified: false } : withActivity, field, read.value);
  });
  return step.kind === 'retry' && kept !== flow ? { ...step, flow: kept } : step;
}

function answerMoneyGuess(flow: SignupFlow, field: ProfileField, guess: number, input: Input, where: Where): Step<SignupFlow> {
  const { pendingMoney: _guess, ...rest } = flow;
  const reading = readMoneyConfirm(input.text, where.ctx.vocabulary, { ...readContext(where.ctx, where.state.lang, [true, false]), guess });
  return understood(reading, input, { id: 'money_confirm' }, where, ({ value: confirmed }) => {
    if (confirmed === true) return acceptAnswer(rest, field, guess);
    if (confirmed === false) return next(rest, { before: [text('money.reask')] });
    return acceptAnswer(rest, field, confirmed.amount);
  });
}

function acceptAnswer(flow: SignupFlow, field: ProfileField, value: string | number): Step<SignupFlow> {
  const answered: SignupFlow = { ...flow, draft: withField(flow.draft, field, value) };
  if (flow.backToSummary) return next({ ...answered, backToSummary: false, step: 'summary' });
  return advance(answered);
}

/** Moves to the first field not yet answered, or to the summary when all are. */
function advance(flow: SignupFlow, ...before: Text[]): Step<SignupFlow> {
  const missing = PROFILE_FIELDS.find((f) => draftValue(f, flow.draft) === undefined);
  return next({ ...flow, step: missing ?? 'summary' }, { before });
}

function answerSummary(flow: SignupFlow, input: Input, state: ConversationState, ctx: TurnContext, kit: Kit): Step<SignupFlow> {
  // After "which one?" the numbers are the fields' (1 = name), no longer the save button's.
  if (flow.choosingField) return chooseField(flow, input, { state, ctx, kit });
  const yesNo = parseYesNo(input.text);
  // The summary offers one button, "Ya, simpan": its label and its number 1 both save.
  if (yesNo === 'yes' || /^\s*((ya|iya|ok)\W+)?simpan\W*$/i.test(input.text) || /^\s*1\s*[.)]?\s*$/.test(input.text)) return register(flow, state, ctx, kit);
  const field = /\d/.test(input.text) ? null : readFieldChoice(input.text, ctx, state.lang);
  if (field?.kind === 'value') return next({ ...flow, step: field.value, backToSummary: true });
  const choosing: SignupFlow = { ...flow, choosingField: true };
  if (yesNo === 'no') return { kind: 'next', flow: choosing };
  return { kind: 'retry', reasons: [text('signup.summary_retry')], flow: choosing };
}

/** "Data mana yang ingin diubah?": a field by its name or its number in the list shown. */
function chooseField(flow: SignupFlow, input: Input, where: Where): Step<SignupFlow> {
  const { choosingField: _choosing, ...rest } = flow;
  const reading = readFieldChoice(input.text, where.ctx, where.state.lang);
  return understood(reading, input, { id: 'edit_field' }, where, ({ value }) => next({ ...rest, step: value, backToSummary: true }));
}

function register(flow: SignupFlow, state: ConversationState, ctx: TurnContext, kit: Kit): Step<SignupFlow> {
  const d = flow.draft;
  if (d.name === undefined || d.business === undefined || d.sectorId === undefined || d.kecamatanId === undefined || d.year === undefined || d.omzet === undefined) {
    return advance(flow);
  }
  return done(
    [
      {
        type: 'person_registered',
        profile: { name: d.name, business: d.business, sectorId: d.sectorId, activity: d.activity ?? null, kecamatanId: d.kecamatanId, year: d.year, omzet: d.omzet, phone: d.phone ?? null },
        phoneVerified: flow.phoneVerified === true,
        consent: { version: ctx.consentVersion, decidedAt: flow.consentedAt ?? ctx.now.toISOString(), lang: state.lang },
      },
      say(text('signup.done', { name: d.name })),
      // The turn's context still says they are not registered; from now on they are.
      kit.menu(true),
    ],
    (s) => ({ ...s, menuShown: true }),
  );
}
