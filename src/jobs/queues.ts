import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

// The one place that creates BullMQ queues. Every process that talks to the same Redis
// with the same prefix shares these queues.

export const INBOUND_QUEUE = 'inbound';

export function redisConnection(url: string): ConnectionOptions {
  // null: a Redis outage makes commands wait for the reconnect instead of failing jobs.
  return { url, maxRetriesPerRequest: null, enableOfflineQueue: true };
}

export interface QueueSettings {
  readonly redisUrl: string;
  readonly prefix: string;
  /** Tries per job before it fails for good (network errors, a database outage). */
  readonly attempts?: number;
}

function defaultJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** Lazily opened queues, one per name, closed together. */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();
  constructor(private readonly settings: QueueSettings) {}

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: redisConnection(this.settings.redisUrl),
        prefix: this.settings.prefix,
        defaultJobOptions: defaultJobOptions(this.settings.attempts ?? 5),
      });
      queue.on('error', () => undefined); // surfaced through the caller's failed add
      this.queues.set(name, queue);
    }
    return queue;
  }

  get prefix(): string {
    return this.settings.prefix;
  }

  get redisUrl(): string {
    return this.settings.redisUrl;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
