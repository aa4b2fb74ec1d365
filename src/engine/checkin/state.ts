import { z } from 'zod';

// The check-in as stored in the conversation: the period being answered and the answers so
// far (kept while the person does something else), and the question open right now.

/** A stored answer: what was picked or typed. */
export const answerValue = z.union([z.number(), z.boolean(), z.string(), z.array(z.string()).readonly()]);
export type AnswerValue = z.infer<typeof answerValue>;

/** An answer and the free text of a "lainnya" pick. */
export const answer = z.object({ value: answerValue, detail: z.string().optional() });
export type Answer = z.infer<typeof answer>;

/** A check-in the person owes: being answered, paused with `batal`, or waiting for another flow to end. */
export const checkinProgress = z.object({
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/u),
  surveyVersion: z.number().int().positive(),
  answers: z.record(z.string(), answer),
  /** `batal` paused it: not asked again until `LAPOR` or a reminder. */
  paused: z.boolean(),
  /** Already submitted: the person is correcting it (`ubah laporan`) before the period closes. */
  submitted: z.boolean().optional(),
});
export type CheckinProgress = z.infer<typeof checkinProgress>;

/** Answering the monthly check-in (its period and answers are in `state.checkin`). */
export const checkinFlow = z.object({
  name: z.literal('checkin'),
  question: z.string(),
  /** A guessed amount awaiting "ya". */
  pendingMoney: z.number().optional(),
  /**
   * A figure that is not believable as it stands (ten times the last report, shaped like a
   * phone number or a year, 250 workers) awaiting "ya", with what it was compared with.
   */
  pendingCheck: z.object({ value: z.number(), previous: z.number().optional() }).optional(),
  /** `review`: the summary of the answers is shown (ya / ubah); `change`: which answer to change. */
  stage: z.enum(['review', 'change']).optional(),
  /** An option that asks for a free text ("lainnya") was picked; that text is awaited. */
  detailFor: z.object({ option: z.string(), value: answerValue }).optional(),
});
export type CheckinFlow = z.infer<typeof checkinFlow>;
