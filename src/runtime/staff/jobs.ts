import { Worker } from 'bullmq';
import { redisConnection } from '../../jobs/queues.js';
import { watch } from '../../jobs/workers.js';
import type { Services } from '../core/capability.js';
import { checkWhatsApp } from './whatsapp-alert.js';

// The staff side of the `worker` role: a check on a schedule that tells staff when WhatsApp
// has been down too long. The job scheduler runs it once per interval however many workers
// there are.

export const STAFF_CHECKS_QUEUE = 'staff-checks';

export async function startStaffWorkers(s: Services): Promise<Worker[]> {
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
      if (job.name === 'whatsapp') await checkWhatsApp(alerts);
    },
    { connection: redisConnection(s.queues.redisUrl), prefix: s.queues.prefix, concurrency: 1 },
  );
  const queue = s.queues.get(STAFF_CHECKS_QUEUE);
  // The broadcast check ran on this queue before it had its own.
  await queue.removeJobScheduler('broadcast-check');
  if (s.config.WHATSAPP_ENABLED) {
    const every = Math.max(250, Math.min(30_000, Math.floor(s.config.WHATSAPP_ALERT_AFTER / 4)));
    await s.queues.upsertScheduler({ queueName: STAFF_CHECKS_QUEUE, id: 'whatsapp-check', repeat: { every }, template: { name: 'whatsapp' } });
  } else {
    await s.queues.removeScheduler(STAFF_CHECKS_QUEUE, 'whatsapp-check');
  }
  return [watch(checks, s.log, STAFF_CHECKS_QUEUE)];
}
