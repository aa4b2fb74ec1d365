import { Worker } from 'bullmq';
import { INBOUND_QUEUE, redisConnection } from '../../jobs/queues.js';
import { watch, type WorkerSettings } from '../../jobs/workers.js';
import type { InboundJobData, Runtime } from './runtime.js';

// The turn worker: each job handles every waiting message of one chat. Its turns run in
// batches (turn-batcher.ts): `parallel` batch transactions at once; the worker takes
// enough jobs to fill them, and more, so the next batches are ready when one commits.

export function startInboundWorker(settings: WorkerSettings, runtime: Runtime, parallel = 4): Worker<InboundJobData> {
  runtime.batcher.setParallel(parallel);
  runtime.handleTurnsHere();
  const concurrency = parallel * runtime.batcher.batchSize * 2;
  const worker = new Worker<InboundJobData>(INBOUND_QUEUE, (job) => runtime.processChat(job.data.identityId), {
    connection: redisConnection(settings.queues.redisUrl),
    prefix: settings.queues.prefix,
    concurrency,
  });
  return watch(worker, settings.log, INBOUND_QUEUE);
}
