import { parseChoice, parseChoices, type ChoiceOption } from '../parse/choice.js';
import { parseCount } from '../parse/number.js';
import { parseFreeText } from '../parse/text.js';
import { parseYesNo } from '../parse/yesno.js';
import { moneyAnswer, moneyConfirmQuestion } from '../core/money.js';
import { yesNoChoices } from '../core/replies.js';
import type { ConversationState } from '../core/state.js';
import { literal, text } from '../core/text.js';
import type { Lang, OutgoingMessage, Text, TextParam } from '../core/vocabulary.js';
import type { TurnContext } from '../unions.js';
import type { AnswerValue, CheckinFlow, CheckinProgress } from './state.js';
import type { SurveyOption, SurveyQuestion } from './survey.js';

// How each kind of survey question is asked and how a reply to it is read. The flow in
// flow.ts decides what comes next; this file knows only one question at a time.

export type QuestionRead =
  | { readonly kind: 'ok'; readonly value: AnswerValue; readonly detail?: string; readonly needsDetail?: SurveyOption }
  | { readonly kind: 'retry'; readonly reason: Text }
  | { readonly kind: 'confirm_money'; readonly guess: number };

export function askQuestion(question: SurveyQuestion, lang: Lang): OutgoingMessage {
  const ask = literal(question.text[lang]);
  switch (question.type) {
    case 'yes_no':
      return { text: [ask], choices: yesNoChoices };
    case 'choice':
    case 'choices':
      return { text: [ask], choices: question.options.map((o) => literal(o.label[lang])) };
    default:
      return { text: [ask] };
  }
}

export function askDetail(option: SurveyOption, lang: Lang): OutgoingMessage {
  return { text: [literal(option.detail?.[lang] ?? option.label[lang])] };
}

/** The question the person last saw in this check-in, or null if it cannot be shown any more. */
export function checkinQuestion(state: ConversationState, flow: CheckinFlow, ctx: TurnContext): OutgoingMessage | null {
  const open = ctx.checkin;
  if (!open || state.checkin?.period !== open.period) return null;
  const question = open.survey.questions.find((q) => q.id === flow.question);
  if (!question) return null;
  if (flow.pendingMoney !== undefined) return moneyConfirmQuestion(flow.pendingMoney);
  if (flow.detailFor && 'options' in question) {
    const option = question.options.find((o) => o.id === flow.detailFor?.option);
    if (option) return askDetail(option, state.lang);
  }
  return askQuestion(question, state.lang);
}

export function readAnswer(question: SurveyQuestion, raw: string, lang: Lang): QuestionRead {
  switch (question.type) {
    case 'money':
      return readMoney(raw);
    case 'count': {
      const n = parseCount(raw);
      if (n === null || n < question.min || n > question.max) return { kind: 'retry', reason: text('checkin.invalid_count', { min: question.min }) };
      return { kind: 'ok', value: n };
    }
    case 'yes_no': {
      const yesNo = parseYesNo(raw);
      return yesNo === null ? { kind: 'retry', reason: text('checkin.invalid_yes_no') } : { kind: 'ok', value: yesNo === 'yes' };
    }
    case 'choice':
      return readChoice(question.options, raw, lang);
    case 'choices':
      return readChoices(question.options, raw, lang);
    case 'text':
      return readText(raw, question.maxLength);
  }
}

export function readDetail(raw: string): QuestionRead {
  return readText(raw, 200);
}

function readMoney(raw: string): QuestionRead {
  const money = moneyAnswer(raw);
  if (money.kind === 'ok') return { kind: 'ok', value: Number(money.value) };
  return money;
}

function readText(raw: string, maxLength: number): QuestionRead {
  const free = parseFreeText(raw, { maxLength, minLength: 2 });
  if (free.kind === 'ok') return { kind: 'ok', value: free.value };
  return { kind: 'retry', reason: text(free.kind === 'too_long' ? 'checkin.invalid_text_too_long' : 'checkin.invalid_text', { max: maxLength }) };
}

function choiceOptions(options: readonly SurveyOption[]): ChoiceOption<SurveyOption>[] {
  return options.map((o) => ({ value: o, labels: [o.label.id, o.label.en, ...o.aliases] }));
}

// `lainnya: listrik sering padam` picks the option and gives its free text at once.
const WITH_DETAIL = /^([^:]{1,40}):\s*(.+)$/su;

function readChoice(options: readonly SurveyOption[], raw: string, lang: Lang): QuestionRead {
  const inline = WITH_DETAIL.exec(raw.trim());
  if (inline) {
    const pick = parseChoice(inline[1]!, choiceOptions(options));
    const detail = readText(inline[2]!, 200);
    if (pick.kind === 'ok' && pick.value.detail && detail.kind === 'ok') return { kind: 'ok', value: pick.value.id, detail: String(detail.value) };
  }
  const pick = parseChoice(raw, choiceOptions(options));
  if (pick.kind === 'ok') return { kind: 'ok', value: pick.value.id, ...(pick.value.detail ? { needsDetail: pick.value } : {}) };
  if (pick.kind === 'ambiguous') return ambiguous(pick.candidates, lang);
  return { kind: 'retry', reason: text('checkin.invalid_choice', { example: 1 }) };
}

function readChoices(options: readonly SurveyOption[], raw: string, lang: Lang): QuestionRead {
  const picks = parseChoices(raw, choiceOptions(options));
  if (picks.kind === 'ok') {
    const values = picks.values.map((o) => o.id);
    const needsDetail = picks.values.find((o) => o.detail);
    return { kind: 'ok', value: values, ...(needsDetail ? { needsDetail } : {}) };
  }
  if (picks.kind === 'ambiguous') return ambiguous(picks.candidates, lang);
  return { kind: 'retry', reason: text('checkin.invalid_choices') };
}

function ambiguous(candidates: readonly SurveyOption[], lang: Lang): QuestionRead {
  return { kind: 'retry', reason: text('choice.ambiguous', { options: candidates.map((o) => o.label[lang]).join(', ') }) };
}

/** `{{month}} {{year}}` values for a period: the month's name comes from the locale. */
export function monthParams(period: string): Record<string, TextParam> {
  const [year, month] = period.split('-');
  return { month: { key: `checkin.month_${Number(month)}` }, year: Number(year) };
}

export function freshProgress(period: string, surveyVersion: number): CheckinProgress {
  return { period, surveyVersion, answers: {}, paused: false };
}
