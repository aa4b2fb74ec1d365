import { parseFreeText } from '../parse/text.js';
import { readCheckinOmzet, readChoice, readChoices, readSellsOnline, readWorkers, readYesNoFact, type Ask, type AskReason, type ChoiceDef, type NotAnswer, type Reading } from '../parse/understand/index.js';
import type { Vocabulary } from '../parse/vocabulary.js';
import { yesNoChoices } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { literal, text } from '../core/text.js';
import type { Lang, OutgoingMessage, Text, TextParam } from '../core/vocabulary.js';
import type { TurnContext } from '../unions.js';
import type { AnswerValue, CheckinFlow, CheckinProgress } from './state.js';
import type { Answers, SurveyOption, SurveyQuestion } from './survey.js';
import { changeMessage, reviewMessage } from './review.js';

// How each kind of survey question is asked and how a reply to it is read. The flow in
// flow.ts decides what comes next; this file knows only one question at a time.

export type QuestionRead =
  | { readonly kind: 'ok'; readonly value: AnswerValue; readonly detail?: string; readonly needsDetail?: SurveyOption }
  | { readonly kind: 'retry'; readonly reason: Text }
  | { readonly kind: 'confirm_money'; readonly guess: number }
  /** Not believable as it stands: asked back with what it was compared with. */
  | { readonly kind: 'check'; readonly value: number; readonly previous?: number }
  /** Not an answer (a question, small talk): say `reply`, then ask the same question again. */
  | { readonly kind: 'aside'; readonly reply: Text }
  /** A question the FAQ cannot answer: it goes to staff (a ticket), the check-in waits. */
  | { readonly kind: 'unanswered' };

/** What a reader needs besides the message: the language, the words, the figures to compare with. */
export interface ReadFacts {
  readonly lang: Lang;
  readonly vocabulary: Vocabulary;
  /** Omzet: the last report (or the sign-up figure); 0 when there is none. */
  readonly previousOmzet: number;
  /** The last completed report's answers. */
  readonly previousAnswers?: Answers;
  /** What a question the FAQ cannot answer becomes (core/questions.ts); without it, a short "ask later". */
  readonly unanswered?: () => TurnResult;
}

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

/** "Maksud Bapak/Ibu Rp81.234.567.890 per bulan? Laporan sebelumnya Rp5.000.000", with ya / tidak. */
function checkQuestion(question: SurveyQuestion, check: { value: number; previous?: number | undefined }): OutgoingMessage {
  const kind = question.type === 'money' ? 'money' : 'count';
  const key = check.previous === undefined ? `checkin.check_${kind}` : `checkin.check_${kind}_previous`;
  const params = kind === 'money' ? { amount: check.value, ...(check.previous === undefined ? {} : { previous: check.previous }) } : { count: check.value, ...(check.previous === undefined ? {} : { previous: check.previous }) };
  return { text: [text(key, params)], choices: yesNoChoices };
}

export function askDetail(option: SurveyOption, lang: Lang): OutgoingMessage {
  return { text: [literal(option.detail?.[lang] ?? option.label[lang])] };
}

/** The question the person last saw in this check-in, or null if it cannot be shown any more. */
export function checkinQuestion(state: ConversationState, flow: CheckinFlow, ctx: TurnContext): OutgoingMessage | null {
  const open = ctx.checkin;
  if (!open || state.checkin?.period !== open.period) return null;
  if (flow.stage === 'review') return reviewMessage(open.survey, state.checkin, state.lang, monthParams(open.period));
  if (flow.stage === 'change') return changeMessage(open.survey, state.checkin, state.lang);
  const question = open.survey.questions.find((q) => q.id === flow.question);
  if (!question) return null;
  if (flow.pendingCheck) return checkQuestion(question, flow.pendingCheck);
  if (flow.pendingMoney !== undefined) return { text: [text('checkin.confirm_money', { amount: flow.pendingMoney })], choices: yesNoChoices };
  if (flow.detailFor && 'options' in question) {
    const option = question.options.find((o) => o.id === flow.detailFor?.option);
    if (option) return askDetail(option, state.lang);
  }
  return askQuestion(question, state.lang);
}

