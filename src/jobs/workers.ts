import { Worker, type Job } from 'bullmq';
import type { Logger } from '../log.js';
import { redisConnection, type QueueRegistry } from './queues.js';

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
