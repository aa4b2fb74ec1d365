import { plausible, readConsent, readMoneyConfirm } from '../parse/understand/index.js';
import type { FlowDef, Kit } from '../core/capability.js';
import { result, say } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { done, next, retry, retryIn, type Step } from '../core/steps.js';
import { text } from '../core/text.js';
import type { Input, Text, TextParam } from '../core/vocabulary.js';
import type { EngineEvent, TurnContext } from '../unions.js';
import { growthStatus, growthWindows, omzetChange, type Growth } from './growth.js';
import { aside, checkinQuestion, freshProgress, monthParams, readAnswer, readDetail, type QuestionRead, type ReadFacts } from './questions.js';
import { unansweredQuestion } from '../core/questions.js';
import { answered, readPick, readReview } from './review.js';
import type { AnswerValue, CheckinFlow, CheckinProgress } from './state.js';
import { nextQuestion, OMZET_QUESTION, type SurveyQuestion } from './survey.js';
import type { CheckinContext, CheckinSystemInput } from './vocabulary.js';
import type { Vocabulary } from '../parse/vocabulary.js';

// The monthly check-in: a few questions from the period's survey definition, then thanks
// and feedback with numbers. The person's place is `state.checkin` (period and answers so
// far) plus, while a question is open, the `checkin` flow. Each answer is an event the
// runtime stores at once, so nothing is lost if the person stops half-way.

/** `LAPOR`: starts or resumes this period's check-in, whatever the person was doing. */
export function reportCommand(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  const open = ctx.checkin;
  if (!ctx.person) return kit.resume(state, say(text('checkin.not_registered')));
  if (!open) return kit.resume(state, say(text('checkin.no_period')));
  if (open.completed) return lookAgain(state, open, kit, 'review');
  const kept = state.checkin?.period === open.period ? state.checkin : null;
  const progress = kept ? { ...kept, paused: false } : freshProgress(open.period, open.survey.version);
  return kit.apply(state, askNext(progress, open, [openingLine(progress, open, ctx)]));
}

/**
 * A report already sent, shown again until the period closes (`LAPOR`, `ubah laporan`): the
 * summary with *ubah* (or straight to "which answer?").
 */
function lookAgain(state: ConversationState, open: CheckinContext, kit: Kit, stage: 'review' | 'change'): TurnResult {
  const month = monthParams(open.period);
  if (!open.answers || Object.keys(open.answers).length === 0) return kit.resume(withoutCheckin(state), say(text('checkin.already_done', month)));
  const progress: CheckinProgress = { ...freshProgress(open.period, open.survey.version), answers: open.answers, submitted: true };
  const flow: CheckinFlow = { ...reviewFlow, stage };
  return kit.apply(state, next(flow, { before: [text('checkin.submitted_before', month)], patch: (s) => ({ ...s, checkin: progress, menuShown: false }) }));
}

const CORRECT_REPORT = /^\s*(?:ubah|ganti|koreksi|perbaiki|edit|change)\s+(?:laporan|lapor|report)(?:\s+(?:bulanan|saya|sy))?\s*[.!]*\s*$/iu;
const EDIT_WORD = /^\s*(?:ubah|ganti|koreksi|perbaiki|edit|change)\b/iu;

/**
 * Read before the global commands: `ubah laporan` from anywhere, and `ubah …` while the
 * check-in summary is shown (it means an answer of the report, not the profile).
 */
export function readCorrection(state: ConversationState, input: Input, ctx: TurnContext, kit: Kit): TurnResult | null {
  if (input.kind !== 'text') return null;
  const flow = state.flow?.name === 'checkin' ? state.flow : null;
  if (flow?.stage && EDIT_WORD.test(input.text) && !CORRECT_REPORT.test(input.text)) return kit.apply(state, checkinFlowDef.read(flow, input, state, ctx, kit));
  if (!CORRECT_REPORT.test(input.text) || !ctx.person) return null;
  const open = ctx.checkin;
  if (!open) return kit.resume(state, say(text('checkin.no_period')));
  if (open.completed) return lookAgain(state, open, kit, 'change');
  if (state.checkin?.period === open.period && Object.keys(state.checkin.answers).length > 0 && nextQuestion(open.survey, state.checkin.answers) === null) {
    return kit.apply(state, next({ ...reviewFlow, stage: 'change' }, { patch: (s) => ({ ...s, checkin: { ...state.checkin!, paused: false }, menuShown: false }) }));
  }
  return reportCommand(state, ctx, kit);
}