export function readAnswer(question: SurveyQuestion, raw: string, facts: ReadFacts): QuestionRead {
  const vocab = facts.vocabulary;
  const ctx = { lang: facts.lang };
  switch (question.type) {
    case 'money':
      return fromMoney(readCheckinOmzet(raw, vocab, { ...ctx, previousOmzet: facts.previousOmzet }), raw, facts.previousOmzet);
    case 'count':
      return fromCount(question, readWorkers(raw, vocab, ctx), raw, facts);
    case 'yes_no': {
      const read = question.id === SELLS_ONLINE ? readSellsOnline(raw, vocab, ctx) : readYesNoFact(raw, vocab, ctx);
      return read.kind === 'value' ? { kind: 'ok', value: read.value } : notTaken(read, text('checkin.invalid_yes_no'));
    }
    case 'choice':
      return readOneChoice(question, raw, facts);
    case 'choices':
      return readSeveral(question, raw, facts);
    case 'text':
      return readText(raw, question.maxLength);
  }
}

/** The survey's "do you sell online?": a platform named counts as yes. */
const SELLS_ONLINE = 'jualan_online';

export function readDetail(raw: string): QuestionRead {
  return readText(raw, 200);
}

function fromMoney(read: Reading<number>, raw: string, previous: number): QuestionRead {
  if (read.kind === 'value') return { kind: 'ok', value: read.value };
  if (read.kind === 'not_answer') return aside(read);
  if (read.reason === 'no_unit' && read.guess !== undefined) return { kind: 'confirm_money', guess: read.guess };
  // A phone number or a year: shown back as the amount it would be (Rp81.234.567.890).
  const shaped = read.reason === 'number_shape' ? (read.value ?? digitsOf(raw)) : undefined;
  const value = read.reason === 'implausible' ? read.value : shaped;
  if (value !== undefined) return { kind: 'check', value, ...(previous > 0 ? { previous } : {}) };
  return { kind: 'retry', reason: text(MONEY_REASONS[read.reason] ?? 'money.invalid') };
}

function digitsOf(raw: string): number | undefined {
  const run = /\d{4,}/u.exec(raw.replace(/(?<=\d)[.\s-](?=\d)/gu, ''));
  return run ? Number(run[0]) : undefined;
}

const MONEY_REASONS: Partial<Record<AskReason, string>> = {
  range: 'money.range',
  per_period: 'checkin.ask.per_period',
  change_not_level: 'checkin.ask.change_not_level',
  two_values: 'checkin.ask.two_values',
  conflict: 'checkin.ask.two_values',
  refused: 'checkin.ask.refused',
  unsure: 'checkin.ask.unsure',
  number_shape: 'checkin.ask.number_shape',
};

function fromCount(question: Extract<SurveyQuestion, { type: 'count' }>, read: Reading<number>, raw: string, facts: ReadFacts): QuestionRead {
  const invalid = text('checkin.invalid_count', { min: question.min });
  const before = facts.previousAnswers?.[question.id]?.value;
  const previous = typeof before === 'number' ? { previous: before } : {};
  if (read.kind === 'value') {
    if (read.value < question.min) return { kind: 'retry', reason: invalid };
    if (read.value > question.max) return { kind: 'check', value: read.value, ...previous };
    return { kind: 'ok', value: read.value };
  }
  if (read.kind === 'not_answer') return aside(read);
  if (read.reason === 'implausible' && read.value !== undefined && read.value > question.min) return { kind: 'check', value: read.value, ...previous };
  // `2019`: a year where a count is asked.
  const year = /\b(19[5-9]\d|20\d\d)\b/u.exec(raw);
  if (read.reason === 'number_shape' && year) return { kind: 'check', value: Number(year[1]), ...previous };
  if (read.reason === 'owner_unclear') return { kind: 'retry', reason: text('checkin.ask.owner_unclear') };
  if (read.reason === 'other_answer') return { kind: 'retry', reason: text('checkin.ask.count_not_money') };
  return { kind: 'retry', reason: invalid };
}

