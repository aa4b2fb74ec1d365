import type { Vocabulary } from '../parse/vocabulary.js';
import type { Growth, GrowthSettings } from './growth.js';
import type { AnswerValue } from './state.js';
import type { Answers, SurveyDefinition } from './survey.js';

export type OmzetSource = 'signup' | 'report' | 'correction';

/** The open check-in period, as the runtime looked it up for a registered person. */
export interface CheckinContext {
  readonly period: string;
  readonly survey: SurveyDefinition;
  /** This person already finished this period's check-in (perhaps in another chat). */
  readonly completed: boolean;
  /**
   * Omzet reported before this period, oldest first, the sign-up baseline first (as corrected
   * in the month of registration), then each month's report or, without one, its correction.
   */
  readonly history: readonly number[];
  /** Where the last figure of `history` comes from (by default: sign-up when it is the only one). */
  readonly lastSource?: OmzetSource;
  readonly growth: GrowthSettings;
  /** The words the readers of issue 10 understand (city files and staff additions). */
  readonly vocabulary: Vocabulary;
  /** The answers of this period's check-in when it is completed: shown again to correct them. */
  readonly answers?: Answers;
  /** The answers of the person's last completed report before this period (to compare a count with). */
  readonly previousAnswers?: Answers;
}

/** A job opened a period, or a reminder is due. */
export type CheckinSystemInput =
  | { readonly type: 'system'; readonly event: 'checkin_opened'; readonly period: string }
  | { readonly type: 'system'; readonly event: 'checkin_reminder'; readonly period: string; readonly last: boolean };

export type CheckinEvent =
  | {
      readonly type: 'checkin_answered';
      readonly period: string;
      readonly surveyVersion: number;
      readonly question: string;
      readonly value: AnswerValue;
      readonly detail: string | null;
    }
  | {
      readonly type: 'checkin_completed';
      readonly period: string;
      readonly surveyVersion: number;
      readonly omzet: number;
      /** The report compared with: the last one before, or the sign-up baseline. */
      readonly previousOmzet: number | null;
      readonly growth: Growth;
      /** The questions answered and asked: answers to any other (no longer asked) are dropped. */
      readonly questions: readonly string[];
      /** A report already submitted, corrected by the person. */
      readonly corrected: boolean;
    };
