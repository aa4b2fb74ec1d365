import { parseChoice } from '../parse/choice.js';
import { parseYesNo } from '../parse/yesno.js';
import { FIELD_CHOICES, PROFILE_FIELDS, askField, draftValue, parseField, withField, type FieldAnswer } from '../profile/fields.js';
import { currentQuestion, fieldChoices, result, retry, say, sayMessage, summaryQuestion, text, yesNoChoices } from '../core/replies.js';
import { menuMessage } from '../core/menu.js';
import type { ConversationState, Flow, Input, ProfileField, TurnContext, TurnResult } from '../core/types.js';

// Sign-up by chat: welcome → consent → the profile fields in order → summary → saved.
// Nothing is stored until the person says "ya" at the summary.

type SignupFlow = Extract<Flow, { name: 'signup' }>;

export function startSignup(state: ConversationState, ctx: TurnContext): TurnResult {
  const flow: SignupFlow = { name: 'signup', step: 'consent', draft: {} };
  return result(
    { ...state, flow, strikes: 0, menuShown: false },
    say(text('signup.welcome')),
    { type: 'message_created', text: [text('signup.consent')], choices: yesNoChoices },
  );
}

export function continueSignup(state: ConversationState, flow: SignupFlow, input: Input, ctx: TurnContext): TurnResult {
  if (flow.step === 'consent') return answerConsent(state, flow, input, ctx);
  if (flow.step === 'summary') return answerSummary(state, flow, input, ctx);
  if (flow.pendingMoney !== undefined) return answerMoneyGuess(state, flow, flow.pendingMoney, input, ctx);
  if (flow.step === 'phone' && input.kind === 'contact') {
    return acceptAnswer(state, { ...flow, phoneVerified: input.contactIsOwn === true }, 'phone', input.text, ctx);
  }
  const answer = parseField(flow.step, input.text, ctx);
  return applyAnswer(state, flow, flow.step, answer, ctx);
}

function answerConsent(state: ConversationState, flow: SignupFlow, input: Input, ctx: TurnContext): TurnResult {
  const answer = parseYesNo(input.text);
  if (answer === 'no') return result({ ...state, flow: null, strikes: 0 }, say(text('signup.consent_refused')));
  if (answer === null) return retry(state, text('signup.consent_retry'), currentQuestion(state, ctx)!);
  const phone = ctx.verifiedPhone ?? undefined;
  const next: SignupFlow = {
    ...flow,
    consentedAt: ctx.now.toISOString(),
    draft: phone ? { phone } : {},
    phoneVerified: phone !== undefined,
  };
  return advance(state, next, ctx, text('signup.consent_thanks'));
}

function applyAnswer(state: ConversationState, flow: SignupFlow, field: ProfileField, answer: FieldAnswer, ctx: TurnContext): TurnResult {
  switch (answer.kind) {
    case 'retry':
      return retry(state, answer.reason, askField(field, ctx));
    case 'confirm_money': {
      const next: SignupFlow = { ...flow, pendingMoney: answer.guess };
      return result({ ...state, flow: next, strikes: 0 }, sayMessage(currentQuestion({ ...state, flow: next }, ctx)!));
    }
    case 'ok':
      return acceptAnswer(state, flow, field, answer.value, ctx);
  }
}

function answerMoneyGuess(state: ConversationState, flow: SignupFlow, pendingMoney: number, input: Input, ctx: TurnContext): TurnResult {
  const { pendingMoney: _guess, ...rest } = flow;
  const yesNo = parseYesNo(input.text);
  if (yesNo === 'yes') return acceptAnswer(state, rest, flow.step as ProfileField, pendingMoney, ctx);
  if (yesNo === 'no') return result({ ...state, flow: rest }, sayMessage(askField('omzet', ctx), text('money.reask')));
  return applyAnswer(state, rest, 'omzet', parseField('omzet', input.text, ctx), ctx);
}

function acceptAnswer(state: ConversationState, flow: SignupFlow, field: ProfileField, value: string | number, ctx: TurnContext): TurnResult {
  const typedPhone = field === 'phone' && flow.phoneVerified !== true;
  const next: SignupFlow = {
    ...flow,
    draft: withField(flow.draft, field, value),
    ...(typedPhone ? { phoneVerified: false } : {}),
  };
  if (flow.backToSummary) return showSummary(state, { ...next, backToSummary: false }, ctx);
  return advance(state, next, ctx);
}

/** Moves to the first field not yet answered, or to the summary when all are. */
function advance(state: ConversationState, flow: SignupFlow, ctx: TurnContext, ...before: ReturnType<typeof text>[]): TurnResult {
  const missing = PROFILE_FIELDS.find((f) => draftValue(f, flow.draft) === undefined);
  if (!missing) return showSummary(state, flow, ctx, ...before);
  const next: SignupFlow = { ...flow, step: missing };
  return result({ ...state, flow: next, strikes: 0 }, sayMessage(askField(missing, ctx), ...before));
}

function showSummary(state: ConversationState, flow: SignupFlow, ctx: TurnContext, ...before: ReturnType<typeof text>[]): TurnResult {
  const next: SignupFlow = { ...flow, step: 'summary' };
  return result({ ...state, flow: next, strikes: 0 }, sayMessage(summaryQuestion(next.draft, ctx), ...before));
}

function answerSummary(state: ConversationState, flow: SignupFlow, input: Input, ctx: TurnContext): TurnResult {
  const yesNo = parseYesNo(input.text);
  // The summary offers one button, "Ya, simpan": its label and its number 1 both save.
  if (yesNo === 'yes' || /^\s*((ya|iya|ok)\W+)?simpan\W*$/i.test(input.text) || /^\s*1\s*[.)]?\s*$/.test(input.text)) {
    return register(state, flow, ctx);
  }
  const field = parseChoice(input.text, FIELD_CHOICES);
  if (field.kind === 'ok') {
    const next: SignupFlow = { ...flow, step: field.value, backToSummary: true };
    return result({ ...state, flow: next, strikes: 0 }, sayMessage(askField(field.value, ctx)));
  }
  if (yesNo === 'no') return result(state, { type: 'message_created', text: [text('signup.which_field')], choices: fieldChoices });
  return retry(state, text('signup.summary_retry'), { text: [text('signup.which_field')], choices: fieldChoices });
}

function register(state: ConversationState, flow: SignupFlow, ctx: TurnContext): TurnResult {
  const d = flow.draft;
  if (d.name === undefined || d.business === undefined || d.sectorId === undefined || d.kecamatanId === undefined || d.year === undefined || d.omzet === undefined) {
    return advance(state, flow, ctx);
  }
  return result(
    { ...state, flow: null, strikes: 0, menuShown: true },
    {
      type: 'person_registered',
      profile: { name: d.name, business: d.business, sectorId: d.sectorId, kecamatanId: d.kecamatanId, year: d.year, omzet: d.omzet, phone: d.phone ?? null },
      phoneVerified: flow.phoneVerified === true,
      consent: { version: ctx.consentVersion, decidedAt: flow.consentedAt ?? ctx.now.toISOString(), lang: state.lang },
    },
    say(text('signup.done', { name: d.name })),
    menuMessage(true),
  );
}
