import type { Generated, Selectable } from 'kysely';
import type { BigIntColumn, DefaultTimestamp, GeneratedBigInt, GrowthStatus, Json, Money, Timestamp, WithDefault } from './columns.js';

// The tables of migrations/0004_checkins.ts, mixed into `Database` in schema.ts.

export interface SurveyDefinitionsTable {
  version: number;
  definition: Json<unknown>;
  created_at: DefaultTimestamp;
}

export interface CheckinPeriodsTable {
  period: string;
  survey_version: number;
  opened_at: DefaultTimestamp;
  opened_by: string;
  closed_at: Timestamp | null;
  fanout_done_at: Timestamp | null;
  growth_done_at: Timestamp | null;
}

export type CheckinStatus = 'open' | 'completed';

export interface CheckinsTable {
  id: GeneratedBigInt;
  person_id: BigIntColumn;
  period: string;
  survey_version: number;
  identity_id: BigIntColumn | null;
  status: WithDefault<CheckinStatus>;
  invited_at: Timestamp | null;
  skip_reason: string | null;
  reminders_sent: Generated<number>;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  omzet: Money;
  previous_omzet: Money;
  growth_status: GrowthStatus | null;
  created_at: DefaultTimestamp;
}

export interface CheckinAnswersTable {
  checkin_id: BigIntColumn;
  question_id: string;
  survey_version: number;
  value: Json<unknown>;
  detail: string | null;
  answered_at: Timestamp;
}

export interface GrowthHistoryTable {
  person_id: BigIntColumn;
  period: string;
  status: GrowthStatus;
  recent_average: Money;
  previous_average: Money;
  reports: number;
  computed_at: DefaultTimestamp;
}

export interface CheckinTables {
  survey_definitions: SurveyDefinitionsTable;
  checkin_periods: CheckinPeriodsTable;
  checkins: CheckinsTable;
  checkin_answers: CheckinAnswersTable;
  growth_history: GrowthHistoryTable;
}

export type CheckinRow = Selectable<CheckinsTable>;
export type CheckinPeriodRow = Selectable<CheckinPeriodsTable>;
