import { Worker, type Job } from 'bullmq';
import type { Kysely } from 'kysely';
import type { ChannelSender } from '../channels/types.js';
import type { Database } from '../db/schema.js';
import { redisConnection } from '../jobs/queues.js';
import { watch, type WorkerSettings } from '../jobs/workers.js';
import { deliverJob, RowTaker } from './deliver.js';
import { SentMarker } from './mark-sent.js';
import type { Pacer } from './pace.js';
import type { SendJobData } from './queue.js';

// The worker that sends one queue's messages: a thin shell around deliverJob.

export interface SendWorkerOptions {
  readonly queueName: string;
  readonly db: Kysely<Database>;
  readonly sender: ChannelSender;
  readonly concurrency?: number;
  readonly pacer?: Pacer;
}

export function startSendWorker(settings: WorkerSettings, options: SendWorkerOptions): Worker<SendJobData> {
  const deps = {
    db: options.db,
    sender: options.sender,
    log: settings.log,
    queue: settings.queues.get(options.queueName),
    queues: settings.queues,
    marker: new SentMarker(options.db),
    taker: new RowTaker(options.db),
    ...(options.pacer ? { pacer: options.pacer } : {}),
  };
  const worker = new Worker<SendJobData>(options.queueName, (job: Job<SendJobData>, token?: string) => deliverJob(deps, job, token), {
    connection: redisConnection(settings.queues.redisUrl),
    prefix: settings.queues.prefix,
    concurrency: options.concurrency ?? 1,
  });
  return watch(worker, settings.log, options.queueName);
}
