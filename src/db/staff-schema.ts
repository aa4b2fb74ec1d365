import type { ColumnType, Generated, Selectable } from 'kysely';
import type { BigIntColumn, Cursor, DefaultJson, DefaultTimestamp, GeneratedBigInt, Json, Timestamp, WithDefault } from './columns.js';

// The tables of migrations/0005_staff_broadcasts.ts, mixed into `Database` in schema.ts.

export interface StaffTable {
  id: GeneratedBigInt;
  name: string;
  phone_e164: string | null;
  telegram_user_id: string | null;
  added_at: DefaultTimestamp;
  removed_at: Timestamp | null;
  /** migration 0017: `admin` or `operator` (web dashboard). */
  role: WithDefault<StaffRole>;
  /** scrypt hash for the web dashboard, set by `staff password`. */
  password_hash: string | null;
}

export type StaffRole = 'admin' | 'operator';

export interface AuditLogTable {
  id: GeneratedBigInt;
  at: DefaultTimestamp;
  staff_id: BigIntColumn | null;
  actor: string;
  action: string;
  details: DefaultJson<Record<string, unknown>>;
}

/** `scheduled` and `cancelled`: migration 0019. */
export type BroadcastStatus = 'scheduled' | 'approved' | 'fanning_out' | 'sending' | 'finished' | 'cancelled';

export interface BroadcastsTable {
  id: GeneratedBigInt;
  staff_id: BigIntColumn | null;
  actor: string;
  text: string;
  segment: Json<unknown>;
  status: WithDefault<BroadcastStatus>;
  fanout_cursor: Cursor;
  recipients: number | null;
  notify_identity_id: BigIntColumn | null;
  lang: Generated<string>;
  created_at: DefaultTimestamp;
  fanned_out_at: Timestamp | null;
  finished_at: Timestamp | null;
  /** migration 0019: when a `scheduled` broadcast starts. */
  scheduled_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}

/** A view: people who are staff, by chat identity or phone. */
export interface StaffPeopleView {
  person_id: ColumnType<string, never, never>;
}

export interface StaffTables {
  staff: StaffTable;
  audit_log: AuditLogTable;
  broadcasts: BroadcastsTable;
  staff_people: StaffPeopleView;
}

export type StaffRow = Selectable<StaffTable>;
export type BroadcastRow = Selectable<BroadcastsTable>;
export type AuditRow = Selectable<AuditLogTable>;
