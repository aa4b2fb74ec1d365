import type { ColumnType, Generated, Selectable } from 'kysely';

// The tables of migrations/0008_one_time_codes.ts, mixed into `Database` in schema.ts.

type GeneratedBigInt = ColumnType<string, string | number | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface OneTimeCodesTable {
  id: GeneratedBigInt;
  purpose: string;
  code_hash: string;
  subject: string | null;
  meta: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
  expires_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: number;
  used_at: Timestamp | null;
  locked_at: Timestamp | null;
}

export interface OneTimeCodeFailuresTable {
  id: GeneratedBigInt;
  purpose: string;
  key: string;
  at: Timestamp;
}

export interface CodeTables {
  one_time_codes: OneTimeCodesTable;
  one_time_code_failures: OneTimeCodeFailuresTable;
}

export type OneTimeCodeRow = Selectable<OneTimeCodesTable>;
