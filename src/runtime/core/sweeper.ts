import { Worker } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { sweepOutbox } from '../../outbox/sweep.js';
import type { Runtime } from './runtime.js';
import { redisConnection, type QueueRegistry } from '../../jobs/queues.js';
import type { Logger } from '../../log.js';

// Heals what a crash or an outage left half-done: messages recorded but never turned into
// a turn job, and replies committed but never queued. Runs as a BullMQ job scheduler so
// that one sweep happens per interval however many workers there are.

export const MAINTENANCE_QUEUE = 'maintenance';

export interface SweepDeps {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly runtime: Runtime;
  readonly graceMs: number;
}

export async function sweepOnce(deps: SweepDeps): Promise<{ inbound: number; outbound: number }> {
  const cutoff = new Date(Date.now() - deps.graceMs);
  // A chat erased while messages waited: nothing left to answer.
  await deps.db.updateTable('inbound_messages').set({ handled_at: new Date() }).where('handled_at', 'is', null).where('identity_id', 'is', null).execute();
  const waiting = await deps.db
    .selectFrom('inbound_messages')
    .select(['id', 'identity_id'])
    .where('handled_at', 'is', null)
    .where('received_at', '<', cutoff)
    .orderBy('id')
    .limit(1000)
    .execute();
  for (const row of waiting) await deps.runtime.scheduleTurn(row.identity_id!, row.id);
  const outbound = await sweepOutbox(deps.db, deps.queues, deps.graceMs);
  return { inbound: waiting.length, outbound };
}

export async function scheduleSweeps(queues: QueueRegistry, everyMs: number): Promise<void> {
  await queues.get(MAINTENANCE_QUEUE).upsertJobScheduler('sweep', { every: everyMs }, { name: 'sweep' });
}

export function startSweepWorker(deps: SweepDeps, log: Logger): Worker {
  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name !== 'sweep') return;
      const found = await sweepOnce(deps);
      if (found.inbound + found.outbound > 0) log.warn(found, 'sweeper re-queued unfinished work');
    },
    { connection: redisConnection(deps.queues.redisUrl), prefix: deps.queues.prefix, concurrency: 1 },
  );
  worker.on('error', (error) => log.error({ err: error.message }, 'sweep worker error (will reconnect)'));
  return worker;
}
