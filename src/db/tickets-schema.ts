import type { ColumnType, Generated } from 'kysely';
import type { BigIntColumn, DefaultTimestamp, GeneratedBigInt, Json, Timestamp } from './columns.js';

// The tables of migrations/0016_tickets.ts, mixed into `Database` in schema.ts.

export type TicketStatus = 'open' | 'closed';

export interface TicketsTable {
  id: GeneratedBigInt;
  person_id: BigIntColumn | null;
  identity_id: BigIntColumn | null;
  status: ColumnType<TicketStatus, TicketStatus | undefined, TicketStatus>;
  opened_at: Timestamp;
  first_answer_at: Timestamp | null;
  taken_by_staff_id: BigIntColumn | null;
  closed_at: Timestamp | null;
  /** `person`, `staff:<id>`, `cli`. */
  closed_by: string | null;
  reminded_at: Timestamp | null;
  reminders: Generated<number>;
}

export interface TicketMessagesTable {
  id: GeneratedBigInt;
  ticket_id: BigIntColumn;
  author: 'person' | 'staff';
  staff_id: BigIntColumn | null;
  text: string | null;
  /** A photo, voice note or sticker sent while the ticket was open: its kind. */
  media: string | null;
  at: Timestamp;
}

export interface TicketNoticesTable {
  id: GeneratedBigInt;
  ticket_id: BigIntColumn;
  staff_id: BigIntColumn;
  outbound_id: BigIntColumn;
}

export interface FaqEntriesTable {
  id: GeneratedBigInt;
  code: string;
  topic: string;
  priority: Generated<number>;
  match: Json<string[][][]>;
  bare: ColumnType<string[], string | undefined, string>;
  question: string;
  answer_id: string;
  answer_en: string | null;
  source_ticket_id: BigIntColumn | null;
  created_at: DefaultTimestamp;
  removed_at: Timestamp | null;
}

export interface TicketTables {
  tickets: TicketsTable;
  ticket_messages: TicketMessagesTable;
  ticket_notices: TicketNoticesTable;
  faq_entries: FaqEntriesTable;
}
