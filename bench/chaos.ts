import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { DEV_ID_HASH_KEY, loadConfig } from '../src/config.js';
import { INBOUND_QUEUE } from '../src/jobs/queues.js';
import { createLogger } from '../src/log.js';
import { queueFanout } from '../src/runtime/broadcast/fanout.js';
import { createBroadcast } from '../src/runtime/broadcast/store.js';
import { parseSegment } from '../src/segments.js';
import { FakeBotApi } from '../test/support/fake-bot-api.js';
import { OwnRedis } from '../test/support/redis-server.js';
import { insertTelegramCrowd } from '../test/support/seed.js';
import { freshDatabase, percentile } from './support.js';

// `npm run chaos`: Wirabot's worker processes (`npm start` with ROLES=worker) against a
// stand-in Telegram Bot API, a database of their own and a redis-server of their own (on a
// free port, never the shared one), while things break:
//   1. a worker is killed with SIGKILL in the middle of a broadcast;
//   2. Redis is shut down without saving (everything in it lost) and started again;
//   3. Postgres drops the workers' connections (pg_terminate_backend), again and again;
//   4. one chat floods the bot with 500 messages while others chat.
// Every phase also has people chatting (new chats, turns through the workers). Ids are real
// size: Telegram user ids of 10 digits, update ids from 834567890. After each phase it
// counts, per chat, what the outbox says was to be delivered against what the platform
// received: lost (never received, or a turn never handled) and doubled. The goal: 0 lost;
// doubles only for sends in flight at a kill. Exits 1 when that does not hold.

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '1000' },
    chatters: { type: 'string', default: '100' },
    flood: { type: 'string', default: '500' },
  },
});
const PEOPLE = Number(values.people);
const CHATTERS = Number(values.chatters);
const FLOOD = Number(values.flood);
const FIRST_CROWD = 7_100_000_000;
const FIRST_CHATTER = 7_123_456_789;
const FLOODER = 7_199_999_999;
const PHASE_TIMEOUT_MS = 90_000;
/** Bulk sends in flight per worker process (the bulk send worker's concurrency) and replies (8). */
const IN_FLIGHT_PER_WORKER = 12;

const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Tally {
  readonly rows: number;
  readonly lost: number;
  readonly doubled: number;
  readonly unhandled: number;
  readonly unfinished: number;
}

interface PhaseResult extends Tally {
  readonly name: string;
  readonly seconds: number;
  readonly allowedDoubles: number;
  readonly note: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const started = Date.now();
  const redis = await OwnRedis.start();
  const fake = await FakeBotApi.start();
  const database = await freshDatabase('chaos');
  const prefix = `chaos-${Date.now()}`;
  const env = {
    // A throw-away database: the development key will do (required with DATABASE_URL).
    ID_HASH_KEY: DEV_ID_HASH_KEY,
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_RATE_PER_SECOND: '250',
    TELEGRAM_CHAT_INTERVAL_MS: '20',
    BROADCAST_FANOUT_BATCH: '100',
    BROADCAST_CHECK_INTERVAL_MS: '500',
    SWEEP_INTERVAL_MS: '2000',
    DATABASE_POOL_SIZE: '6',
    LOG_LEVEL: 'silent',
  };
  // The driver: records inbound messages (as a gateway would) and creates broadcasts; it
  // runs no workers, so every turn and every send happens in the worker processes.
  const driver = await createApp(loadConfig(env), { log: createLogger('silent') });
  const db = driver.database.db;
  await insertTelegramCrowd(db, PEOPLE, FIRST_CROWD, 'Chaos');

