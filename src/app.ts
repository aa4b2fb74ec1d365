import { createHash } from 'node:crypto';
import type { Worker } from 'bullmq';
import type { Resource } from 'i18next';
import { Redis } from 'ioredis';
import { CAPABILITIES, engine, segments, type AnyCapability } from './capabilities.js';
import type { ChannelPort } from './channels/port.js';
import { loadCityReferences, loadCityVocabulary } from './city/load.js';
import { seedFaq, syncReferenceTables } from './city/sync.js';
import type { ChannelSender, Inbound } from './channels/types.js';
import type { Config } from './config.js';
import { connectDatabase, type DatabaseHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { createRenderer, loadResources, type Renderer } from './i18n.js';
import { QueueRegistry } from './jobs/queues.js';
import { createLogger, type Logger } from './log.js';
import { Pacer, pacingFor, UNPACED, type PacingRule } from './outbox/pace.js';
import { sendQueueName } from './outbox/queue.js';
import { startSendWorker } from './outbox/send-worker.js';
import { retryTransient } from './retry.js';
import type { CapabilityParts, Services } from './runtime/core/capability.js';
import { composeHandlers } from './runtime/core/handlers.js';
import { startInboundWorker } from './runtime/core/inbound-worker.js';
import { idHasher } from './runtime/core/id-hash.js';
import { ReferenceCache } from './runtime/core/references.js';
import { Runtime } from './runtime/core/runtime.js';
import { scheduleSweeps, startSweepWorker } from './runtime/core/sweeper.js';
import type { TurnDeps } from './runtime/core/turn.js';
import { ChangeFeed } from './db/changes.js';

// Builds the parts every process needs (database, queues, renderer, runtime) and each
// capability's, without starting anything; `main.ts`, `npm run chat`, the CLI and the
// tests decide what runs.

export interface App extends ChannelPort {
  readonly config: Config;
  readonly log: Logger;
  readonly database: DatabaseHandle;
  readonly queues: QueueRegistry;
  readonly renderer: Renderer;
  readonly runtime: Runtime;
  /** What capabilities are built from; the command line's commands use it too. */
  readonly services: Services;
  /** Turn workers, the sweeper and every capability's workers: the `worker` role. */
  startTurnWorkers(concurrency?: number): Promise<void>;
  /** Every capability's repeatable jobs: the `scheduler` role. */
  schedule(): Promise<void>;
  /** Sends from one queue in this process, unpaced (console, tests). */
  startSender(queueName: string, sender: ChannelSender, options?: { concurrency?: number; pacing?: PacingRule }): Worker;
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
    const signup = (resources[lang]?.translation as Record<string, Record<string, string>> | undefined)?.['signup'];
    hash.update(`${lang}:${signup?.['consent'] ?? ''}`);
  }
  return `consent-${hash.digest('hex').slice(0, 12)}`;
}

