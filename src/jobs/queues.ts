import { Queue, type ConnectionOptions, type JobSchedulerTemplateOptions, type JobsOptions, type RepeatOptions } from 'bullmq';
import { Redis } from 'ioredis';

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

/** A repeatable job this process keeps in Redis (see QueueRegistry.upsertScheduler). */
export interface SchedulerSpec {
  readonly queueName: string;
  readonly id: string;
  readonly repeat: Omit<RepeatOptions, 'key'>;
  readonly template: { name: string; data?: unknown; opts?: JobSchedulerTemplateOptions };
}

/** What happens to a job, read straight from its hash: gone, finished (completed or failed) or still to run. */
export type JobPresence = 'missing' | 'finished' | 'live';

/**
 * Lazily opened queues, one per name, closed together. It also remembers every job
 * scheduler this process created: Redis without persistence forgets them on a restart,
 * so they are created again whenever the connection becomes ready after a loss (and
 * whenever `ensureSchedulers` finds one missing: the sweeper asks on every sweep).
 */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();
  private readonly schedulers = new Map<string, SchedulerSpec>();
  private watcher: Redis | null = null;
  private lostConnection = false;
  /** Connections lost so far: a check that a loss overtook is done again. */
  private losses = 0;
  private ensuring: Promise<string[]> | null = null;
  /** Told when schedulers were created again (the app logs it). */
  onSchedulersRestored: (ids: readonly string[]) => void = () => undefined;
  onSchedulerError: (error: unknown) => void = () => undefined;
  constructor(private readonly settings: QueueSettings) {}

  /** Creates (or updates) a job scheduler and remembers it, to create it again after Redis lost it. */
  async upsertScheduler(spec: SchedulerSpec): Promise<void> {
    this.schedulers.set(`${spec.queueName}|${spec.id}`, spec);
    this.watch();
    await this.get(spec.queueName).upsertJobScheduler(spec.id, spec.repeat, spec.template);
  }

  async removeScheduler(queueName: string, id: string): Promise<void> {
    this.schedulers.delete(`${queueName}|${id}`);
    await this.get(queueName).removeJobScheduler(id);
  }

  /** Creates again every remembered scheduler that Redis no longer has; returns their ids. */
  ensureSchedulers(): Promise<string[]> {
    // One check at a time: a reconnect and a sweep at once need not both ask. But a check
    // that Redis went away under found some schedulers before they were lost: the reconnect
    // that now joins it would be told "all there" while they are gone, and with the sweep's
    // own scheduler among them nothing would ever look again. So it starts over.
    this.ensuring ??= (async () => {
      const restored = new Set<string>();
      try {
        for (let lossesBefore = -1; lossesBefore !== this.losses; ) {
          lossesBefore = this.losses;
          for (const spec of this.schedulers.values()) {
            const queue = this.get(spec.queueName);
            if (await queue.getJobScheduler(spec.id)) continue;
            await queue.upsertJobScheduler(spec.id, spec.repeat, spec.template);
            restored.add(spec.id);
          }
        }
      } finally {
        this.ensuring = null;
      }
      if (restored.size > 0) this.onSchedulersRestored([...restored]);
      return [...restored];
    })();
    return this.ensuring;
  }

  /**
   * Whether each job still exists in Redis and whether it has finished, one round trip
   * for all of them. A `queued` outbox row whose job is missing or finished is orphaned.
   */
  async jobPresence(jobs: readonly { queueName: string; jobId: string }[]): Promise<JobPresence[]> {
    if (jobs.length === 0) return [];
    const pipeline = this.client().pipeline();
    for (const job of jobs) pipeline.hmget(this.get(job.queueName).toKey(job.jobId), 'timestamp', 'finishedOn');
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, value]) => {
      if (error) throw error;
      const [timestamp, finishedOn] = value as [string | null, string | null];
      if (timestamp === null) return 'missing';
      return finishedOn === null ? 'live' : 'finished';
    });
  }

  /** A plain connection of the registry's own: job look-ups, and the signal that Redis is back. */
  private client(): Redis {
    this.watch();
    return this.watcher!;
  }

  private watch(): void {
    if (this.watcher) return;
    const watcher = new Redis(this.settings.redisUrl, { maxRetriesPerRequest: null });
    watcher.on('error', () => undefined); // it reconnects; the queues report their own errors
    watcher.on('close', () => {
      if (!this.lostConnection) this.losses++;
      this.lostConnection = true;
    });
    watcher.on('ready', () => {
      if (!this.lostConnection) return;
      this.lostConnection = false;
      this.ensureSchedulers().catch((error: unknown) => this.onSchedulerError(error));
    });
    this.watcher = watcher;
  }

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
    const watcher = this.watcher;
    this.watcher = null;
    watcher?.removeAllListeners('ready');
    watcher?.disconnect();
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