/** Small talk is answered aside; a question from the FAQ, else it goes to staff. */
export function aside(read: NotAnswer): QuestionRead {
  if (read.what === 'smalltalk') return { kind: 'aside', reply: text('checkin.ask.smalltalk') };
  if (read.faq) return { kind: 'aside', reply: text(`faq.${read.faq}`) };
  return { kind: 'unanswered' };
}

// Something the reader did not take: a question or small talk is answered aside; the rest is
// asked again with the reason (`fallback` when there is nothing more specific to say).
function notTaken(read: Ask | NotAnswer, fallback: Text): QuestionRead {
  if (read.kind === 'not_answer') return read.what === 'command' ? { kind: 'retry', reason: fallback } : aside(read);
  return { kind: 'retry', reason: fallback };
}

function readText(raw: string, maxLength: number): QuestionRead {
  const free = parseFreeText(raw, { maxLength, minLength: 2 });
  if (free.kind === 'ok') return { kind: 'ok', value: free.value };
  return { kind: 'retry', reason: text(free.kind === 'too_long' ? 'checkin.invalid_text_too_long' : 'checkin.invalid_text', { max: maxLength }) };
}

function choiceDefs(options: readonly SurveyOption[]): ChoiceDef[] {
  return options.map((o) => ({ id: o.id, labels: [o.label.id, o.label.en, ...o.aliases] }));
}

// `lainnya: listrik sering padam` picks the option and gives its free text at once.
const WITH_DETAIL = /^([^:]{1,40}):\s*(.+)$/su;

type OptionQuestion = Extract<SurveyQuestion, { type: 'choice' | 'choices' }>;

function readOneChoice(question: OptionQuestion, raw: string, facts: ReadFacts): QuestionRead {
  const defs = choiceDefs(question.options);
  const byId = (id: string) => question.options.find((o) => o.id === id)!;
  const inline = WITH_DETAIL.exec(raw.trim());
  if (inline) {
    const pick = readChoice(inline[1]!, facts.vocabulary, question.id, defs, { lang: facts.lang });
    const detail = readText(inline[2]!, 200);
    if (pick.kind === 'value' && byId(pick.value).detail && detail.kind === 'ok') return { kind: 'ok', value: pick.value, detail: String(detail.value) };
  }
  const pick = readChoice(raw, facts.vocabulary, question.id, defs, { lang: facts.lang });
  if (pick.kind === 'value') {
    const option = byId(pick.value);
    return { kind: 'ok', value: option.id, ...(option.detail ? { needsDetail: option } : {}) };
  }
  if (pick.kind === 'ask' && pick.reason === 'ambiguous' && pick.candidates) return ambiguous(question, pick.candidates, facts.lang);
  return notTaken(pick, text('checkin.invalid_choice', { example: 1 }));
}

function readSeveral(question: OptionQuestion, raw: string, facts: ReadFacts): QuestionRead {
  const picks = readChoices(raw, facts.vocabulary, question.id, choiceDefs(question.options), { lang: facts.lang });
  if (picks.kind === 'value') {
    const needsDetail = question.options.find((o) => o.detail && picks.value.includes(o.id));
    return { kind: 'ok', value: picks.value, ...(needsDetail ? { needsDetail } : {}) };
  }
  if (picks.kind === 'ask' && picks.reason === 'ambiguous' && picks.candidates) return ambiguous(question, picks.candidates, facts.lang);
  return notTaken(picks, text('checkin.invalid_choices'));
}

function ambiguous(question: OptionQuestion, candidates: readonly string[], lang: Lang): QuestionRead {
  const labels = candidates.flatMap((id) => question.options.filter((o) => o.id === id).map((o) => o.label[lang]));
  return { kind: 'retry', reason: text('choice.ambiguous', { options: labels.join(', ') }) };
}

/** `{{month}} {{year}}` values for a period: the month's name comes from the locale. */
export function monthParams(period: string): Record<string, TextParam> {
  const [year, month] = period.split('-');
  return { month: { key: `checkin.month_${Number(month)}` }, year: Number(year) };
}

export function freshProgress(period: string, surveyVersion: number): CheckinProgress {
  return { period, surveyVersion, answers: {}, paused: false };
}