  const workers: ChildProcess[] = [];
  let update = 834_567_890;
  const say = (chat: number, text: string) =>
    driver.runtime.handleInbound({ channel: 'telegram', externalId: String(update++), address: String(chat), kind: 'text', text, receivedAt: new Date() });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env, ROLES: 'worker', LOG_LEVEL: 'error' }, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => {
      const text = d.toString();
      // Expected while things break: the workers say so and carry on.
      if (!/ECONNREFUSED|terminat|Connection|ended|closed|Missing key|could not|lock/i.test(text)) process.stderr.write(`[worker ${child.pid}] ${text}`);
    });
    workers.push(child);
    return child;
  }
  async function kill(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  async function waitForWorkers(n: number): Promise<void> {
    const deadline = Date.now() + 60_000;
    while ((await driver.queues.get(INBOUND_QUEUE).getWorkers()).length < n) {
      if (Date.now() > deadline) throw new Error('worker processes did not start');
      await sleep(200);
    }
  }

  /** Chats with people chatting: `turns` messages each from `count` new chats, spread over time. */
  async function chatter(firstChat: number, count: number, turns: number): Promise<void> {
    for (let round = 0; round < turns; round++) {
      for (let i = 0; i < count; i++) {
        await say(firstChat + i, round === 0 ? 'halo' : 'apa kabar');
        if (i % 10 === 9) await sleep(40);
      }
    }
  }

  let broadcastNo = 0;
  async function broadcast(): Promise<string> {
    broadcastNo++;
    const refs = await driver.services.references.get();
    const parsed = parseSegment('kecamatan=Banjarmasin Utara, status=stagnan', refs);
    if (parsed.kind !== 'ok') throw new Error('segment did not parse');
    const id = await createBroadcast(db, { staffId: null, actor: 'chaos', text: `Halo {nama}, pengumuman ke-${broadcastNo} untuk {usaha}.`, segment: parsed.spec, notifyIdentityId: null, lang: 'id' });
    await queueFanout(driver.queues, id);
    return id;
  }
  const broadcastSent = (n: number) => fake.sent.filter((m) => m.text.includes(`pengumuman ke-${n} `)).length;

  async function tally(): Promise<Tally> {
    const rows = await sql<{ address: string; n: string }>`
      select address, count(*) as n from outbound_messages where status in ('sent', 'pending', 'queued', 'failed') group by address`.execute(db);
    const got = new Map<string, number>();
    for (const m of fake.sent) got.set(m.chatId, (got.get(m.chatId) ?? 0) + 1);
    let lost = 0;
    let doubled = 0;
    let total = 0;
    for (const row of rows.rows) {
      const want = Number(row.n);
      const have = got.get(row.address) ?? 0;
      total += want;
      if (have < want) lost += want - have;
      if (have > want) doubled += have - want;
    }
    const open = await sql<{ unhandled: string; unfinished: string }>`
      select (select count(*) from inbound_messages where handled_at is null) as unhandled,
             (select count(*) from broadcasts where status <> 'finished') as unfinished`.execute(db);
    const unhandled = Number(open.rows[0]!.unhandled);
    return { rows: total, lost: lost + unhandled, doubled, unhandled, unfinished: Number(open.rows[0]!.unfinished) };
  }

  /** Waits until nothing is left to do (or the phase's time is up). */
  async function settle(): Promise<void> {
    const deadline = Date.now() + PHASE_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const open = await sql<{ n: string }>`
        select (select count(*) from inbound_messages where handled_at is null)
             + (select count(*) from outbound_messages where status in ('pending', 'queued'))
             + (select count(*) from broadcasts where status <> 'finished') as n`.execute(db);
      if (Number(open.rows[0]!.n) === 0) {
        // Let a send that is on the wire reach the stand-in platform before counting.
        await sleep(500);
        return;
      }
      await sleep(250);
    }
  }

  const results: PhaseResult[] = [];
  let previous: Tally = { rows: 0, lost: 0, doubled: 0, unhandled: 0, unfinished: 0 };
  async function phase(name: string, allowedDoubles: number, run: () => Promise<string>): Promise<void> {
    const t0 = Date.now();
    process.stdout.write(`${name} … `);
    const note = await run();
    await settle();
    const now = await tally();
    const result: PhaseResult = {
      name,
      seconds: (Date.now() - t0) / 1000,
      rows: now.rows - previous.rows,
      lost: now.lost - previous.lost,
      doubled: now.doubled - previous.doubled,
      unhandled: now.unhandled,
      unfinished: now.unfinished,
      allowedDoubles,
      note,
    };
    previous = now;
    results.push(result);
    console.log(`${result.seconds.toFixed(0)} s: ${result.rows} messages to deliver, lost ${result.lost}, doubled ${result.doubled}${note ? `; ${note}` : ''}`);
  }

  let first = startWorker();
  startWorker();
  await waitForWorkers(2);
  let chatBase = FIRST_CHATTER;

  try {
    await phase('1. worker kill -9 during a broadcast', IN_FLIGHT_PER_WORKER, async () => {
      await broadcast();
      const chatting = chatter(chatBase, CHATTERS, 2);
      chatBase += CHATTERS;
      await waitUntil(() => broadcastSent(1) > PEOPLE / 5, 'the broadcast to be sending');
      const at = broadcastSent(1);
      await kill(first);
      first = startWorker();
      await chatting;
      return `killed at ${at} of ${PEOPLE} sent`;
    });

    await phase('2. Redis restart (SHUTDOWN NOSAVE)', 0, async () => {
      await broadcast();
      const chatting = chatter(chatBase, CHATTERS, 2);
      chatBase += CHATTERS;
      await waitUntil(() => broadcastSent(2) > PEOPLE / 5, 'the broadcast to be sending');
      const at = broadcastSent(2);
      await redis.restart();
      await chatting;
      return `restarted at ${at} of ${PEOPLE} sent`;
    });

    await phase('3. dropped Postgres connections', 0, async () => {
      await broadcast();
      const chatting = chatter(chatBase, CHATTERS, 2);
      chatBase += CHATTERS;
      await waitUntil(() => broadcastSent(3) > PEOPLE / 10, 'the broadcast to be sending');
      let dropped = 0;
      for (let i = 0; i < 8; i++) {
        dropped += await terminateConnections(database.url);
        await sleep(400);
      }
      await chatting;
      return `${dropped} connections terminated`;
    });

    let p99 = NaN;
    await phase(`4. a flood of ${FLOOD} from one chat`, 0, async () => {
      const others = 20;
      const firstOther = chatBase;
      chatBase += others;
      const flooding = (async () => {
        for (let i = 0; i < FLOOD; i++) await say(FLOODER, i === 0 ? 'halo' : `pesan ${i}`);
      })();
      await sleep(300);
      const askedAt = new Map<string, number>();
      for (let i = 0; i < others; i++) {
        askedAt.set(String(firstOther + i), Date.now());
        await say(firstOther + i, 'halo');
      }
      await flooding;
      await waitUntil(() => [...askedAt.keys()].every((chat) => fake.sentTo(chat).length > 0), 'the others to be answered');
      const waits = [...askedAt].map(([chat, at]) => fake.sentTo(chat)[0]!.at - at).sort((a, b) => a - b);
      p99 = percentile(waits, 99);
      return `others' first reply p50 ${percentile(waits, 50)} ms, p99 ${p99} ms; replies to the flooder ${fake.sentTo(FLOODER).length}`;
    });
  } finally {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  const lost = results.reduce((n, r) => n + r.lost, 0);
  const badDoubles = results.filter((r) => r.doubled > r.allowedDoubles);
  const unfinished = results.at(-1)?.unfinished ?? 0;
  console.log('');
  console.log(`chaos: ${results.reduce((n, r) => n + r.rows, 0)} messages to deliver in ${((Date.now() - started) / 1000).toFixed(0)} s; lost ${lost}; doubled ${results.reduce((n, r) => n + r.doubled, 0)} (allowed only at the kill: up to ${IN_FLIGHT_PER_WORKER}); broadcasts unfinished ${unfinished}`);

  await driver.close();
  await fake.close();
  await redis.stop();
  await database.drop();
  if (lost > 0 || badDoubles.length > 0 || unfinished > 0) {
    console.log(`FAILED: ${badDoubles.map((r) => r.name).join(', ') || 'messages lost or a broadcast unfinished'}`);
    process.exit(1);
  }
  process.exit(0);
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** pg_terminate_backend on every connection to the chaos database but our own. */
async function terminateConnections(databaseUrl: string): Promise<number> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const result = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    return result.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
