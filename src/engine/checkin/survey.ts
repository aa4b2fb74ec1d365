import { z } from 'zod';
import type { Answer } from './state.js';

// The monthly survey as data: the office edits src/survey/default.json (and raises its
// version) to change the questions. Every text is given in each language the bot speaks.
// Checked once when loaded, so a mistake in the file stops an opening with a clear
// message instead of confusing people later.

const localText = z.object({ id: z.string().trim().min(1), en: z.string().trim().min(1) }, { message: 'expected a text in both languages: { "id": "…", "en": "…" }' });

const questionId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/u, 'expected a short id of lowercase letters, digits and _ (e.g. "omzet")');

const option = z.object({
  id: questionId,
  label: localText,
  /** Other words people use for it (ig for Instagram); matched like the labels. */
  aliases: z.array(z.string().min(1)).default([]),
  /** When set, picking this option asks for a short free text too ("lainnya: …"). */
  detail: localText.optional(),
});

const askIf = z.object({ question: questionId, equals: z.union([z.boolean(), z.string()]) });

const base = { id: questionId, text: localText, askIf: askIf.optional() };

const question = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('money') }),
  z.object({ ...base, type: z.literal('count'), min: z.number().int().min(0).default(0), max: z.number().int().positive().default(100_000) }),
  z.object({ ...base, type: z.literal('yes_no') }),
  z.object({ ...base, type: z.literal('choice'), options: z.array(option).min(2) }),
  z.object({ ...base, type: z.literal('choices'), options: z.array(option).min(2) }),
  z.object({ ...base, type: z.literal('text'), maxLength: z.number().int().positive().max(1000).default(200) }),
]);

/** The question whose answer is the month's omzet: growth and feedback are computed from it. */
export const OMZET_QUESTION = 'omzet';

const schema = z
  .object({
    version: z.number().int().positive(),
    questions: z.array(question).min(1),
  })
  .superRefine((survey, ctx) => {
    const seen = new Map<string, SurveyQuestion>();
    survey.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `question id "${q.id}" is used twice` });
      if (q.askIf) {
        const earlier = seen.get(q.askIf.question);
        if (!earlier) ctx.addIssue({ code: 'custom', path: ['questions', i, 'askIf'], message: `askIf must name an earlier question, "${q.askIf.question}" is not one` });
      }
      if ('options' in q) {
        const ids = q.options.map((o) => o.id);
        if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'option ids must be unique' });
      }
      seen.set(q.id, q);
    });
    const omzet = seen.get(OMZET_QUESTION);
    if (omzet?.type !== 'money' || omzet.askIf) {
      ctx.addIssue({ code: 'custom', path: ['questions'], message: `a question with id "${OMZET_QUESTION}" of type "money", always asked, is required` });
    }
  });

export type SurveyDefinition = z.output<typeof schema>;
export type SurveyQuestion = z.output<typeof question>;
export type SurveyOption = z.output<typeof option>;
export type LocalText = z.output<typeof localText>;

export class SurveyDefinitionError extends Error {
  override readonly name = 'SurveyDefinitionError';
}

/** Validates parsed JSON; the error names the first problem and where it is. */
export function parseSurvey(json: unknown, source = 'survey definition'): SurveyDefinition {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new SurveyDefinitionError(`${source} is not valid${where}: ${issue.message}`);
}

export type Answers = Readonly<Record<string, Answer>>;

/** Whether a question applies, given the answers so far (its condition answered and met). */
export function applies(question: SurveyQuestion, answers: Answers): boolean {
  if (!question.askIf) return true;
  const answer = answers[question.askIf.question];
  if (!answer) return false;
  const value = answer.value;
  return Array.isArray(value) ? value.includes(String(question.askIf.equals)) : value === question.askIf.equals;
}

/** The first question still to ask, or null when the survey is complete. */
export function nextQuestion(survey: SurveyDefinition, answers: Answers): SurveyQuestion | null {
  return survey.questions.find((q) => answers[q.id] === undefined && applies(q, answers)) ?? null;
}