/** The job opened a period or sent a reminder. Idempotent: a state that already has it is left alone. */
export function checkinSystemTurn(state: ConversationState, input: CheckinSystemInput, ctx: TurnContext, kit: Kit): TurnResult {
  const open = ctx.checkin;
  if (!ctx.person || !open || open.period !== input.period || open.completed) return result(state);
  const kept = state.checkin?.period === open.period ? state.checkin : null;
  if (input.event === 'checkin_opened') {
    if (kept) return result(state);
    const progress = freshProgress(open.period, open.survey.version);
    // Someone in the middle of something else is asked when that ends.
    if (state.flow && state.flow.name !== 'checkin') return result({ ...state, checkin: progress });
    return kit.apply(state, askNext(progress, open, [openingLine(progress, open, ctx)]));
  }
  const reminder = text(input.last ? 'checkin.last_reminder' : 'checkin.reminder', monthParams(open.period));
  const progress = { ...(kept ?? freshProgress(open.period, open.survey.version)), paused: false };
  if (state.flow && state.flow.name !== 'checkin') {
    return result({ ...state, checkin: progress }, say(reminder, text('checkin.reminder_busy')));
  }
  return kit.apply(state, askNext(progress, open, [reminder]));
}

export const checkinFlowDef: FlowDef<CheckinFlow> = {
  name: 'checkin',
  question: (flow, state, ctx) => checkinQuestion(state, flow, ctx),
  read(flow, input, state, ctx, kit) {
    const open = ctx.checkin;
    const progress = state.checkin;
    if (!open || !progress || progress.period !== open.period) return periodClosed(state, ctx, kit);
    // The flow stays: the next message finds no progress and is told the period is over.
    if (open.completed && !progress.submitted) return { kind: 'turn', turn: result(withoutCheckin(state), say(text('checkin.already_done', monthParams(open.period)))) };
    const facts: ReadFacts = { ...readFacts(open, state, ctx.vocabulary), unanswered: () => unansweredQuestion(state, input.text, ctx, kit) };
    if (flow.stage === 'review') return atReview(flow, progress, open, input, facts);
    if (flow.stage === 'change') return atChange(flow, progress, open, input, facts);
    const question = open.survey.questions.find((q) => q.id === flow.question);
    if (!question) return askNext(progress, open, []);
    if (flow.pendingCheck) return answerCheck(flow.pendingCheck, progress, open, question, input, facts);
    if (flow.pendingMoney !== undefined) return answerMoneyGuess(flow.pendingMoney, progress, open, question, input, facts);
    if (flow.detailFor) {
      const detail = readDetail(input.text);
      if (detail.kind !== 'ok') return retry(detail.kind === 'retry' ? detail.reason : text('checkin.invalid_text'));
      return accept(progress, open, question, flow.detailFor.value, String(detail.value));
    }
    return answer(flow, progress, open, question, input.text, facts);
  },
  /** `batal` during the check-in: keep the answers, ask nothing until `LAPOR` (or a reminder). */
  cancel(state, _flow, _ctx, kit) {
    const progress = state.checkin;
    const next: ConversationState = { ...state, flow: null, strikes: 0, menuShown: true, ...(progress ? { checkin: { ...progress, paused: true } } : {}) };
    return result(next, say(text('checkin.paused')), kit.menu());
  },
};

// The turn's vocabulary (the city's words plus staff additions), not a copy of its own.
function readFacts(open: CheckinContext, state: ConversationState, vocabulary: Vocabulary): ReadFacts {
  return { lang: state.lang, vocabulary, previousOmzet: open.history.at(-1) ?? 0, ...(open.previousAnswers ? { previousAnswers: open.previousAnswers } : {}) };
}

const reviewFlow: CheckinFlow = { name: 'checkin', question: '', stage: 'review' };

