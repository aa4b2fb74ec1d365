import { understood } from '../core/answers.js';
import type { FlowDef, Kit } from '../core/capability.js';
import { result, say, yesNoChoices } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { done, next, type Step } from '../core/steps.js';
import { text } from '../core/text.js';
import { readConsent } from '../parse/understand/index.js';
import { readContext } from '../profile/fields.js';
import { startSignup } from '../signup/flow.js';
import type { TurnContext } from '../unions.js';
import type { ImportedFlow } from './state.js';

// A number in the office's register was typed by staff, not vouched for: when the chat whose
// channel vouches for it writes, it is shown the name and business on record and asked "is
// this you?"; only "ya" and then consent link it (the runtime gives the member number).
// "bukan" goes on as an ordinary sign-up and the record stays; refusing consent is a sign-up's
// refusal. Nothing else of the record is shown before the link.

const WRONG_NUMBER = /\bsalah\s+(?:orang|sambung|nomor|nomer|kirim)\b/iu;

const CONFIRM_CHOICES = [text('import.link.yes'), text('import.link.no')];

/** This chat may be asked about an imported record: unregistered, a match on record, never said "bukan". */
export function offersMatch(state: ConversationState, ctx: TurnContext): boolean {
  return ctx.person === null && !ctx.staff && !!ctx.imported && state.imported?.declined !== true;
}

export function startConfirm(state: ConversationState, kit: Kit, kept: Pick<ImportedFlow, 'signup' | 'contact'> = {}): TurnResult {
  return kit.start(state, { name: 'imported', step: 'confirm', ...kept }, text('import.link.found'));
}

export const importedFlowDef: FlowDef<ImportedFlow> = {
  name: 'imported',
  question(flow, _state, ctx) {
    const match = ctx.imported;
    if (!match) return null;
    if (flow.step === 'confirm') {
      const key = match.business ? 'import.link.confirm' : 'import.link.confirm_no_business';
      return { text: [text(key, { name: match.name, business: match.business ?? '' })], choices: CONFIRM_CHOICES };
    }
    // Sign-up's own consent text: the version recorded with the consent is that text's.
    return { text: [text(flow.consentShown ? 'signup.consent_short' : 'signup.consent')], choices: yesNoChoices };
  },
  read(flow, input, state, ctx, kit) {
    if (!ctx.imported) return { kind: 'turn', turn: gone(state, kit) };
    const where = { state, ctx, kit };
    const reading = readConsent(input.text, ctx.vocabulary, readContext(ctx, state.lang, [true, false]));
    if (flow.step === 'confirm') {
      // What a stranger answers a message meant for someone else.
      if (WRONG_NUMBER.test(input.text)) return { kind: 'turn', turn: notThem(flow, state, kit) };
      return understood(reading, input, { id: 'imported_confirm' }, where, ({ value: isThem }) => (isThem ? confirmed(flow, state, ctx) : { kind: 'turn', turn: notThem(flow, state, kit) }));
    }
    const step = understood(reading, input, { id: 'consent' }, where, ({ value: agreed }) => (agreed ? claim(state, ctx, ctx.now.toISOString()) : refused()));
    // Asked again, only the short question.
    return step.kind === 'retry' ? { ...step, flow: { ...flow, consentShown: true } } : step;
  },
  cancel(state, _flow, _ctx, kit) {
    return result({ ...state, flow: null, strikes: 0, menuShown: true }, say(text('import.link.cancelled')), kit.menu());
  },
};

/** "Ya, itu saya": consent next, unless a sign-up they were in already had it. */
function confirmed(flow: ImportedFlow, state: ConversationState, ctx: TurnContext): Step<ImportedFlow> {
  if (flow.signup?.consentedAt) return claim(state, ctx, flow.signup.consentedAt);
  return next({ name: 'imported', step: 'consent' });
}

function claim(state: ConversationState, ctx: TurnContext, decidedAt: string): Step<ImportedFlow> {
  return done([{ type: 'imported_person_claimed', consent: { version: ctx.consentVersion, decidedAt, lang: state.lang } }]);
}

function refused(): Step<ImportedFlow> {
  return done([{ type: 'consent_refused' }, say(text('signup.consent_refused'))]);
}

/** "Bukan": never asked about this record again; an ordinary sign-up (or the one they were in) goes on. */
function notThem(flow: ImportedFlow, state: ConversationState, kit: Kit): TurnResult {
  const declined: ConversationState = { ...state, flow: null, imported: { declined: true } };
  const sorry = say(text('import.link.not_them'));
  if (flow.signup && flow.contact && flow.signup.step === 'phone') {
    const resumed = kit.startWith(declined, flow.signup, { type: 'message', kind: 'contact', text: flow.contact, contactIsOwn: true });
    return { state: resumed.state, events: [sorry, ...resumed.events] };
  }
  if (flow.signup) return kit.start(declined, flow.signup, text('import.link.not_them'));
  const started = startSignup(declined, kit);
  return { state: started.state, events: [sorry, ...started.events] };
}

/** The record was linked elsewhere or erased meanwhile: an ordinary welcome. */
function gone(state: ConversationState, kit: Kit): TurnResult {
  const greeted = kit.welcome({ ...state, flow: null });
  return { state: greeted.state, events: [say(text('import.link.gone')), ...greeted.events] };
}
