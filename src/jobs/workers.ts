import { Worker, type Job } from 'bullmq';
import type { Logger } from '../log.js';
import type { InboundJobData, Runtime } from '../runtime/core/runtime.js';
import { INBOUND_QUEUE, redisConnection, type QueueRegistry } from './queues.js';

// BullMQ workers. Each is a thin shell around a function that can be tested on its own.

export interface WorkerSettings {
  readonly queues: QueueRegistry;
  readonly log: Logger;
}

export function watch<T>(worker: Worker<T>, log: Logger, name: string): Worker<T> {
  worker.on('failed', (job, error) => log.warn({ queue: name, jobId: job?.id, err: error.message }, 'job failed'));
  worker.on('error', (error) => log.error({ queue: name, err: error.message }, 'worker error (will reconnect)'));
  return worker;
}

export function startInboundWorker(settings: WorkerSettings, runtime: Runtime, concurrency = 8): Worker<InboundJobData> {
  const worker = new Worker<InboundJobData>(INBOUND_QUEUE, (job) => runtime.processChat(job.data.identityId), {
    connection: redisConnection(settings.queues.redisUrl),
    prefix: settings.queues.prefix,
    concurrency,
  });
  return watch(worker, settings.log, INBOUND_QUEUE);
}

/**
 * For long, resumable jobs (fan-outs to thousands): a short lock, so when a worker is
 * killed another takes the job over within seconds and continues where it stopped.
 */
export function startFanoutWorker<T>(queueName: string, processor: (job: Job<T>) => Promise<unknown>, settings: WorkerSettings): Worker<T> {
  const worker = new Worker<T>(queueName, processor, {
    connection: redisConnection(settings.queues.redisUrl),
    prefix: settings.queues.prefix,
    concurrency: 2,
    lockDuration: 15_000,
    stalledInterval: 5_000,
    maxStalledCount: 20,
  });
  return watch(worker, settings.log, queueName);
}
