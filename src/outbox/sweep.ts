import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { QueueRegistry } from '../jobs/queues.js';
import { queueRows } from './queue.js';

/**
 * Heals a crash between commit and queueing: rows still `pending` after `olderThanMs`
 * are queued again. Returns how many were found.
 */
export async function sweepOutbox(db: Kysely<Database>, queues: QueueRegistry, olderThanMs: number, limit = 1000): Promise<number> {
  const rows = await db
    .selectFrom('outbound_messages')
    .select(['id', 'channel', 'address', 'path', 'priority'])
    .where('status', '=', 'pending')
    .where('created_at', '<', new Date(Date.now() - olderThanMs))
    .orderBy('id')
    .limit(limit)
    .execute();
  await queueRows(db, queues, rows);
  return rows.length;
}
