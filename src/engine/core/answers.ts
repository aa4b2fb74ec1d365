import type { Ask, NotAnswer, Reading, Value } from '../parse/understand/index.js';
import type { TurnContext } from '../unions.js';
import type { Kit } from './capability.js';
import { unansweredQuestion } from './questions.js';
import { say } from './replies.js';
import type { ConversationState } from './state.js';
import type { Step } from './steps.js';
import { text } from './text.js';
import type { Input, RefOption, Text } from './vocabulary.js';

// What every flow does with a reading of an answer (parse/understand): a value goes on to
// the flow; an ask is asked back with its reason and the question (flows keep theirs
// short), and kept as a miss to learn from; a question is answered (FAQ, or
// unansweredQuestion) and the open question asked again; a command or small talk is never
// taken as the answer.

export interface Asking {
  /** The question's id, as misses are listed by it (`sector`, `consent`, `rsvp` …). */
  readonly id: string;
}

// Reasons that mean "we could not read it": these answers are kept to learn from.
const MISSES: ReadonlySet<Ask['reason']> = new Set(['unclear', 'ambiguous', 'not_offered', 'vague', 'too_general', 'conflict', 'other_answer', 'not_mobile', 'year_unclear', 'nod']);

export function understood<F, T>(
  reading: Reading<T>,
  input: Input,
  asking: Asking,
  where: { readonly state: ConversationState; readonly ctx: TurnContext; readonly kit: Kit },
  onValue: (value: Value<T>) => Step<F>,
): Step<F> {
  switch (reading.kind) {
    case 'value':
      return onValue(reading);
    case 'ask':
      return askBack(reading, input, asking, where.ctx);
    case 'not_answer':
      return notAnAnswer(reading, input, asking, where);
  }
}

/** Asks again: the reason (the question's own words for it, else the general ones), then the question. */
export function askBack<F>(ask: Ask, input: Input, asking: Asking, ctx: TurnContext): Step<F> {
  const reasons = [reasonText(asking.id, ask, ctx)];
  const events = MISSES.has(ask.reason) && input.text.trim() !== '' ? [{ type: 'answer_missed' as const, question: asking.id, text: input.text }] : [];
  return { kind: 'retry', reasons, events };
}

// Questions whose own wording of a reason exists in locales (understand.<question>.<reason>).
const OWN_REASONS: Readonly<Record<string, readonly string[]>> = {
  name: ['other_answer', 'unclear', 'refused'],
  business: ['other_answer', 'unclear'],
  sector: ['unclear'],
  kecamatan: ['unclear', 'conflict'],
  phone: ['other_answer', 'unclear'],
  year: ['other_answer'],
  consent: ['unclear'],
  erase: ['unclear'],
  money_confirm: ['unclear'],
};
const YES_NO = new Set(['consent', 'erase', 'money_confirm', 'rsvp']);

export function reasonText(question: string, ask: Ask, ctx: TurnContext): Text {
  if (ask.reason === 'ambiguous' && ask.candidates && ask.candidates.length > 0) {
    const names = namesOf(ask.candidates, question === 'kecamatan' ? ctx.kecamatan : ctx.sectors);
    if (names.length > 0) return text('understand.ask.ambiguous', { options: names.join(', ') });
    return text('understand.ask.unclear');
  }
  if (YES_NO.has(question) && ['unclear', 'not_offered', 'nod', 'unsure'].includes(ask.reason)) return text('understand.yes_no.unclear');
  if (OWN_REASONS[question]?.includes(ask.reason)) return text(`understand.${question}.${ask.reason}`);
  switch (ask.reason) {
    case 'outside_city':
      return text('understand.ask.outside_city', { where: ask.where ?? '' });
    case 'year_unclear':
      return text('understand.ask.year_unclear', { nowYear: ctx.now.getUTCFullYear() });
    case 'implausible':
      return ask.value !== undefined ? text('understand.ask.implausible', { amount: ask.value }) : text('understand.ask.unclear');
    default:
      return text(`understand.ask.${ask.reason}`);
  }
}

function namesOf(codes: readonly string[], list: readonly RefOption[]): string[] {
  return codes.flatMap((code) => {
    const i = list.findIndex((r) => r.code === code);
    return i < 0 ? [] : [`${i + 1}. ${list[i]!.name}`];
  });
}

function notAnAnswer<F>(reading: NotAnswer, input: Input, asking: Asking, where: { state: ConversationState; ctx: TurnContext; kit: Kit }): Step<F> {
  const { state, ctx, kit } = where;
  switch (reading.what) {
    case 'question': {
      const turn = reading.faq ? kit.resume(state, say(text(`faq.${reading.faq}`))) : unansweredQuestion(state, input.text, ctx, kit);
      return { kind: 'turn', turn };
    }
    case 'command':
      return { kind: 'retry', reasons: [text(asking.id === 'name' ? 'understand.command_name' : 'understand.command')] };
    case 'smalltalk':
      return { kind: 'turn', turn: kit.resume(state, say(text('understand.smalltalk'))) };
  }
}