// The summary: *ya* sends (or, for a report already sent, leaves it as it is), *ubah* asks
// which answer, `ubah omzet` goes straight to that question.
function atReview(flow: CheckinFlow, progress: CheckinProgress, open: CheckinContext, input: Input, facts: ReadFacts): Step<CheckinFlow> {
  const read = readReview(input.text, open.survey, progress, facts.vocabulary, facts.lang);
  switch (read.kind) {
    case 'send':
      if (progress.submitted) return done([say(text('checkin.kept', monthParams(progress.period)))], (s) => ({ ...withoutCheckin(s), menuShown: false }));
      return complete(progress, open, [], []);
    case 'change':
      return next({ ...flow, stage: 'change' });
    case 'pick':
      return reask(progress, open, read.question);
    case 'unclear':
      return retry(text('checkin.review_unclear'));
  }
}

function atChange(flow: CheckinFlow, progress: CheckinProgress, open: CheckinContext, input: Input, facts: ReadFacts): Step<CheckinFlow> {
  const stripped = input.text.replace(/^\s*(?:ubah|ganti|koreksi|perbaiki|edit|change)\b/iu, '');
  const pick = readPick(stripped.trim() === '' ? input.text : stripped, open.survey, progress, facts.vocabulary, facts.lang);
  if (pick) return reask(progress, open, pick.question);
  return retryIn(flow, text('checkin.change_unclear'));
}

/** Forgets one answer and asks its question again; the summary follows once all are answered. */
function reask(progress: CheckinProgress, open: CheckinContext, question: string): Step<CheckinFlow> {
  const { [question]: _dropped, ...answers } = progress.answers;
  const again = { ...progress, answers };
  return next({ name: 'checkin', question }, { patch: (s) => ({ ...s, checkin: again, menuShown: false }) });
}

// "Maksud Bapak/Ibu Rp5.000.000?": `1` or `ya` is yes — never Rp1.000.000 —, another amount
// is that amount, checked like any other.
function answerMoneyGuess(guess: number, progress: CheckinProgress, open: CheckinContext, question: SurveyQuestion, input: Input, facts: ReadFacts): Step<CheckinFlow> {
  const back: CheckinFlow = { name: 'checkin', question: question.id };
  const read = readMoneyConfirm(input.text, facts.vocabulary, { lang: facts.lang, guess, options: [true, false] });
  if (read.kind === 'value') {
    if (read.value === false) return next(back, { before: [text('money.reask')] });
    const amount = read.value === true ? guess : read.value.amount;
    return taken(back, progress, open, question, checkMoney(amount, facts.previousOmzet), facts);
  }
  if (read.kind === 'not_answer') return taken(back, progress, open, question, aside(read), facts);
  // Something else entirely: read it as an answer to the question.
  return answer(back, progress, open, question, input.text, facts);
}

// "Maksud Bapak/Ibu Rp81.234.567.890 per bulan? Laporan sebelumnya Rp5.000.000": *ya* keeps the
// figure the person insists on, *tidak* asks again, a new figure is read afresh.
function answerCheck(check: { value: number; previous?: number }, progress: CheckinProgress, open: CheckinContext, question: SurveyQuestion, input: Input, facts: ReadFacts): Step<CheckinFlow> {
  const back: CheckinFlow = { name: 'checkin', question: question.id };
  if (question.type === 'money') {
    const read = readMoneyConfirm(input.text, facts.vocabulary, { lang: facts.lang, guess: check.value, options: [true, false] });
    if (read.kind === 'value') {
      if (read.value === true) return accept(progress, open, question, check.value, null);
      if (read.value === false) return next(back, { before: [text('money.reask')] });
      return taken(back, progress, open, question, checkMoney(read.value.amount, facts.previousOmzet), facts);
    }
    return answer(back, progress, open, question, input.text, facts);
  }
  const yes = readConsent(input.text, facts.vocabulary, { lang: facts.lang, options: [true, false] });
  if (yes.kind === 'value') return yes.value ? accept(progress, open, question, check.value, null) : next(back, { before: [text('checkin.reask_count')] });
  return answer(back, progress, open, question, input.text, facts);
}

