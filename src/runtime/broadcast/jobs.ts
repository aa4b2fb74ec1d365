import { Worker } from 'bullmq';
import { redisConnection } from '../../jobs/queues.js';
import { startFanoutWorker, watch } from '../../jobs/workers.js';
import type { Services } from '../core/capability.js';
import { FANOUT_QUEUE, checkBroadcasts, fanOut, type BroadcastJobDeps, type FanoutJobData } from './fanout.js';

// Broadcasts in the `worker` role: the fan-out on its own queue, and a check on a schedule
// (a fan-out that never started is started; a broadcast with nothing left waiting gets its
// summary). The job scheduler runs the check once per interval however many workers there are.

export const BROADCAST_CHECKS_QUEUE = 'broadcast-checks';

export function broadcastJobDeps(s: Services): BroadcastJobDeps {
  return {
    db: s.db,
    queues: s.queues,
    renderer: s.renderer,
    references: s.references,
    log: s.log,
    timeZone: s.config.TZ,
    batchSize: s.config.BROADCAST_FANOUT_BATCH,
    segments: s.segments,
  };
}

export async function startBroadcastWorkers(s: Services): Promise<Worker[]> {
  const deps = broadcastJobDeps(s);
  const fanout = startFanoutWorker<FanoutJobData>(FANOUT_QUEUE, (job) => fanOut(deps, job.data.broadcastId, job), { queues: s.queues, log: s.log });
  const checks = new Worker(BROADCAST_CHECKS_QUEUE, () => checkBroadcasts(deps), { connection: redisConnection(s.queues.redisUrl), prefix: s.queues.prefix, concurrency: 1 });
  await s.queues.upsertScheduler({ queueName: BROADCAST_CHECKS_QUEUE, id: 'broadcast-check', repeat: { every: s.config.BROADCAST_CHECK_INTERVAL_MS }, template: { name: 'broadcasts' } });
  return [fanout, watch(checks, s.log, BROADCAST_CHECKS_QUEUE)];
}
