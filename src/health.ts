import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { Counter, Gauge, Registry } from 'prom-client';
import { CAPABILITIES, type AnyCapability } from './capabilities.js';
import type { App } from './app.js';
import { readChannelStatus } from './channels/whatsapp/status.js';
import { INBOUND_QUEUE } from './jobs/queues.js';
import { sendQueueName } from './outbox/queue.js';

// Every long-running process answers on METRICS_PORT:
//   /healthz  the process is alive (Docker's HEALTHCHECK: a restart helps only if this fails)
//   /readyz   Postgres and Redis answer and every configured channel is connected
//   /metrics  Prometheus text: turns, messages by channel and status, queue depths, WhatsApp state
// A check that hangs counts as failed after CHECK_TIMEOUT_MS, so a probe always gets an answer.

const CHECK_TIMEOUT_MS = 3000;
const WHATSAPP_STATES = ['starting', 'qr', 'ready', 'disconnected'] as const;

/** What main.ts knows of the channels this process runs (Telegram: connecting until getMe answers). */
export type ChannelStates = () => Record<string, string>;

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

interface Check {
  readonly ok: boolean;
  readonly detail?: string;
}

export async function startHealthServer(app: App, port: number, channels: ChannelStates = () => ({})): Promise<HealthServer> {
  const registry = createRegistry(app);
  const server = createServer((req, res) => {
    const reply = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    const answer = async () => {
      if (path === '/healthz') return reply(200, JSON.stringify({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));
      if (path === '/readyz') {
        const checks = await readiness(app, channels);
        const ready = Object.values(checks).every((c) => c.ok);
        return reply(ready ? 200 : 503, JSON.stringify({ status: ready ? 'ready' : 'not ready', checks }));
      }
      if (path === '/metrics') return reply(200, await registry.metrics(), registry.contentType);
      return reply(404, JSON.stringify({ error: 'not found' }));
    };
    answer().catch((error: unknown) => {
      app.log.warn({ err: String(error), path }, 'health endpoint failed');
      if (!res.headersSent) reply(500, JSON.stringify({ error: 'internal error' }));
    });
  });
  await listen(server, port);
  const bound = (server.address() as AddressInfo).port;
  app.log.info({ port: bound }, 'health and metrics on /healthz, /readyz, /metrics');
  return {
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function readiness(app: App, channels: ChannelStates): Promise<Record<string, Check>> {
  const checks: Record<string, Check> = {};
  const [postgres, redis] = await Promise.all([
    timed(() => sql`select 1`.execute(app.database.db)),
    timed(() => app.redis().ping()),
  ]);
  checks['postgres'] = postgres;
  checks['redis'] = redis;
  for (const [channel, state] of Object.entries(channels())) checks[channel] = state === 'ready' ? { ok: true } : { ok: false, detail: state };
  if (app.config.WHATSAPP_ENABLED && !('whatsapp' in checks)) {
    // Another process holds the WhatsApp session: its last reported state counts.
    const status = await whatsappStatus(app);
    checks['whatsapp'] = status?.state === 'ready' ? { ok: true } : { ok: false, detail: status?.state ?? 'never connected' };
  }
  return checks;
}

async function timed(check: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function whatsappStatus(app: App) {
  return readChannelStatus(app.config.REDIS_URL, app.config.QUEUE_PREFIX, 'whatsapp').catch(() => null);
}

function createRegistry(app: App): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'wirabot' });
  const { runtime, queues, database } = app;

  new Counter({
    name: 'wirabot_turns_total',
    help: 'Conversation turns (one person message, or a job such as a reminder) handled by this process',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(runtime.turnsHandled);
    },
  });

  new Gauge({
    name: 'wirabot_outbound_messages',
    help: 'Outgoing messages in the outbox, by channel and status (pending, queued, sent, failed, skipped, expired)',
    labelNames: ['channel', 'status'],
    registers: [registry],
    async collect() {
      const rows = await database.db
        .selectFrom('outbound_messages')
        .select(['channel', 'status', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy(['channel', 'status'])
        .execute();
      this.reset();
      for (const r of rows) this.set({ channel: r.channel, status: r.status }, Number(r.n));
    },
  });

  new Gauge({
    name: 'wirabot_queue_jobs',
    help: 'Jobs in the inbound and send queues, by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const names = [INBOUND_QUEUE, ...(['telegram', 'whatsapp'] as const).flatMap((c) => (['reply', 'bulk'] as const).map((p) => sendQueueName(c, p)))];
      this.reset();
      for (const name of names) {
        const counts = await queues.get(name).getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
        for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n ?? 0);
      }
    },
  });

  new Gauge({
    name: 'wirabot_whatsapp_state',
    help: 'WhatsApp connection state as last reported by the gateway: 1 for the current state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      if (!app.config.WHATSAPP_ENABLED) return;
      const status = await whatsappStatus(app);
      for (const state of WHATSAPP_STATES) this.set({ state }, status?.state === state ? 1 : 0);
    },
  });

  // What each capability counts (open questions to staff, …): one gauge, labelled by figure.
  new Gauge({
    name: 'wirabot_capability_figure',
    help: 'Figures the capabilities report, e.g. open_questions (questions to staff not yet closed)',
    labelNames: ['capability', 'figure'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const capability of CAPABILITIES as readonly AnyCapability[]) {
        const figures = (await capability.gauges?.(database.db, new Date())) ?? {};
        for (const [figure, value] of Object.entries(figures)) this.set({ capability: capability.name, figure }, value);
      }
    },
  });

  return registry;
}
