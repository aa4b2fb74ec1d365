import { parseChoice } from '../parse/choice.js';
import { parseYesNo } from '../parse/yesno.js';
import type { FlowDef, Kit } from '../core/capability.js';
import { moneyConfirmQuestion } from '../core/money.js';
import { say, yesNoChoices } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { done, next, retry, retryIn, type Step } from '../core/steps.js';
import { text } from '../core/text.js';
import type { Input, OutgoingMessage, Text } from '../core/vocabulary.js';
import { FIELD_CHOICES, PROFILE_FIELDS, askField, draftValue, fieldChoices, parseField, profileParams, withField, type FieldAnswer } from '../profile/fields.js';
import type { ProfileDraft, ProfileField } from '../profile/state.js';
import type { TurnContext } from '../unions.js';
import type { SignupFlow } from './state.js';

// Sign-up by chat: welcome → consent → the profile fields in order → summary → saved.
// Nothing is stored until the person says "ya" at the summary.

export function startSignup(state: ConversationState, kit: Kit): TurnResult {
  const started = kit.start(state, { name: 'signup', step: 'consent', draft: {} });
  return { state: started.state, events: [say(text('signup.welcome')), ...started.events] };
}

export const signupFlowDef: FlowDef<SignupFlow> = {
  name: 'signup',
  question(flow, _state, ctx) {
    if (flow.pendingMoney !== undefined) return moneyConfirmQuestion(flow.pendingMoney);
    if (flow.step === 'consent') return { text: [text('signup.consent')], choices: yesNoChoices };
    if (flow.step === 'summary') return summaryQuestion(flow.draft, ctx);
    return askField(flow.step, ctx);
  },
  read(flow, input, state, ctx, kit) {
    if (flow.step === 'consent') return answerConsent(flow, input, ctx);
    if (flow.step === 'summary') return answerSummary(flow, input, state, ctx, kit);
    if (flow.pendingMoney !== undefined) return answerMoneyGuess(flow, flow.step, flow.pendingMoney, input, ctx);
    if (flow.step === 'phone' && input.kind === 'contact') return acceptAnswer({ ...flow, phoneVerified: input.contactIsOwn === true }, 'phone', input.text);
    return applyAnswer(flow, flow.step, parseField(flow.step, input.text, ctx));
  },
};

function summaryQuestion(draft: ProfileDraft, ctx: TurnContext): OutgoingMessage {
  return { text: [text('signup.summary', profileParams(draft, ctx))], choices: [text('signup.summary_save')] };
}

function answerConsent(flow: SignupFlow, input: Input, ctx: TurnContext): Step<SignupFlow> {
  const answer = parseYesNo(input.text);
  if (answer === 'no') return done([say(text('signup.consent_refused'))]);
  if (answer === null) return retry(text('signup.consent_retry'));
  const phone = ctx.verifiedPhone ?? undefined;
  const consented: SignupFlow = { ...flow, consentedAt: ctx.now.toISOString(), draft: phone ? { phone } : {}, phoneVerified: phone !== undefined };
  return advance(consented, text('signup.consent_thanks'));
}

function applyAnswer(flow: SignupFlow, field: ProfileField, answer: FieldAnswer): Step<SignupFlow> {
  switch (answer.kind) {
    case 'retry':
      return retryIn(flow, answer.reason);
    case 'confirm_money':
      return next({ ...flow, pendingMoney: answer.guess });
    case 'ok':
      // A typed number is never vouched for, even where the channel gave one before.
      return acceptAnswer(field === 'phone' ? { ...flow, phoneVerified: false } : flow, field, answer.value);
  }
}

function answerMoneyGuess(flow: SignupFlow, field: ProfileField, guess: number, input: Input, ctx: TurnContext): Step<SignupFlow> {
  const { pendingMoney: _guess, ...rest } = flow;
  const yesNo = parseYesNo(input.text);
  if (yesNo === 'yes') return acceptAnswer(rest, field, guess);
  if (yesNo === 'no') return next(rest, { before: [text('money.reask')] });
  return applyAnswer(rest, 'omzet', parseField('omzet', input.text, ctx));
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
  const yesNo = parseYesNo(input.text);
  // The summary offers one button, "Ya, simpan": its label and its number 1 both save.
  if (yesNo === 'yes' || /^\s*((ya|iya|ok)\W+)?simpan\W*$/i.test(input.text) || /^\s*1\s*[.)]?\s*$/.test(input.text)) return register(flow, state, ctx, kit);
  const field = parseChoice(input.text, FIELD_CHOICES);
  if (field.kind === 'ok') return next({ ...flow, step: field.value, backToSummary: true });
  const whichField = { text: [text('signup.which_field')], choices: fieldChoices };
  if (yesNo === 'no') return { kind: 'stay', events: [{ type: 'message_created', ...whichField }] };
  return { kind: 'retry', reasons: [text('signup.summary_retry')], question: whichField };
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
        profile: { name: d.name, business: d.business, sectorId: d.sectorId, kecamatanId: d.kecamatanId, year: d.year, omzet: d.omzet, phone: d.phone ?? null },
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
