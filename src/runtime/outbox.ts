import type { Kysely } from 'kysely';
import type { ChannelName } from '../channels/types.js';
import type { Database, OutboundPath } from '../db/schema.js';
import { sendQueueName, type QueueRegistry } from '../jobs/queues.js';

// After commit, the outbox rows of a turn become one send job: the messages of one turn
// go out in order, and the job id (from the first row) makes queueing twice harmless.

export interface SendJobData {
  readonly outboxIds: readonly string[];
}

export interface QueueableRow {
  readonly id: string;
  readonly channel: string;
  readonly address: string | null;
  readonly path: OutboundPath;
  readonly priority: number;
}

export function sendJobId(outboxIds: readonly string[]): string {
  return `out-${outboxIds[0]}`;
}

/** Queues the given rows (grouped by chat and path, order kept) and marks them queued. */
export async function queueRows(db: Kysely<Database>, queues: QueueRegistry, rows: readonly QueueableRow[]): Promise<void> {
  const groups = new Map<string, QueueableRow[]>();
  for (const row of rows) {
    const key = `${row.channel}|${row.path}|${row.address}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    const ids = group.map((r) => r.id);
    const queue = queues.get(sendQueueName(first.channel as ChannelName, first.path, first.address));
    await queue.add('send', { outboxIds: ids } satisfies SendJobData, {
      jobId: sendJobId(ids),
      ...(first.priority > 0 ? { priority: first.priority } : {}),
    });
  }
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    await db.updateTable('outbound_messages').set({ status: 'queued', queued_at: new Date() }).where('id', 'in', ids).where('status', '=', 'pending').execute();
  }
}

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
