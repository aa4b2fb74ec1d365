import { createHash } from 'node:crypto';
import type { Worker } from 'bullmq';
import type { ChannelSender } from './channels/types.js';
import type { Config } from './config.js';
import { connectDatabase, type DatabaseHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { createRenderer, loadResources, type Renderer } from './i18n.js';
import { Pacer, pacingFor, UNPACED, type PacingRule } from './outbox/pace.js';
import { QueueRegistry } from './jobs/queues.js';
import { sendQueueName } from './outbox/queue.js';
import { Redis } from 'ioredis';
import { scheduleSweeps, startSweepWorker } from './runtime/core/sweeper.js';
import { startStaffWorkers, staffTurnDeps } from './runtime/staff/jobs.js';
import { startInboundWorker } from './jobs/workers.js';
import { startSendWorker } from './outbox/send-worker.js';
import { startCheckinWorker } from './runtime/checkin/jobs.js';
import { startWorkshopWorker, workshopTurnDeps } from './runtime/workshop/jobs.js';
import { SurveyStore } from './runtime/checkin/context.js';
import { createLogger, type Logger } from './log.js';
import { ReferenceCache } from './runtime/core/references.js';
import { retryTransient } from './retry.js';
import { Runtime } from './runtime/core/runtime.js';
import type { TurnDeps } from './runtime/core/turn.js';
import type { Resource } from 'i18next';

// Builds the parts every process needs (database, queues, renderer, runtime) without
// starting anything; `main.ts`, `npm run chat`, the CLI and the tests decide what runs.

export interface App {
  readonly config: Config;
  readonly log: Logger;
  readonly database: DatabaseHandle;
  readonly queues: QueueRegistry;
  readonly renderer: Renderer;
  readonly runtime: Runtime;
  /** Turn workers and the sweeper: the `worker` role. */
  startTurnWorkers(concurrency?: number): Promise<void>;
  /** Sends from one queue in this process, unpaced (console, tests). */
  startSender(queueName: string, sender: ChannelSender, options?: { concurrency?: number; pacing?: PacingRule }): Worker;
  /** Sends a channel's replies and bulk messages from this process, each at its configured pace. */
  startChannelSenders(sender: ChannelSender, options?: { paced?: boolean }): Worker[];
  /** A shared Redis connection for small bookkeeping (pacing, channel status). */
  redis(): Redis;
  close(): Promise<void>;
}

export interface AppOptions {
  readonly log?: Logger;
  readonly clock?: () => Date;
  readonly queryCounter?: { count: number };
}

/** Changing the consent wording in either language changes the version stored with a consent. */
export function consentVersion(resources: Resource): string {
  const hash = createHash('sha256');
  for (const lang of Object.keys(resources).sort()) {
    const signup = (resources[lang]?.translation as Record<string, Record<string, string>>)['signup'];
    hash.update(`${lang}:${signup?.['consent'] ?? ''}`);
  }
  return `consent-${hash.digest('hex').slice(0, 12)}`;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  if (!config.DATABASE_URL) {
    log.warn(`DATABASE_URL is not set: using the embedded PGlite database in ${config.PGLITE_DIR} (fine for trying Wirabot; set DATABASE_URL for production)`);
  }
  const database = await connectDatabase({
    url: config.DATABASE_URL,
    pgliteDir: config.PGLITE_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    log,
    ...(options.queryCounter ? { queryCounter: options.queryCounter } : {}),
  });
  const applied = await retryTransient(() => migrateToLatest(database.db), {
    onRetry: (error, attempt) => log.warn({ err: String(error), attempt }, 'database unavailable at start-up, retrying'),
  });
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');

  const resources = loadResources();
  const renderer = await createRenderer(resources);
  const queues = new QueueRegistry({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, attempts: config.SEND_MAX_ATTEMPTS });
  const shutdown = new AbortController();
  const turnDeps: TurnDeps = {
    db: database.db,
    renderer,
    references: new ReferenceCache(database.db),
    facts: {
      orgName: config.ORG_NAME,
      orgShortName: config.ORG_SHORT_NAME,
      botName: config.BOT_NAME,
      officePhone: config.OFFICE_PHONE,
      officeAddress: config.OFFICE_ADDRESS,
      officeHours: config.OFFICE_HOURS,
    },
    memberPrefix: config.MEMBER_PREFIX,
    consentVersion: consentVersion(resources),
    clock: options.clock ?? (() => new Date()),
    checkins: { surveys: new SurveyStore(), growth: { bandPercent: config.GROWTH_BAND_PERCENT, window: config.GROWTH_WINDOW } },
    staff: staffTurnDeps(config, queues, log),
    workshops: workshopTurnDeps(config, database.db, queues, log),
  };
  const runtime = new Runtime(database.db, queues, turnDeps, log, shutdown.signal);
  const workers: Worker[] = [];
  let sharedRedis: Redis | null = null;

  function getRedis(): Redis {
    if (!sharedRedis) {
      sharedRedis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
      sharedRedis.on('error', (error) => log.warn({ err: error.message }, 'redis connection error (will reconnect)'));
    }
    return sharedRedis;
  }

  function startSender(queueName: string, sender: ChannelSender, options: { concurrency?: number; pacing?: PacingRule } = {}): Worker {
    const path = queueName.endsWith('-bulk') ? 'bulk' : 'reply';
    const pacer = options.pacing ? new Pacer(getRedis(), config.QUEUE_PREFIX, sender.channel, path, options.pacing) : undefined;
    const worker = startSendWorker({ queues, log }, { queueName, db: database.db, sender, concurrency: options.concurrency ?? 1, ...(pacer ? { pacer } : {}) });
    workers.push(worker);
    return worker;
  }

  return {
    config,
    log,
    database,
    queues,
    renderer,
    runtime,
    async startTurnWorkers(concurrency = config.TURN_CONCURRENCY) {
      workers.push(startInboundWorker({ queues, log }, runtime, concurrency));
      const sweepDeps = { db: database.db, queues, runtime, graceMs: config.SWEEP_INTERVAL_MS };
      workers.push(startSweepWorker(sweepDeps, log));
      await scheduleSweeps(queues, config.SWEEP_INTERVAL_MS);
      workers.push(startCheckinWorker({ db: database.db, queues, turnDeps, config, log }));
      const staffJobs = { db: database.db, queues, renderer, references: turnDeps.references, log, config, redis: getRedis };
      workers.push(...(await startStaffWorkers(staffJobs)));
      workers.push(await startWorkshopWorker({ db: database.db, queues, turnDeps, config, log }));
    },
    startSender,
    startChannelSenders(sender, senderOptions = {}) {
      return (['reply', 'bulk'] as const).map((path) => {
        const pacing = senderOptions.paced === false ? UNPACED : pacingFor(sender.channel, path, config);
        // Pacing decides the rate; concurrency only keeps the platform's round trips overlapping.
        return startSender(sendQueueName(sender.channel, path), sender, { concurrency: path === 'reply' ? 8 : 4, pacing });
      });
    },
    redis: getRedis,
    async close() {
      shutdown.abort();
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
      sharedRedis?.disconnect();
      await database.close();
    },
  };
}
