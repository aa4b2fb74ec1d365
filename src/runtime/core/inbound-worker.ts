import { Worker } from 'bullmq';
import { INBOUND_QUEUE, redisConnection } from '../../jobs/queues.js';
import { watch, type WorkerSettings } from '../../jobs/workers.js';
import type { InboundJobData, Runtime } from './runtime.js';

// The turn worker: each job handles every waiting message of one chat.

export function startInboundWorker(settings: WorkerSettings, runtime: Runtime, concurrency = 8): Worker<InboundJobData> {
  const worker = new Worker<InboundJobData>(INBOUND_QUEUE, (job) => runtime.processChat(job.data.identityId), {
    connection: redisConnection(settings.queues.redisUrl),
    prefix: settings.queues.prefix,
    concurrency,
  });
  return watch(worker, settings.log, INBOUND_QUEUE);
}
