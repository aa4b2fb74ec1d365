import { Worker } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { sweepOrphans, sweepOutbox } from '../../outbox/sweep.js';
import type { Runtime } from './runtime.js';
import { INBOUND_QUEUE, redisConnection, type QueueRegistry } from '../../jobs/queues.js';
import type { Logger } from '../../log.js';

// Heals what a crash or an outage left half-done: messages recorded but never turned into
// a turn job, replies committed but never queued, rows queued whose job Redis lost (a
// restart without persistence), and job schedulers Redis forgot. Runs as a BullMQ job scheduler so
// that one sweep happens per interval however many workers there are.

export const MAINTENANCE_QUEUE = 'maintenance';

export interface SweepDeps {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly runtime: Runtime;
  readonly graceMs: number;
}

export async function sweepOnce(deps: SweepDeps): Promise<{ inbound: number; outbound: number; requeued: number; schedulers: number }> {
  const schedulers = (await deps.queues.ensureSchedulers()).length;
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
  // A message still waiting whose job is still to run is left to it. One whose job is gone
  // (Redis lost it) is scheduled again; one whose job finished or failed without handling it
  // (the turn failed every try, or the job handed its chat to a loop that then failed) gets
  // a job under a new id, since a job id that still exists is never added twice.
  const presence = await deps.queues.jobPresence(waiting.map((row) => ({ queueName: INBOUND_QUEUE, jobId: `in-${row.id}` })));
  const retry = Date.now().toString(36);
  let scheduled = 0;
  for (const [i, row] of waiting.entries()) {
    if (presence[i] === 'live') continue;
    await deps.runtime.scheduleTurn(row.identity_id!, row.id, presence[i] === 'finished' ? retry : undefined);
    scheduled++;
  }
  const outbound = await sweepOutbox(deps.db, deps.queues, deps.graceMs);
  const requeued = await sweepOrphans(deps.db, deps.queues, deps.graceMs);
  return { inbound: scheduled, outbound, requeued, schedulers };
}

export async function scheduleSweeps(queues: QueueRegistry, everyMs: number): Promise<void> {
  await queues.upsertScheduler({ queueName: MAINTENANCE_QUEUE, id: 'sweep', repeat: { every: everyMs }, template: { name: 'sweep' } });
}

export function startSweepWorker(deps: SweepDeps, log: Logger): Worker {
  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name !== 'sweep') return;
      const found = await sweepOnce(deps);
      if (found.inbound + found.outbound + found.requeued + found.schedulers > 0) log.warn(found, 'sweeper re-queued unfinished work');
    },
    { connection: redisConnection(deps.queues.redisUrl), prefix: deps.queues.prefix, concurrency: 1 },
  );
  worker.on('error', (error) => log.error({ err: error.message }, 'sweep worker error (will reconnect)'));
  return worker;
}
