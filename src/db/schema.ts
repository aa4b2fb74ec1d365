import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { BigIntColumn, DefaultTimestamp, GeneratedBigInt, GrowthStatus, Json, Money, Timestamp, WithDefault } from './columns.js';
import type { StaffTables } from './staff-schema.js';
import type { CheckinTables } from './checkin-schema.js';
import type { WorkshopTables } from './workshop-schema.js';
import type { CodeTables } from './codes-schema.js';
import type { UnderstandTables } from './understand-schema.js';
import type { TicketTables } from './tickets-schema.js';
import type { WebTables } from './web-schema.js';

// Hand-written to mirror migrations/; the column types are in columns.ts.

export type { GrowthStatus };

export interface ReferenceTable {
  id: Generated<number>;
  code: string;
  name: string;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  sort_order: Generated<number>;
  active: Generated<boolean>;
}

export interface PeopleTable {
  id: GeneratedBigInt;
  member_no: string | null;
  full_name: string | null;
  business_name: string | null;
  phone_e164: string | null;
  /** The number came from the channel (migration 0012), not typed: only such a number links chats. */
  phone_verified: Generated<boolean>;
  sector_id: number | null;
  kecamatan_id: number | null;
  business_started_year: number | null;
  /** The person's own words for what the business does ("jualan kue bingka"). */
  business_activity: string | null;
  baseline_omzet: Money;
  lang: Generated<string>;
  opted_out_at: Timestamp | null;
  erased_at: Timestamp | null;
  registered_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  growth_status: GrowthStatus | null;
  growth_status_at: Timestamp | null;
  /** Imported from the office's register (migration 0018); null when the person signed up in chat. */
  imported_at: Timestamp | null;
  /** Imported and not yet agreed ("diundang, belum setuju"): nothing is sent until the invitation. */
  consent_pending: Generated<boolean>;
  /** When the one invitation went to the imported number (migration 0020); null: never invited. */
  invited_at: Timestamp | null;
  /** Merged into this record (migration 0021): its chats and reports moved there; the row stays. */
  merged_into: BigIntColumn | null;
  merged_at: Timestamp | null;
}

export interface IdentitiesTable {
  id: GeneratedBigInt;
  channel: string;
  address: string;
  person_id: BigIntColumn | null;
  verified_phone: string | null;
  display_name: string | null;
  unreachable_at: Timestamp | null;
  unreachable_reason: string | null;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
}

export interface ConsentsTable {
  id: GeneratedBigInt;
  person_id: BigIntColumn;
  purpose: string;
  text_version: string;
  lang: string;
  granted: boolean;
  channel: string;
  decided_at: Timestamp;
}

export interface ConversationsTable {
  identity_id: BigIntColumn;
  state: Json<unknown>;
  state_version: number;
  turns: Generated<number>;
  updated_at: DefaultTimestamp;
}

export interface InboundMessagesTable {
  id: GeneratedBigInt;
  channel: string;
  external_id: string;
  identity_id: BigIntColumn | null;
  kind: string;
  text: string | null;
  start_payload: string | null;
  /** The platform id of the message this one replied to (a Telegram reply), migration 0016. */
  reply_to: string | null;
  /** For `non_text`: photo, voice, sticker … (migration 0016). */
  media: string | null;
  received_at: Timestamp;
  handled_at: Timestamp | null;
  /** People this message names besides the sender (a member number staff typed), by id: erasing one scrubs it (migration 0013). */
  mentions: Mentions;
  /** The chat's messages of the 10 s before still unanswered when this one was recorded, up to 20 (migration 0014). */
  backlog: number | null;
  /** Part of a flood: recorded and marked handled, not answered one by one (migration 0014). */
  coalesced_at: Timestamp | null;
}

export type OutboundStatus = 'pending' | 'queued' | 'sent' | 'failed' | 'skipped' | 'expired';
export type OutboundPath = 'reply' | 'bulk';

export interface OutboundMessagesTable {
  id: GeneratedBigInt;
  identity_id: BigIntColumn | null;
  person_id: BigIntColumn | null;
  channel: string;
  address: string | null;
  text: string | null;
  choices: ColumnType<string[], string | undefined, string>;
  /** Said after the choices (migration 0011). */
  footer: string | null;
  request_contact: Generated<boolean>;
  path: OutboundPath;
  priority: Generated<number>;
  status: WithDefault<OutboundStatus>;
  status_reason: string | null;
  attempts: Generated<number>;
  platform_message_id: string | null;
  inbound_id: BigIntColumn | null;
  forget_after_send: Generated<boolean>;
  expires_at: Timestamp | null;
  created_at: DefaultTimestamp;
  queued_at: Timestamp | null;
  /** A send of this row is under way until then (migration 0024): no other job sends it meanwhile. */
  sending_until: Timestamp | null;
  sent_at: Timestamp | null;
  /** One intended bulk message (e.g. `checkin:2026-11:123`): a re-run inserts nothing. */
  dedupe_key: string | null;
  /** What a bulk message is about (outbox/dedupe-key.ts), set as it is written (migration 0007). */
  topic: string | null;
  broadcast_id: BigIntColumn | null;
  workshop_id: BigIntColumn | null;
  /** Which run of a repeated send: a workshop's invitation run. */
  run_id: BigIntColumn | null;
  /** People this text names other than its recipient (staff replies, previews, reports), by id: erasing one scrubs it (migration 0013). */
  mentions: Mentions;
  /** The BullMQ job that carries a queued row (migration 0014): the sweeper re-queues it if the job is lost. */
  send_job_id: string | null;
}

type Mentions = ColumnType<string[] | null, string[] | null | undefined, string[] | null>;

/** A chat that refused consent: only a keyed hash of its address and the day (migration 0013). */
export interface ConsentRefusalsTable {
  chat_key: string;
  channel: string;
  refused_on: ColumnType<Date, string, string>;
}

export interface Database extends StaffTables, CheckinTables, WorkshopTables, CodeTables, UnderstandTables, TicketTables, WebTables {
  sectors: ReferenceTable;
  kecamatan: ReferenceTable;
  people: PeopleTable;
  identities: IdentitiesTable;
  consents: ConsentsTable;
  conversations: ConversationsTable;
  inbound_messages: InboundMessagesTable;
  outbound_messages: OutboundMessagesTable;
  consent_refusals: ConsentRefusalsTable;
}

export type Person = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
export type Identity = Selectable<IdentitiesTable>;
export type OutboundRow = Selectable<OutboundMessagesTable>;
export type InboundRow = Selectable<InboundMessagesTable>;