/** The reference tables follow the city folder (src/city/<CITY>/) at every start. */
async function syncCity(database: DatabaseHandle, city: string, log: Logger): Promise<void> {
  const synced = await syncReferenceTables(database.db, loadCityReferences(city));
  const faq = await seedFaq(database.db, loadCityVocabulary(city).faq);
  if (faq > 0) log.info({ city, added: faq }, 'FAQ entries added from the city folder');
  for (const [table, s] of Object.entries(synced)) {
    if (s.added.length + s.updated.length + s.hidden.length + s.deleted.length > 0) log.info({ city, table, ...s }, `${table} synced from the city folder`);
  }
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
  await syncCity(database, config.CITY, log);

  const resources = loadResources();
  const facts = {
    orgName: config.ORG_NAME,
    orgShortName: config.ORG_SHORT_NAME,
    botName: config.BOT_NAME,
    officePhone: config.OFFICE_PHONE,
    officeAddress: config.OFFICE_ADDRESS,
    officeHours: config.OFFICE_HOURS,
  };
  const renderer = await createRenderer(resources, facts);
  const queues = new QueueRegistry({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, attempts: config.SEND_MAX_ATTEMPTS });
  queues.onSchedulersRestored = (ids) => log.warn({ schedulers: ids }, 'redis had lost job schedulers (a restart?): created them again');
  queues.onSchedulerError = (error) => log.error({ err: String(error) }, 'could not re-create job schedulers; the next sweep tries again');
  const shutdown = new AbortController();
  const workers: Worker[] = [];
  let sharedRedis: Redis | null = null;

  function redis(): Redis {
    if (!sharedRedis) {
      sharedRedis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
      sharedRedis.on('error', (error) => log.warn({ err: error.message }, 'redis connection error (will reconnect)'));
    }
    return sharedRedis;
  }

  // What turns keep in memory is dropped when the database says it changed (Postgres only).
  const changes = database.kind === 'postgres' && config.DATABASE_URL ? new ChangeFeed(config.DATABASE_URL, log) : undefined;
  const services: Services = {
    db: database.db,
    queues,
    renderer,
    config,
    log,
    clock: options.clock ?? (() => new Date()),
    facts,
    references: new ReferenceCache(database.db, 60_000, undefined, config.CITY, changes),
    ...(changes ? { changes } : {}),
    segments,
    redis,
  };
  const parts: CapabilityParts<never>[] = CAPABILITIES.map((c: AnyCapability) => c.setUp?.(services) ?? {});
  const turnDeps: TurnDeps = {
    db: database.db,
    engine,
    segments,
    renderer,
    references: services.references,
    facts: services.facts,
    memberPrefix: config.MEMBER_PREFIX,
    consentVersion: consentVersion(resources),
    clock: services.clock,
    log,
    handlers: composeHandlers(parts.flatMap((p) => (p.handlers ? [p.handlers] : []))),
    loaders: parts.flatMap((p) => (p.context ? [p.context] : [])),
    erasers: parts.flatMap((p) => (p.erase ? [p.erase] : [])),
    hashId: idHasher(config.ID_HASH_KEY),
    sendsRepliesHere: (channel) => runtime.sendsRepliesHere(channel),
  };
  const runtime = new Runtime(database.db, queues, turnDeps, log, shutdown.signal, { batchSize: config.TURN_BATCH_SIZE, parallel: config.TURN_CONCURRENCY });

  function startSender(queueName: string, sender: ChannelSender, senderOptions: { concurrency?: number; pacing?: PacingRule } = {}): Worker {
    const path = queueName.endsWith('-bulk') ? 'bulk' : 'reply';
    const pacer = senderOptions.pacing ? new Pacer(redis(), config.QUEUE_PREFIX, sender.channel, path, senderOptions.pacing) : undefined;
    const worker = startSendWorker({ queues, log }, { queueName, db: database.db, sender, concurrency: senderOptions.concurrency ?? 1, ...(pacer ? { pacer } : {}) });
    workers.push(worker);
    // Replies of turns run here go straight to this sender; the worker takes what they hand over.
    if (sender.channel !== 'console' && queueName === sendQueueName(sender.channel, 'reply')) runtime.sendRepliesHere(sender, pacer);
    return worker;
  }

  return {
    config,
    log,
    database,
    queues,
    renderer,
    runtime,
    services,
    handleInbound: (inbound: Inbound) => runtime.handleInbound(inbound),
    text: (key, params) => renderer.render('id', params ? { key, params } : { key }),
    async startTurnWorkers(concurrency = config.TURN_CONCURRENCY) {
      await changes?.start();
      workers.push(startInboundWorker({ queues, log }, runtime, concurrency));
      workers.push(startSweepWorker({ db: database.db, queues, runtime, graceMs: config.SWEEP_INTERVAL_MS }, log));
      await scheduleSweeps(queues, config.SWEEP_INTERVAL_MS);
      for (const part of parts) if (part.startWorkers) workers.push(...(await part.startWorkers(turnDeps)));
    },
    async schedule() {
      for (const part of parts) await part.schedule?.();
    },
    startSender,
    startChannelSenders(sender, senderOptions = {}) {
      return (['reply', 'bulk'] as const).map((path) => {
        const pacing = senderOptions.paced === false ? UNPACED : pacingFor(sender.channel, path, config);
        // Pacing decides the rate; concurrency only keeps the platform's round trips overlapping.
        return startSender(sendQueueName(sender.channel, path), sender, { concurrency: path === 'reply' ? 8 : 4, pacing });
      });
    },
    redis,
    async close() {
      shutdown.abort();
      await Promise.all(workers.map((w) => w.close()));
      // Turns of messages recorded here run without a job: let those under way finish.
      await Promise.race([runtime.idle(), new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_TIMEOUT).unref())]);
      await queues.close();
      await changes?.stop();
      sharedRedis?.disconnect();
      await database.close();
    },
  };
}
