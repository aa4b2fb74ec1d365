import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createApp } from '../src/app.js';
import type { ChannelSender, Outbound, SendResult } from '../src/channels/types.js';
import { DEV_ID_HASH_KEY, loadConfig } from '../src/config.js';
import { sendQueueName } from '../src/outbox/queue.js';
import { createLogger } from '../src/log.js';
import { dropQueueKeys, freshDatabase, mb, percentile, REDIS_URL, trackPeakMemory } from './support.js';

// `npm run bench:engine [-- --people 1000]`: that many people sign up at the same time
// through the real runtime, Postgres and Redis; a null channel only records the sends.
//
// In the same run, on the same database server, pool size and concurrency, a minimal
// baseline bot handles the same conversation: per message BEGIN; SELECT … FOR UPDATE of a
// session row; UPDATE it; INSERT the reply; COMMIT; then the same null channel "sends" it.
// That is the least any bot that keeps its state in Postgres does per message; Wirabot
// also records every message once, writes an outbox, sends after commit through Redis,
// and marks every reply sent (issue 14).
//
// Prints both rates and their ratio, Postgres round trips per message (every `pg` query
// call, begin and commit included, counted by a wrapper), Redis commands per message
// (the server's own count) apart, latency percentiles and peak memory; then Wirabot's
// latency with arrivals paced at half its saturated rate. `--think 3000` gives people a
// pause between messages instead, and start times spread over one pause (latency at a
// realistic load).
//
// Each phase (the baseline's too) first lets `--warmup` other people (200 by default) have
// the same conversation, unmeasured: a server runs for weeks, and what is measured is its
// steady state, not the seconds in which V8 still interprets and compiles the code paths
// of a first conversation. On this 2-core machine compiling them takes CPU from Postgres,
// and Wirabot has many more of them than the baseline. `--warmup 0` measures a cold start.

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    // Average pause between a reply and the person's next message (0: everyone types non-stop).
    think: { type: 'string', default: '0' },
    'no-baseline': { type: 'boolean', default: false },
    'no-half': { type: 'boolean', default: false },
  },
});
const THINK_MS = Number(values.think);
const PEOPLE = Number(values.people);
const WARMUP_PEOPLE = Number(values.warmup);
/** The measured people's chats are 7100000000…; the warm-up's 7200000000… */
const MEASURED_FROM = 7_100_000_000;
const WARMUP_FROM = 7_200_000_000;
const CONCURRENCY = Number(values.concurrency);
const POOL_SIZE = CONCURRENCY + 4;
const ANSWERS = ['halo', 'ya', 'Siti Aminah', 'Warung Berkah', 'kuliner', 'utara', '0812-3456-7890', '2019', '7,5 juta', 'ya'];

class NullSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  private readonly waiting = new Map<string, () => void>();
  sent = 0;
  async send(message: Outbound): Promise<SendResult> {
    this.sent++;
    this.waiting.get(message.address)?.();
    this.waiting.delete(message.address);
    return { platformMessageId: String(this.sent) };
  }
  nextReply(address: string): Promise<void> {
    return new Promise((resolve) => this.waiting.set(address, resolve));
  }
}

interface Phase {
  readonly label: string;
  readonly messages: number;
  readonly seconds: number;
  readonly queries: number;
  readonly redisCommands: number;
  readonly latencies: number[];
  readonly peakRss: number;
  /** CPU time of this Node process (user + system), in seconds. */
  readonly cpuSeconds: number;
  /** CPU time of the whole machine and of the Redis server over the phase, in seconds (null where unknown). */
  readonly machineCpuSeconds: number | null;
  readonly redisCpuSeconds: number;
}

/** Busy CPU time of the whole machine so far (Linux `/proc/stat`), in seconds; null elsewhere. */
function machineCpu(): number | null {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
  } catch {
    return null;
  }
}

async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const read = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return read('used_cpu_sys') + read('used_cpu_user');
}

