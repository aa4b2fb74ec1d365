import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FANOUT_QUEUE } from '../../src/runtime/broadcast/fanout.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { FakeBotApi } from '../support/fake-bot-api.js';
import { insertTelegramCrowd } from '../support/seed.js';

// A broadcast to 2,000 people on Telegram, sent by real worker processes (`npm start` with
// ROLES=worker) through a stand-in Bot API. The first worker is killed with SIGKILL in the
// middle of the fan-out, the second in the middle of sending, and a third finishes. Every
// recipient gets the announcement; the only duplicates allowed are sends that were in
// flight at the instant of a kill (the platform said OK, the row was not yet `sent`).

const PEOPLE = 2000;
const FIRST_CHAT = 3_000_000;
const STAFF_CHAT = '7299999999';
/** Sends in flight per worker process: the bulk send worker's concurrency (app.ts). */
const IN_FLIGHT_PER_PROCESS = 4;

describe('a broadcast to 2,000 people with the worker killed midway', () => {
  let fake: FakeBotApi;
  let t: TestApp;
  const children: ChildProcess[] = [];
  let seq = 0;

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: t.config.DATABASE_URL,
        REDIS_URL: t.config.REDIS_URL,
        QUEUE_PREFIX: t.config.QUEUE_PREFIX,
        ROLES: 'worker',
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.url,
        TELEGRAM_RATE_PER_SECOND: '400',
        BROADCAST_FANOUT_BATCH: '20',
        BROADCAST_CHECK_INTERVAL_MS: '500',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[worker ${child.pid}] ${d.toString()}`));
    children.push(child);
    return child;
  }

  const killedAt: number[] = [];
  async function kill(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    killedAt.push(Date.now());
    child.kill('SIGKILL');
    await exited;
  }

  async function workersOn(queue: string): Promise<number> {
    return (await t.app.queues.get(queue).getWorkers()).length;
  }

  /** The staff member writes on Telegram; waits for the bot's answers. */
  async function staffSays(text: string, replies = 1): Promise<string[]> {
    const before = fake.sentTo(STAFF_CHAT).length;
    await t.app.runtime.handleInbound({ channel: 'telegram', externalId: `staff-${++seq}`, address: STAFF_CHAT, kind: 'text', text, receivedAt: new Date() });
    await waitFor(async () => fake.sentTo(STAFF_CHAT).length >= before + replies, 30_000, `reply to ${text}`);
    return fake.sentTo(STAFF_CHAT).slice(before).map((m) => m.text);
  }

  const crowdSent = () => fake.sent.filter((m) => Number(m.chatId) > FIRST_CHAT && Number(m.chatId) <= FIRST_CHAT + PEOPLE);
  const rowsWritten = async () =>
    Number((await t.app.database.db.selectFrom('outbound_messages').select((eb) => eb.fn.countAll<string>().as('n')).where('broadcast_id', 'is not', null).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    fake = await FakeBotApi.start();
    t = await createTestApp('broadcastkill', { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url });
    await insertTelegramCrowd(t.app.database.db, PEOPLE, FIRST_CHAT);
    await addStaff(t.app.database.db, { name: 'Rina', telegramId: STAFF_CHAT });
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await t?.close();
    await fake?.close();
  });

  it('every recipient receives the announcement; only sends in flight at a kill are doubled', async () => {
    const first = startWorker();
    await waitFor(async () => (await workersOn(FANOUT_QUEUE)) >= 1, 60_000, 'the first worker');
    await staffSays('/umumkan');
    await staffSays('Halo {nama}, ada pelatihan pemasaran digital untuk {usaha}.');
    const [preview] = await staffSays('semua');
    expect(preview).toContain('2.000 orang');

    // Kill #1: in the middle of the fan-out.
    await staffSays('ya');
    const atFirstKill = await waitFor(async () => {
      const n = await rowsWritten();
      return n > 0 ? n : null;
    }, 30_000, 'the fan-out to begin');
    await kill(first);
    const writtenAtKill = await rowsWritten();
    expect(writtenAtKill).toBeGreaterThanOrEqual(atFirstKill);
    expect(writtenAtKill).toBeLessThan(PEOPLE);

    // Kill #2: in the middle of sending, once the second worker has resumed the fan-out
    // (it is sending rows the first never wrote).
    const second = startWorker();
    await waitFor(async () => crowdSent().length > writtenAtKill + 200 && crowdSent().length < PEOPLE - 300, 90_000, 'sending to be under way');
    await kill(second);
    const sentAtSecondKill = crowdSent().length;
    expect(sentAtSecondKill).toBeLessThan(PEOPLE);

    startWorker();
    const summary = await waitFor(async () => fake.sentTo(STAFF_CHAT).map((m) => m.text).find((m) => m.includes('selesai dikirim')), 180_000, 'the delivery summary');
    expect(summary).toContain('terkirim 2.000 · gagal 0 · dilewati 0 · menunggu 0');

    const perChat = new Map<string, number>();
    for (const m of crowdSent()) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
    expect(perChat.size).toBe(PEOPLE);
    const doubled = [...perChat.values()].filter((n) => n > 1);
    console.log(`2,000-recipient broadcast: rows written before kill #1 ${writtenAtKill}, sent before kill #2 ${sentAtSecondKill}, chats messaged twice ${doubled.length}`);
    expect(doubled.every((n) => n === 2)).toBe(true);
    expect(doubled.length).toBeLessThanOrEqual(2 * IN_FLIGHT_PER_PROCESS);
    // Each doubled chat's first copy reached the platform at the instant of a kill. The
    // stand-in platform runs in this busy test process, so a request already on the wire
    // may be read a few seconds after the worker that sent it is gone.
    for (const [chatId, n] of perChat) {
      if (n < 2) continue;
      const first = crowdSent().find((m) => m.chatId === chatId)!.at;
      const offsets = killedAt.map((k) => first - k);
      expect(offsets.some((d) => d > -2000 && d < 5000), `chat ${chatId}: first copy ${offsets.join(' / ')} ms from the kills`).toBe(true);
    }
    expect(crowdSent()[0]!.text).toMatch(/^Halo Crowd \d+, ada pelatihan pemasaran digital untuk Warung Crowd \d+\.$/);

    const rows = await t.app.database.db.selectFrom('outbound_messages').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).where('broadcast_id', 'is not', null).groupBy('status').execute();
    expect(rows).toEqual([{ status: 'sent', n: String(PEOPLE) }]);
  }, 300_000);
});
