import type { Kysely } from 'kysely';
import type { ChannelName } from '../channels/types.js';
import type { Database } from '../db/schema.js';
import type { QueueRegistry } from '../jobs/queues.js';
import { queueRows, requeueRows, sendQueueName, type OrphanedRow } from './queue.js';

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

/**
 * Heals a Redis that lost its jobs (a restart without persistence): rows `queued` for
 * longer than `olderThanMs` whose send job no longer exists, or finished without sending
 * them, are queued again. Every such row is looked at, a page at a time (one query and
 * one Redis round trip per page). Returns how many were queued again.
 */
export async function sweepOrphans(db: Kysely<Database>, queues: QueueRegistry, olderThanMs: number, pageSize = 1000, maxPages = 50): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  let after = '0';
  let requeued = 0;
  for (let page = 0; page < maxPages; page++) {
    const rows = await db
      .selectFrom('outbound_messages')
      .select(['id', 'channel', 'address', 'path', 'priority', 'send_job_id', 'queued_at'])
      .where('status', '=', 'queued')
      // Only rows queued a while ago (as requeueLost checks again): during a big fan-out the
      // freshly queued rows are not read, page by page, on every sweep.
      .where('queued_at', '<', cutoff)
      .where('send_job_id', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    requeued += await requeueLost(db, queues, rows, cutoff);
    if (rows.length < pageSize) break;
  }
  return requeued;
}

/** Of these queued rows, queues again those queued before `cutoff` whose job is lost. */
export async function requeueLost(db: Kysely<Database>, queues: QueueRegistry, rows: readonly (OrphanedRow & { queued_at: Date | null })[], cutoff: Date): Promise<number> {
  // Only rows queued a while ago: a job just added (or a row just claimed by another
  // healer) is left alone. Rows queued before migration 0014 have no job id to look up.
  const candidates = rows.filter((r) => r.send_job_id !== null && r.queued_at !== null && r.queued_at < cutoff);
  if (candidates.length === 0) return 0;
  const presence = await queues.jobPresence(
    candidates.map((r) => ({ queueName: sendQueueName(r.channel as ChannelName, r.path, r.address), jobId: r.send_job_id! })),
  );
  const lost = candidates.filter((_, i) => presence[i] !== 'live');
  // A job that finished a moment ago may have sent a row after we read it: requeueRows
  // only takes rows still `queued` under the job id read here.
  return requeueRows(db, queues, lost);
}
