import { Worker } from 'bullmq';
import { redisConnection } from '../../jobs/queues.js';
import { watch } from '../../jobs/workers.js';
import type { Services } from '../core/capability.js';
import { purgeMisses } from './misses.js';

// Once a day, the misses older than twelve months are deleted (the scheduler registers the
// job once however many schedulers start; a purge run twice deletes nothing more).

export const UNDERSTAND_QUEUE = 'understand';
const DAY_MS = 24 * 3_600_000;

export async function startUnderstandWorker(s: Services): Promise<Worker[]> {
  const worker = new Worker(
    UNDERSTAND_QUEUE,
    async (job) => {
      if (job.name !== 'purge-misses') return;
      const deleted = await purgeMisses(s.db, s.clock());
      if (deleted > 0) s.log.info({ deleted }, 'misses older than twelve months deleted');
    },
    { connection: redisConnection(s.queues.redisUrl), prefix: s.queues.prefix, concurrency: 1 },
  );
  return [watch(worker, s.log, UNDERSTAND_QUEUE)];
}

export async function scheduleMissesPurge(s: Services): Promise<void> {
  await s.queues.upsertScheduler({ queueName: UNDERSTAND_QUEUE, id: 'purge-misses', repeat: { every: DAY_MS }, template: { name: 'purge-misses' } });
}
