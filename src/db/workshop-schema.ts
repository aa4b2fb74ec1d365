import type { Generated, Selectable } from 'kysely';
import type { BigIntColumn, Cursor, DefaultTimestamp, GeneratedBigInt, Json, Timestamp, WithDefault } from './columns.js';

// The tables of migrations/0006_workshops.ts, mixed into `Database` in schema.ts.

export type WorkshopStatus = 'open' | 'cancelled';
export type RsvpStatus = 'confirmed' | 'waiting' | 'cancelled';

export interface WorkshopsTable {
  id: GeneratedBigInt;
  title: string;
  description: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  place: string;
  capacity: number;
  status: WithDefault<WorkshopStatus>;
  version: Generated<number>;
  attendance_code: string | null;
  staff_id: BigIntColumn | null;
  actor: string;
  notify_identity_id: BigIntColumn | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  cancelled_at: Timestamp | null;
  feedback_done_at: Timestamp | null;
}

export interface WorkshopRsvpsTable {
  workshop_id: BigIntColumn;
  person_id: BigIntColumn;
  status: RsvpStatus;
  waiting_seq: BigIntColumn | null;
  identity_id: BigIntColumn | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  confirmed_at: Timestamp | null;
  promoted_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}

export type AnnouncementStatus = 'approved' | 'fanning_out' | 'done';

export interface WorkshopAnnouncementsTable {
  id: GeneratedBigInt;
  workshop_id: BigIntColumn;
  staff_id: BigIntColumn | null;
  actor: string;
  segment: Json<unknown>;
  status: WithDefault<AnnouncementStatus>;
  fanout_cursor: Cursor;
  recipients: number | null;
  notify_identity_id: BigIntColumn | null;
  lang: Generated<string>;
  created_at: DefaultTimestamp;
  done_at: Timestamp | null;
}

export interface WorkshopInvitationsTable {
  workshop_id: BigIntColumn;
  person_id: BigIntColumn;
  announcement_id: BigIntColumn;
  identity_id: BigIntColumn | null;
  invited_at: Timestamp;
}

export interface WorkshopAttendanceTable {
  workshop_id: BigIntColumn;
  person_id: BigIntColumn;
  source: 'code' | 'staff';
  staff_id: BigIntColumn | null;
  actor: string;
  marked_at: Timestamp;
}

export interface WorkshopFeedbackTable {
  workshop_id: BigIntColumn;
  person_id: BigIntColumn;
  identity_id: BigIntColumn | null;
  asked_at: Timestamp | null;
  rating: number | null;
  comment: string | null;
  answered_at: Timestamp | null;
}

export interface WorkshopReminderRunsTable {
  workshop_id: BigIntColumn;
  version: number;
  before_ms: BigIntColumn;
  reminded: number;
  done_at: Timestamp;
}

export interface WorkshopTables {
  workshops: WorkshopsTable;
  workshop_rsvps: WorkshopRsvpsTable;
  workshop_announcements: WorkshopAnnouncementsTable;
  workshop_invitations: WorkshopInvitationsTable;
  workshop_attendance: WorkshopAttendanceTable;
  workshop_feedback: WorkshopFeedbackTable;
  workshop_reminder_runs: WorkshopReminderRunsTable;
}

export type WorkshopRow = Selectable<WorkshopsTable>;
export type WorkshopAnnouncementRow = Selectable<WorkshopAnnouncementsTable>;