function checkMoney(amount: number, previous: number): QuestionRead {
  const checked = plausible(amount, previous);
  if (checked.kind === 'value') return { kind: 'ok', value: checked.value };
  return { kind: 'check', value: amount, ...(previous > 0 ? { previous } : {}) };
}


/** `BERHENTI`: a check-in being asked or waiting is paused, not pressed on the person. */
export function holdCheckin(state: ConversationState): ConversationState {
  if (!state.checkin) return state;
  const flow = state.flow?.name === 'checkin' ? null : state.flow;
  return { ...state, flow, checkin: { ...state.checkin, paused: true } };
}

/**
 * After any turn the person typed: if they are free now and owe this period's check-in
 * (it arrived while they were busy), ask it; a check-in of a closed period is forgotten.
 */
export function askOwedCheckin(turn: TurnResult, ctx: TurnContext, kit: Kit): TurnResult {
  const { state, events } = turn;
  const progress = state.checkin;
  if (!progress || state.flow !== null) return turn;
  if (events.some((e) => e.type === 'personal_data_erased' || e.type === 'checkin_completed')) return turn;
  const open = ctx.checkin;
  if (!ctx.person || !open || open.period !== progress.period || open.completed) return { state: withoutCheckin(state), events };
  if (progress.paused) return turn;
  const asked = kit.apply(state, askNext(progress, open, [openingLine(progress, open, ctx)]));
  return { state: asked.state, events: [...events, ...asked.events] };
}

function answer(flow: CheckinFlow, progress: CheckinProgress, open: CheckinContext, question: SurveyQuestion, raw: string, facts: ReadFacts): Step<CheckinFlow> {
  return taken(flow, progress, open, question, readAnswer(question, raw, facts), facts);
}

function taken(flow: CheckinFlow, progress: CheckinProgress, open: CheckinContext, question: SurveyQuestion, read: QuestionRead, facts: ReadFacts): Step<CheckinFlow> {
  const plain: CheckinFlow = { name: 'checkin', question: question.id };
  switch (read.kind) {
    case 'retry':
      return retryIn(flow, read.reason);
    case 'aside':
      return next(flow, { before: [read.reply] });
    case 'unanswered':
      return facts.unanswered ? { kind: 'turn', turn: facts.unanswered() } : next(flow, { before: [text('checkin.ask.question')] });
    case 'confirm_money':
      return next({ ...plain, pendingMoney: read.guess });
    case 'check':
      return next({ ...plain, pendingCheck: { value: read.value, ...(read.previous === undefined ? {} : { previous: read.previous }) } });
    case 'ok':
      if (read.needsDetail) return next({ ...plain, detailFor: { option: read.needsDetail.id, value: read.value } });
      return accept(progress, open, question, read.value, read.detail ?? null);
  }
}

function accept(progress: CheckinProgress, open: CheckinContext, question: SurveyQuestion, value: AnswerValue, detail: string | null): Step<CheckinFlow> {
  const answers = { ...progress.answers, [question.id]: detail === null ? { value } : { value, detail } };
  const answered: EngineEvent = { type: 'checkin_answered', period: progress.period, surveyVersion: progress.surveyVersion, question: question.id, value, detail };
  return askNext({ ...progress, answers }, open, [], [answered]);
}

/** Asks the first unanswered question, or finishes when there is none. */
function askNext(progress: CheckinProgress, open: CheckinContext, before: Text[], events: EngineEvent[] = []): Step<CheckinFlow> {
  const question = nextQuestion(open.survey, progress.answers);
  const patch = (s: ConversationState): ConversationState => ({ ...s, checkin: progress, menuShown: false });
  if (question) return next({ name: 'checkin', question: question.id }, { events, before, patch });
  // A report already sent is corrected at once; a new one is shown in full before it is sent.
  if (progress.submitted) return complete(progress, open, before, events);
  return next(reviewFlow, { events, before, patch });
}