/** Releases at most `perSecond` messages a second across everyone (open-loop arrivals); null: no pacing. */
function pacer(perSecond: number | null): () => Promise<void> {
  if (perSecond === null) return async () => {};
  const gap = 1000 / perSecond;
  let next = performance.now();
  return async () => {
    const at = next;
    next = Math.max(next + gap, performance.now());
    const wait = at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
}

/** Every person types the conversation, each message after the reply to the one before. */
async function converse(
  say: (address: string, i: number, text: string) => Promise<void>,
  nextReply: (address: string) => Promise<void>,
  pace: () => Promise<void>,
  people = PEOPLE,
  firstAddress = MEASURED_FROM,
): Promise<void> {
  await Promise.all(
    Array.from({ length: people }, async (_, p) => {
      const address = String(firstAddress + p);
      // With pauses, people also start at moments of their own, spread over the first pause, not all at one instant.
      if (THINK_MS > 0) await new Promise((resolve) => setTimeout(resolve, THINK_MS * 1.5 * Math.random()));
      for (const [i, text] of ANSWERS.entries()) {
        const replied = nextReply(address);
        await pace();
        await say(address, i, text);
        await replied;
        if (THINK_MS > 0) await new Promise((resolve) => setTimeout(resolve, THINK_MS * (0.5 + Math.random())));
      }
    }),
  );
}

async function redisCommandCount(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

// --- the baseline ---------------------------------------------------------------------

async function runBaseline(url: string, redis: Redis): Promise<Phase> {
  const counter = { count: 0 };
  const Base = pg.Client;
  class CountingClient extends Base {
    override query(...args: unknown[]): never {
      counter.count++;
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, Client: CountingClient as typeof pg.Client });
  // Dropping the database afterwards (`with (force)`) ends a connection the pool may still be
  // closing: that is no failure of the bench (once, on Node 24, it ended the whole run).
  pool.on('error', () => {});
  await pool.query(`create table baseline_sessions (chat text primary key, step int not null default 0, data jsonb not null default '{}', updated_at timestamptz not null default now());
    create table baseline_replies (id bigserial primary key, chat text not null, text text not null, received_at timestamptz not null, created_at timestamptz not null default clock_timestamp())`);
  // A session row per person, as a scenes bot keeps after a first /start (made before the clock starts).
  await pool.query(`insert into baseline_sessions (chat) select ($2::bigint + g)::text from generate_series(0, $1::int - 1) g`, [PEOPLE, MEASURED_FROM]);
  await pool.query(`insert into baseline_sessions (chat) select ($2::bigint + g)::text from generate_series(0, $1::int - 1) g`, [WARMUP_PEOPLE, WARMUP_FROM]);
  const sender = new NullSender();
  const inbox: { address: string; text: string; receivedAt: Date }[] = [];
  const idle: (() => void)[] = [];
  let done = false;

  async function handle(message: { address: string; text: string; receivedAt: Date }): Promise<void> {
    const client = await pool.connect();
    let reply: string;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ step: number; data: Record<string, string> }>('select step, data from baseline_sessions where chat = $1 for update', [message.address]);
      const session = rows[0] ?? { step: 0, data: {} };
      reply = `Langkah ${session.step + 1}: terima kasih, "${message.text.slice(0, 40)}" dicatat.`;
      await client.query('update baseline_sessions set step = $2, data = $3, updated_at = now() where chat = $1', [message.address, session.step + 1, { ...session.data, [`a${session.step}`]: message.text }]);
      await client.query('insert into baseline_replies (chat, text, received_at) values ($1, $2, $3)', [message.address, reply, message.receivedAt]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    await sender.send({ address: message.address, text: reply, choices: [], requestContact: false, footer: null });
  }

  // CONCURRENCY handlers take messages as they come, as Wirabot's turn workers do.
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    for (;;) {
      const message = inbox.shift();
      if (message) {
        await handle(message);
        continue;
      }
      if (done) return;
      await new Promise<void>((resolve) => idle.push(resolve));
    }
  });
  const say = async (address: string, _i: number, text: string) => {
    inbox.push({ address, text, receivedAt: new Date() });
    idle.shift()?.();
  };
  if (WARMUP_PEOPLE > 0) {
    await converse(say, (a) => sender.nextReply(a), pacer(null), WARMUP_PEOPLE, WARMUP_FROM);
    await pool.query('truncate baseline_replies');
  }

  const memory = trackPeakMemory();
  const queriesBefore = counter.count;
  const redisBefore = await redisCommandCount(redis);
  const redisCpuBefore = await redisCpu(redis);
  const machineBefore = machineCpu();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await converse(say, (a) => sender.nextReply(a), pacer(null));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const machineAfter = machineCpu();
  const redisCpuSeconds = (await redisCpu(redis)) - redisCpuBefore;
  const redisCommands = (await redisCommandCount(redis)) - redisBefore - 2;
  const queries = counter.count - queriesBefore;
  done = true;
  // Wake every idle worker so it sees `done`.
  for (const w of idle.splice(0)) w();
  await Promise.all(workers);
  const peakRss = memory.stop();
  const { rows } = await pool.query<{ ms: string }>(`select extract(epoch from (created_at - received_at)) * 1000 as ms from baseline_replies`);
  await pool.end();
  return { label: 'baseline', messages: PEOPLE * ANSWERS.length, seconds, queries, redisCommands, latencies: rows.map((r) => Number(r.ms)).sort((a, b) => a - b), peakRss, cpuSeconds: (cpu.user + cpu.system) / 1e6, machineCpuSeconds: machineBefore === null || machineAfter === null ? null : machineAfter - machineBefore, redisCpuSeconds };
}

