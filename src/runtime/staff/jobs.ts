import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import type { Renderer } from '../../i18n.js';
import type { Logger } from '../../log.js';
import type { ReferenceCache } from '../core/references.js';
import type { StaffDeps } from '../broadcast/handlers.js';
import { FANOUT_QUEUE, checkBroadcasts, fanOut, queueFanout, type BroadcastJobDeps, type FanoutJobData } from '../broadcast/fanout.js';
import { pacingFor } from '../../outbox/pace.js';
import { startFanoutWorker } from '../../jobs/workers.js';
import { redisConnection, type QueueRegistry } from '../../jobs/queues.js';
import { checkWhatsApp } from './whatsapp-alert.js';

// The staff side of the `worker` role: broadcast fan-out on its own queue, and two checks
// on a schedule (broadcasts finished → summary; WhatsApp down too long → alert). Job
// schedulers run each check once per interval however many workers there are.

export const STAFF_CHECKS_QUEUE = 'staff-checks';

export interface StaffJobSettings {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly renderer: Renderer;
  readonly references: ReferenceCache;
  readonly log: Logger;
  readonly config: Config;
  readonly redis: () => Redis;
}

/** What a turn needs for staff events. */
export function staffTurnDeps(config: Config, queues: QueueRegistry, log: Logger): StaffDeps {
  return {
    pacing: (channel) => pacingFor(channel, 'bulk', config),
    timeZone: config.TZ,
    async startFanout(broadcastId) {
      try {
        await queueFanout(queues, broadcastId);
      } catch (error) {
        // The broadcast is committed; the broadcast check starts its fan-out once Redis is back.
        log.error({ err: String(error), broadcastId }, 'could not queue a broadcast fan-out, the check will');
      }
    },
  };
}

export function broadcastJobDeps(s: StaffJobSettings): BroadcastJobDeps {
  return {
    db: s.db,
    queues: s.queues,
    renderer: s.renderer,
    references: s.references,
    log: s.log,
    timeZone: s.config.TZ,
    batchSize: s.config.BROADCAST_FANOUT_BATCH,
  };
}

export async function startStaffWorkers(s: StaffJobSettings): Promise<Worker[]> {
  const connection = { connection: redisConnection(s.queues.redisUrl), prefix: s.queues.prefix };
  const broadcasts = broadcastJobDeps(s);
  const fanout = startFanoutWorker<FanoutJobData>(FANOUT_QUEUE, (job) => fanOut(broadcasts, job.data.broadcastId, job), { queues: s.queues, log: s.log });
  const alerts = {
    db: s.db,
    queues: s.queues,
    renderer: s.renderer,
    redis: s.redis(),
    redisUrl: s.config.REDIS_URL,
    prefix: s.queues.prefix,
    alertAfterMs: s.config.WHATSAPP_ALERT_AFTER,
    sessionDir: s.config.WHATSAPP_SESSION_DIR,
    timeZone: s.config.TZ,
    log: s.log,
  };
  const checks = new Worker(
    STAFF_CHECKS_QUEUE,
    async (job) => {
      if (job.name === 'broadcasts') await checkBroadcasts(broadcasts);
      else if (job.name === 'whatsapp') await checkWhatsApp(alerts);
    },
    { ...connection, concurrency: 1 },
  );
  for (const [worker, name] of [[fanout, FANOUT_QUEUE], [checks, STAFF_CHECKS_QUEUE]] as const) {
    worker.on('failed', (job, error) => s.log.warn({ queue: name, jobId: job?.id, err: error.message }, 'job failed'));
    worker.on('error', (error) => s.log.error({ queue: name, err: error.message }, 'worker error (will reconnect)'));
  }
  const queue = s.queues.get(STAFF_CHECKS_QUEUE);
  await queue.upsertJobScheduler('broadcast-check', { every: s.config.BROADCAST_CHECK_INTERVAL_MS }, { name: 'broadcasts' });
  if (s.config.WHATSAPP_ENABLED) {
    const every = Math.max(250, Math.min(30_000, Math.floor(s.config.WHATSAPP_ALERT_AFTER / 4)));
    await queue.upsertJobScheduler('whatsapp-check', { every }, { name: 'whatsapp' });
  } else {
    await queue.removeJobScheduler('whatsapp-check');
  }
  return [fanout, checks];
}