function complete(progress: CheckinProgress, open: CheckinContext, before: Text[], events: EngineEvent[]): Step<CheckinFlow> {
  const omzet = Number(progress.answers[OMZET_QUESTION]?.value ?? 0);
  const previous = open.history.at(-1) ?? null;
  const growth = growthStatus([...open.history, omzet], open.growth);
  const month = monthParams(progress.period);
  return done(
    [
      ...events,
      { type: 'checkin_completed', period: progress.period, surveyVersion: progress.surveyVersion, omzet, previousOmzet: previous, growth, questions: answered(open.survey, progress).map((q) => q.id), corrected: progress.submitted === true },
      say(...before, text(progress.submitted ? 'checkin.corrected' : 'checkin.thanks', month), feedback(omzet, previous, basisOf(open), month), ...growthLines(growth, open.history.length + 1, open, month)),
    ],
    (s) => ({ ...withoutCheckin(s), menuShown: false }),
  );
}

// The status, then what was actually compared: after one report that is this month against
// the sign-up figure (or the last report), not "the average of the last months".
function growthLines(growth: Growth, reports: number, open: CheckinContext, month: Record<string, TextParam>): Text[] {
  const band = open.growth.bandPercent;
  const status = text(`checkin.growth_${growth.status}`, { band });
  if (growth.status === 'belum_cukup_data' || growth.recentAverage === null || growth.previousAverage === null) return [status];
  const counts = growthWindows(reports, open.growth);
  const shape = counts.recent === 1 && counts.previous === 1 ? 'one' : counts.previous === 1 ? 'average_one' : 'average';
  // The one figure compared with is the sign-up omzet when it is the oldest of all.
  const signup = reports - counts.recent - counts.previous === 0 && open.history.length >= 1;
  const basis = { key: signup ? 'checkin.basis_signup' : basisOf(open) };
  const params = { ...month, band, basis, recent: counts.recent, previous: counts.previous, recentAverage: growth.recentAverage, previousAverage: growth.previousAverage };
  return [status, text(`checkin.growth_${shape}_${growth.status}`, params)];
}

/** What the last figure before this report was: the sign-up omzet, a report, or a profile correction. */
function basisOf(open: CheckinContext): string {
  const source = open.lastSource ?? (open.history.length === 1 ? 'signup' : 'report');
  return { signup: 'checkin.basis_signup', report: 'checkin.basis_previous', correction: 'checkin.basis_correction' }[source];
}

function feedback(omzet: number, previous: number | null, basis: string, month: Record<string, TextParam>): Text {
  if (previous === null) return text('checkin.feedback_first', { ...month, omzet });
  const change = omzetChange(omzet, previous);
  const params = { ...month, omzet, previous, change: Math.abs(change.rupiah), basis: { key: basis } };
  if (change.rupiah === 0) return text('checkin.feedback_same', params);
  const direction = change.rupiah > 0 ? 'up' : 'down';
  if (change.percent === null) return text(`checkin.feedback_${direction}_from_zero`, params);
  return text(`checkin.feedback_${direction}`, { ...params, percent: Math.abs(change.percent) });
}

function periodClosed(state: ConversationState, ctx: TurnContext, kit: Kit): Step<CheckinFlow> {
  const closed = state.checkin?.period;
  const notice = closed ? text('checkin.closed', monthParams(closed)) : text('checkin.closed_unknown');
  const open = ctx.checkin;
  if (!ctx.person || !open || open.completed || open.period === closed) return done([say(notice), kit.menu()], (s) => ({ ...withoutCheckin(s), menuShown: true }));
  // A newer period is open and not yet answered: offer it straight away.
  const progress = freshProgress(open.period, open.survey.version);
  return askNext(progress, open, [notice, openingLine(progress, open, ctx)]);
}

function openingLine(progress: CheckinProgress, open: CheckinContext, ctx: TurnContext): Text {
  const month = monthParams(open.period);
  if (Object.keys(progress.answers).length > 0) return text('checkin.resume', month);
  const count = open.survey.questions.filter((q) => !q.askIf).length;
  return text('checkin.intro', { ...month, name: ctx.person?.name ?? '', count });
}

function withoutCheckin(state: ConversationState): ConversationState {
  const { checkin: _dropped, ...rest } = state;
  return rest;
}
