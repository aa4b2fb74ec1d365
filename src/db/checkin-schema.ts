import type { ColumnType, Generated, Selectable } from 'kysely';
import type { GrowthStatus } from './schema.js';

// The tables of migrations/0004_checkins.ts, mixed into `Database` in schema.ts.

type GeneratedBigInt = ColumnType<string, string | number | undefined, never>;
type BigIntColumn = ColumnType<string, string | number | bigint, string | number | bigint>;
type Money = ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

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
  status: ColumnType<CheckinStatus, CheckinStatus | undefined, CheckinStatus>;
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
