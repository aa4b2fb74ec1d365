import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { QueueRegistry } from '../../jobs/queues.js';
import type { Logger } from '../../log.js';
import { queueRows, type QueueableRow } from '../../outbox/queue.js';

// Work that may only start once a transaction has committed: queueing its messages, a job
// it created, a reschedule. Nothing is lost when it fails (Redis down, say): the rows are
// committed, and the sweeper (for messages and turns) or a capability's periodic check (for
// its jobs) does it again from them. So it never throws: it says what it could not do.

export async function afterCommit(log: Logger | undefined, what: string, work: () => Promise<unknown>, context: Record<string, unknown> = {}): Promise<void> {
  try {
    await work();
  } catch (error) {
    log?.error({ err: String(error), ...context }, `could not ${what} after commit; the sweeper or the periodic check does it later`);
  }
}

/** Queues committed outbox rows; the sweeper queues what this could not. */
export function queueAfterCommit(db: Kysely<Database>, queues: QueueRegistry, rows: readonly QueueableRow[], log: Logger | undefined): Promise<void> {
  if (rows.length === 0) return Promise.resolve();
  return afterCommit(log, 'queue messages', () => queueRows(db, queues, rows), { rows: rows.length });
}