// --- Wirabot ---------------------------------------------------------------------------

async function runWirabot(label: string, url: string, redis: Redis, perSecond: number | null): Promise<Phase> {
  const prefix = `bench-engine-${Date.now()}`;
  const config = loadConfig({ DATABASE_URL: url, ID_HASH_KEY: DEV_ID_HASH_KEY, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: String(POOL_SIZE), ...(process.env.TURN_BATCH_SIZE ? { TURN_BATCH_SIZE: process.env.TURN_BATCH_SIZE } : {}) });
  const queryCounter = { count: 0 };
  const app = await createApp(config, { log: createLogger('warn'), queryCounter });
  const sender = new NullSender();
  await app.startTurnWorkers(CONCURRENCY);
  app.startSender(sendQueueName('telegram', 'reply'), sender, { concurrency: 32 });
  const { db } = app.database;

  const say = async (address: string, i: number, text: string) => {
    await app.runtime.handleInbound({ channel: 'telegram', externalId: `${label}-${address}-${i}`, address, kind: 'text', text, receivedAt: new Date() });
  };
  // A person may see the last reply of one turn before its turn ends: wait for every turn.
  const allTurnsDone = async () => {
    for (;;) {
      const open = await db.selectFrom('inbound_messages').select('id').where('handled_at', 'is', null).limit(1).executeTakeFirst();
      const unsent = await db.selectFrom('outbound_messages').select('id').where('status', 'in', ['pending', 'queued']).limit(1).executeTakeFirst();
      if (!open && !unsent) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  if (WARMUP_PEOPLE > 0) {
    await converse(say, (a) => sender.nextReply(a), pacer(perSecond), WARMUP_PEOPLE, WARMUP_FROM);
    await allTurnsDone();
  }

  const memory = trackPeakMemory();
  const queriesBefore = queryCounter.count;
  const redisBefore = await redisCommandCount(redis);
  const redisCpuBefore = await redisCpu(redis);
  const machineBefore = machineCpu();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const measuredFrom = new Date();
  await converse(say, (a) => sender.nextReply(a), pacer(perSecond));
  await allTurnsDone();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  console.log(`  (Node CPU: user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s)`);
  const machineAfter = machineCpu();
  const redisCpuSeconds = (await redisCpu(redis)) - redisCpuBefore;
  const peakRss = memory.stop();
  const queries = queryCounter.count - queriesBefore;
  const redisCommands = (await redisCommandCount(redis)) - redisBefore;
  // A message coalesced by the flood rule was recorded, not answered: it never counts as handled.
  const coalesced = Number(
    (await db.selectFrom('inbound_messages').select((eb) => eb.fn.countAll<string>().as('n')).where('coalesced_at', 'is not', null).where('received_at', '>=', measuredFrom).executeTakeFirstOrThrow()).n,
  );
  if (coalesced > 0) console.log(`  coalesced by the flood rule (not counted; a bench person should never be): ${coalesced}`);
  const rows = await db
    .selectFrom('inbound_messages as i')
    .innerJoin('outbound_messages as o', 'o.inbound_id', 'i.id')
    .select((eb) => [eb.fn.min('o.queued_at').as('queued'), 'i.received_at', 'i.handled_at'])
    .where('i.received_at', '>=', measuredFrom)
    .groupBy(['i.id', 'i.received_at', 'i.handled_at'])
    .execute();
  const latencies = rows.map((l) => new Date(l.queued as unknown as string).getTime() - l.received_at.getTime()).sort((a, b) => a - b);
  // Where the time goes: recorded → turn committed (handled_at is the turn's clock), and committed → queued.
  const turn = rows.map((l) => l.handled_at!.getTime() - l.received_at.getTime()).sort((a, b) => a - b);
  const queueing = rows.map((l) => new Date(l.queued as unknown as string).getTime() - l.handled_at!.getTime()).sort((a, b) => a - b);
  console.log(`  (received → turn's clock p50 ${percentile(turn, 50)} ms, p99 ${percentile(turn, 99)} ms; turn's clock → reply queued p50 ${percentile(queueing, 50)} ms, p99 ${percentile(queueing, 99)} ms)`);
  await app.close();
  await dropQueueKeys(prefix);
  return { label, messages: PEOPLE * ANSWERS.length - coalesced, seconds, queries, redisCommands, latencies, peakRss, cpuSeconds: (cpu.user + cpu.system) / 1e6, machineCpuSeconds: machineBefore === null || machineAfter === null ? null : machineAfter - machineBefore, redisCpuSeconds };
}

function report(phase: Phase): void {
  const ms = phase.latencies;
  console.log(`${phase.label}: ${(phase.messages / phase.seconds).toFixed(0)} messages/s (${phase.messages} messages in ${phase.seconds.toFixed(1)} s)`);
  console.log(`  latency received → reply ${phase.label === 'baseline' ? 'committed' : 'queued'}: p50 ${percentile(ms, 50).toFixed(0)} ms, p90 ${percentile(ms, 90).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms`);
  console.log(`  postgres round trips per message: ${(phase.queries / phase.messages).toFixed(2)} (sending included); redis commands per message: ${(phase.redisCommands / phase.messages).toFixed(1)}`);
  console.log(`  peak memory (rss): ${mb(phase.peakRss)}`);
  const perMessage = (seconds: number) => `${((seconds / phase.messages) * 1000).toFixed(2)} ms`;
  const rest = phase.machineCpuSeconds === null ? '' : `, everything else (Postgres, the kernel) ${perMessage(phase.machineCpuSeconds - phase.cpuSeconds - phase.redisCpuSeconds)}`;
  console.log(`  CPU per message: Node ${perMessage(phase.cpuSeconds)}, Redis ${perMessage(phase.redisCpuSeconds)}${rest}`);
}

async function main(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} RAM, Node ${process.version}`);
  console.log(`${PEOPLE} people × ${ANSWERS.length} messages, concurrency ${CONCURRENCY}, pool ${POOL_SIZE}${THINK_MS > 0 ? `, think ${THINK_MS} ms` : ', no pause'}; each phase after ${WARMUP_PEOPLE > 0 ? `a warm-up of ${WARMUP_PEOPLE} other people, not measured` : 'no warm-up (a cold start)'}`);
  let baseline: Phase | null = null;
  if (!values['no-baseline']) {
    const database = await freshDatabase('baseline');
    baseline = await runBaseline(database.url, redis);
    await database.drop();
    report(baseline);
  }
  const database = await freshDatabase('engine');
  const saturated = await runWirabot('wirabot', database.url, redis, null);
  report(saturated);
  const rate = saturated.messages / saturated.seconds;
  if (baseline) console.log(`ratio wirabot / baseline: ${(rate / (baseline.messages / baseline.seconds)).toFixed(2)}×`);
  await database.drop();
  if (!values['no-half'] && THINK_MS === 0) {
    const fresh = await freshDatabase('engine_half');
    const half = await runWirabot('wirabot at half rate', fresh.url, redis, rate / 2);
    report(half);
    await fresh.drop();
  }
  redis.disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
