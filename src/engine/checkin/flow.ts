import { askDetail, askQuestion, checkinQuestion, freshProgress, monthParams, moneyConfirm, readAnswer, readDetail } from './questions.js';
import { growthStatus, omzetChange } from './growth.js';
import { menuMessage } from '../core/menu.js';
import { parseYesNo } from '../parse/yesno.js';
import { result, retry, say, sayMessage, text } from '../core/replies.js';
import { nextQuestion, OMZET_QUESTION, type AnswerValue, type SurveyQuestion } from './survey.js';
import type { CheckinContext, CheckinProgress, ConversationState, EngineEvent, Flow, Input, SystemInput, Text, TextParam, TurnContext, TurnResult } from '../core/types.js';

// The monthly check-in: a few questions from the period's survey definition, then thanks
// and feedback with numbers. The person's place is `state.checkin` (period and answers so
// far) plus, while a question is open, the `checkin` flow. Each answer is an event the
// runtime stores at once, so nothing is lost if the person stops half-way.

type CheckinFlow = Extract<Flow, { name: 'checkin' }>;

/** `LAPOR`: starts or resumes this period's check-in, whatever the person was doing. */
export function reportCommand(state: ConversationState, ctx: TurnContext, resume: (s: ConversationState, ...e: EngineEvent[]) => TurnResult): TurnResult {
  const open = ctx.checkin;
  if (!ctx.person) return resume(state, say(text('checkin.not_registered')));
  if (!open) return resume(state, say(text('checkin.no_period')));
  if (open.completed) return resume(withoutCheckin(state), say(text('checkin.already_done', monthParams(open.period))));
  const kept = state.checkin?.period === open.period ? state.checkin : null;
  const progress = kept ? { ...kept, paused: false } : freshProgress(open.period, open.survey.version);
  return askNext({ ...state, checkin: progress }, progress, open, [openingLine(progress, open, ctx)]);
}

/** The job opened a period or sent a reminder. Idempotent: a state that already has it is left alone. */
export function checkinSystemTurn(state: ConversationState, input: SystemInput, ctx: TurnContext): TurnResult {
  const open = ctx.checkin;
  if (!ctx.person || !open || open.period !== input.period || open.completed) return result(state);
  const kept = state.checkin?.period === open.period ? state.checkin : null;
  if (input.event === 'checkin_opened') {
    if (kept) return result(state);
    const progress = freshProgress(open.period, open.survey.version);
    // Someone in the middle of something else is asked when that ends.
    if (state.flow && state.flow.name !== 'checkin') return result({ ...state, checkin: progress });
    return askNext({ ...state, checkin: progress }, progress, open, [openingLine(progress, open, ctx)]);
  }
  const reminder = text(input.last ? 'checkin.last_reminder' : 'checkin.reminder', monthParams(open.period));
  const progress = { ...(kept ?? freshProgress(open.period, open.survey.version)), paused: false };
  if (state.flow && state.flow.name !== 'checkin') {
    return result({ ...state, checkin: progress }, say(reminder, text('checkin.reminder_busy')));
  }
  return askNext({ ...state, checkin: progress }, progress, open, [reminder]);
}

export function continueCheckin(state: ConversationState, flow: CheckinFlow, input: Input, ctx: TurnContext): TurnResult {
  const open = ctx.checkin;
  const progress = state.checkin;
  if (!open || !progress || progress.period !== open.period) return periodClosed(state, ctx);
  if (open.completed) return result(withoutCheckin(state), say(text('checkin.already_done', monthParams(open.period))));
  const question = open.survey.questions.find((q) => q.id === flow.question);
  if (!question) return askNext(state, progress, open, []);

  if (flow.pendingMoney !== undefined) {
    const yesNo = parseYesNo(input.text);
    if (yesNo === 'yes') return accept(state, progress, open, question, flow.pendingMoney, null);
    const back: ConversationState = { ...state, flow: { name: 'checkin', question: question.id } };
    if (yesNo === 'no') return result(back, sayMessage(askQuestion(question, state.lang), text('money.reask')));
    return answer(back, progress, open, question, input.text);
  }
  if (flow.detailFor) {
    const detail = readDetail(input.text);
    if (detail.kind !== 'ok') return retry(state, detail.kind === 'retry' ? detail.reason : text('checkin.invalid_text'), checkinQuestion(state, flow, ctx)!);
    return accept(state, progress, open, question, flow.detailFor.value, String(detail.value));
  }
  return answer(state, progress, open, question, input.text);
}

/** `batal` during the check-in: keep the answers, ask nothing until `LAPOR` (or a reminder). */
export function pauseCheckin(state: ConversationState, ctx: TurnContext): TurnResult {
  const progress = state.checkin;
  const next: ConversationState = { ...state, flow: null, strikes: 0, menuShown: true, ...(progress ? { checkin: { ...progress, paused: true } } : {}) };
  return result(next, say(text('checkin.paused')), menuMessage(ctx.person !== null));
}

/** For `BERHENTI`: a check-in being asked or waiting is paused, not pressed on the person. */
export function holdCheckin(state: ConversationState): ConversationState {
  if (!state.checkin) return state;
  const flow = state.flow?.name === 'checkin' ? null : state.flow;
  return { ...state, flow, checkin: { ...state.checkin, paused: true } };
}

