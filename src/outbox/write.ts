import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { QueueRegistry } from '../jobs/queues.js';
import type { MessageSource } from './dedupe-key.js';
import { queueRows, type QueueableRow } from './queue.js';

// Messages nobody just asked for: check-in questions, reminders, announcements. They are
// written to the outbox with a dedupe key (so a fan-out that runs twice adds nothing) and
// go out on each channel's bulk path, behind any replies.

export interface BulkMessage {
  readonly identityId: string;
  readonly personId: string | null;
  readonly channel: string;
  readonly address: string;
  readonly text: string;
  readonly choices?: readonly string[];
  readonly footer?: string | null;
  readonly dedupeKey: string;
  /** What it is about (outbox/dedupe-key.ts builds both from the same parts). */
  readonly source?: MessageSource;
  /** Lower goes first among bulk messages: see BULK_PRIORITY (default: an announcement). */
  readonly priority?: number;
  /** After this a message is no longer useful and ends as `expired`. */
  readonly expiresAt?: Date | null;
  /** People the text names other than its recipient (a notice to staff), by id: erasing one scrubs it. */
  readonly mentions?: readonly string[];
}

/** Rows per statement: Postgres takes at most 65,535 parameters in one (16 columns a row). */
const INSERT_CHUNK = 2000;

/** Inserts what is new (by dedupe key) and returns the rows that were inserted. */
export async function insertBulk(db: Kysely<Database>, messages: readonly BulkMessage[]): Promise<QueueableRow[]> {
  if (messages.length <= INSERT_CHUNK) return insertChunk(db, messages);
  const rows: QueueableRow[] = [];
  for (let i = 0; i < messages.length; i += INSERT_CHUNK) rows.push(...(await insertChunk(db, messages.slice(i, i + INSERT_CHUNK))));
  return rows;
}

async function insertChunk(db: Kysely<Database>, messages: readonly BulkMessage[]): Promise<QueueableRow[]> {
  if (messages.length === 0) return [];
  return db
    .insertInto('outbound_messages')
    .values(
      messages.map((m) => ({
        identity_id: m.identityId,
        person_id: m.personId,
        channel: m.channel,
        address: m.address,
        text: m.text,
        choices: JSON.stringify(m.choices ?? []),
        footer: m.footer ?? null,
        path: 'bulk' as const,
        priority: m.priority ?? 0,
        expires_at: m.expiresAt ?? null,
        dedupe_key: m.dedupeKey,
        topic: m.source?.topic ?? null,
        broadcast_id: m.source?.broadcastId ?? null,
        workshop_id: m.source?.workshopId ?? null,
        run_id: m.source?.runId ?? null,
        mentions: m.mentions && m.mentions.length > 0 ? [...m.mentions] : null,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').where('dedupe_key', 'is not', null).doNothing())
    .returning(['id', 'channel', 'address', 'path', 'priority'])
    .execute();
}

/** Inserts and queues in one go; a crash between the two is healed by the sweeper. */
export async function sendBulk(db: Kysely<Database>, queues: QueueRegistry, messages: readonly BulkMessage[]): Promise<number> {
  const rows = await insertBulk(db, messages);
  await queueRows(db, queues, rows);
  return rows.length;
}