/**
 * After any turn the person typed: if they are free now and owe this period's check-in
 * (it arrived while they were busy), ask it; a check-in of a closed period is forgotten.
 */
export function askOwedCheckin(turn: TurnResult, ctx: TurnContext): TurnResult {
  const { state, events } = turn;
  const progress = state.checkin;
  if (!progress || state.flow !== null) return turn;
  if (events.some((e) => e.type === 'personal_data_erased' || e.type === 'checkin_completed')) return turn;
  const open = ctx.checkin;
  if (!ctx.person || !open || open.period !== progress.period || open.completed) return { state: withoutCheckin(state), events };
  if (progress.paused) return turn;
  const next = askNext(state, progress, open, [openingLine(progress, open, ctx)]);
  return { state: next.state, events: [...events, ...next.events] };
}

function answer(state: ConversationState, progress: CheckinProgress, open: CheckinContext, question: SurveyQuestion, raw: string): TurnResult {
  const read = readAnswer(question, raw, state.lang);
  switch (read.kind) {
    case 'retry':
      return retry(state, read.reason, askQuestion(question, state.lang));
    case 'confirm_money': {
      const next: ConversationState = { ...state, flow: { name: 'checkin', question: question.id, pendingMoney: read.guess }, strikes: 0 };
      return result(next, sayMessage(moneyConfirm(read.guess)));
    }
    case 'ok':
      if (read.needsDetail) {
        const flow: CheckinFlow = { name: 'checkin', question: question.id, detailFor: { option: read.needsDetail.id, value: read.value } };
        return result({ ...state, flow, strikes: 0 }, sayMessage(askDetail(read.needsDetail, state.lang)));
      }
      return accept(state, progress, open, question, read.value, read.detail ?? null);
  }
}

function accept(state: ConversationState, progress: CheckinProgress, open: CheckinContext, question: SurveyQuestion, value: AnswerValue, detail: string | null): TurnResult {
  const answers = { ...progress.answers, [question.id]: detail === null ? { value } : { value, detail } };
  const answered: EngineEvent = { type: 'checkin_answered', period: progress.period, surveyVersion: progress.surveyVersion, question: question.id, value, detail };
  const next = askNext(state, { ...progress, answers }, open, []);
  return { state: next.state, events: [answered, ...next.events] };
}

/** Asks the first unanswered question, or finishes when there is none. */
function askNext(state: ConversationState, progress: CheckinProgress, open: CheckinContext, before: Text[]): TurnResult {
  const question = nextQuestion(open.survey, progress.answers);
  if (!question) return complete(state, progress, open, before);
  const next: ConversationState = { ...state, flow: { name: 'checkin', question: question.id }, checkin: progress, strikes: 0, menuShown: false };
  return result(next, sayMessage(askQuestion(question, state.lang), ...before));
}

function complete(state: ConversationState, progress: CheckinProgress, open: CheckinContext, before: Text[]): TurnResult {
  const omzet = Number(progress.answers[OMZET_QUESTION]?.value ?? 0);
  const previous = open.history.at(-1) ?? null;
  const growth = growthStatus([...open.history, omzet], open.growth);
  const done: ConversationState = { ...withoutCheckin(state), flow: null, strikes: 0, menuShown: false };
  const month = monthParams(progress.period);
  return result(
    done,
    { type: 'checkin_completed', period: progress.period, surveyVersion: progress.surveyVersion, omzet, previousOmzet: previous, growth },
    say(...before, text('checkin.thanks', month), feedback(omzet, previous, open.history.length === 1, month), text(`checkin.growth_${growth.status}`, { band: open.growth.bandPercent })),
  );
}

function feedback(omzet: number, previous: number | null, sinceSignup: boolean, month: Record<string, TextParam>): Text {
  if (previous === null) return text('checkin.feedback_first', { ...month, omzet });
  const change = omzetChange(omzet, previous);
  const params = { ...month, omzet, previous, change: Math.abs(change.rupiah), basis: { key: sinceSignup ? 'checkin.basis_signup' : 'checkin.basis_previous' } };
  if (change.rupiah === 0) return text('checkin.feedback_same', params);
  const direction = change.rupiah > 0 ? 'up' : 'down';
  if (change.percent === null) return text(`checkin.feedback_${direction}_from_zero`, params);
  return text(`checkin.feedback_${direction}`, { ...params, percent: Math.abs(change.percent) });
}

function periodClosed(state: ConversationState, ctx: TurnContext): TurnResult {
  const closed = state.checkin?.period;
  const idle: ConversationState = { ...withoutCheckin(state), flow: null, strikes: 0 };
  const notice = closed ? text('checkin.closed', monthParams(closed)) : text('checkin.closed_unknown');
  const open = ctx.checkin;
  if (!ctx.person || !open || open.completed || open.period === closed) return result({ ...idle, menuShown: true }, say(notice), menuMessage(ctx.person !== null));
  // A newer period is open and not yet answered: offer it straight away.
  const progress = freshProgress(open.period, open.survey.version);
  return askNext({ ...idle, checkin: progress }, progress, open, [notice, openingLine(progress, open, ctx)]);
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
