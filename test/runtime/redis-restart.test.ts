import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramSender } from '../../src/channels/telegram/sender.js';
import type { ChannelSender, Outbound, SendResult } from '../../src/channels/types.js';
import { sweepOnce } from '../../src/runtime/core/sweeper.js';
import { QueueRegistry } from '../../src/jobs/queues.js';
import { CHECKIN_QUEUE, CHECKIN_SCHEDULER_ID } from '../../src/runtime/checkin/jobs.js';
import { BROADCAST_CHECKS_QUEUE } from '../../src/runtime/broadcast/jobs.js';
import { MAINTENANCE_QUEUE } from '../../src/runtime/core/sweeper.js';
import { PRIVACY_QUEUE, PURGE_SCHEDULER_ID } from '../../src/runtime/privacy/drafts.js';
import { TICKETS_QUEUE } from '../../src/runtime/tickets/jobs.js';
import { UNDERSTAND_QUEUE } from '../../src/runtime/understand/jobs.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { sendQueueName } from '../../src/outbox/queue.js';
import { startSendWorker } from '../../src/outbox/send-worker.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { FakeBotApi } from '../support/fake-bot-api.js';
import { OwnRedis } from '../support/redis-server.js';
import { insertTelegramCrowd } from '../support/seed.js';

// Redis without persistence, restarted (SHUTDOWN NOSAVE) in the middle of a 1,000-recipient
// broadcast and 600 inbound turns: every job, every job scheduler and every pacing key is
// gone. Postgres still knows everything, so: the schedulers are created again when Redis is
// back, the sweeper re-queues the turns and the queued rows whose job was lost, the
// broadcast finishes, and every message is delivered exactly once.
//
// Exactly once also when a send job was running at the instant Redis lost it: the sweeper
// queues its rows again under a new job, and the two jobs would both send the row that was
// with the platform (a send lease, migration 0024, lets only one of them). And a check of the
// schedulers that the restart overtook looks again at those it had already found.

const PEOPLE = 1000;
const FIRST_CHAT = 7_100_000_000; // real-size Telegram user ids
const STAFF_CHAT = 7_123_456_789;
const CHATTERS = 200;
const TURNS_EACH = 3;
const FIRST_CHATTER = 7_200_000_000;
const FIRST_UPDATE = 834_567_890;

describe('a Redis restart without persistence during a broadcast and 600 turns', () => {
  let redis: OwnRedis;
  let fake: FakeBotApi;
  let t: TestApp;
  let update = FIRST_UPDATE;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    fake = await FakeBotApi.start();
    t = await createTestApp('redisrestart', {
      REDIS_URL: redis.url,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_RATE_PER_SECOND: '150',
      TELEGRAM_CHAT_INTERVAL_MS: '50',
      BROADCAST_FANOUT_BATCH: '100',
      BROADCAST_CHECK_INTERVAL_MS: '500',
      SWEEP_INTERVAL_MS: '1000',
    });
    await t.app.startTurnWorkers();
    await t.app.schedule();
    t.app.startChannelSenders(createTelegramSender(t.app));
    await insertTelegramCrowd(t.app.database.db, PEOPLE, FIRST_CHAT);
    await addStaff(t.app.database.db, { name: 'Rina', telegramId: String(STAFF_CHAT) });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await fake?.close();
    await redis?.stop();
  });

  async function say(chatId: number, text: string): Promise<void> {
    await t.app.runtime.handleInbound({ channel: 'telegram', externalId: String(update++), address: String(chatId), kind: 'text', text, receivedAt: new Date() });
  }

  async function staffSays(text: string): Promise<string> {
    const before = fake.sentTo(STAFF_CHAT).length;
    await say(STAFF_CHAT, text);
    await waitFor(async () => fake.sentTo(STAFF_CHAT).length > before, 30_000, `reply to ${text}`);
    return fake.sentTo(STAFF_CHAT)[before]!.text;
  }

  const crowdSent = () => fake.sent.filter((m) => Number(m.chatId) > FIRST_CHAT && Number(m.chatId) <= FIRST_CHAT + PEOPLE);

  async function schedulerIds(): Promise<string[]> {
    const ids: string[] = [];
    for (const [queue, id] of [
      [MAINTENANCE_QUEUE, 'sweep'],
      [BROADCAST_CHECKS_QUEUE, 'broadcast-check'],
      [CHECKIN_QUEUE, CHECKIN_SCHEDULER_ID],
      ['workshops', 'workshop-check'],
      [UNDERSTAND_QUEUE, 'purge-misses'],
      [TICKETS_QUEUE, 'tickets-remind'],
      [PRIVACY_QUEUE, PURGE_SCHEDULER_ID],
    ] as const) {
      if (await t.app.queues.get(queue).getJobScheduler(id)) ids.push(id);
    }
    return ids;
  }

  it('creates the schedulers again, finishes the broadcast and delivers everything once', async () => {
    const allSchedulers = await schedulerIds();
    expect(allSchedulers).toEqual(['sweep', 'broadcast-check', CHECKIN_SCHEDULER_ID, 'workshop-check', 'purge-misses', 'tickets-remind', PURGE_SCHEDULER_ID]);

    await staffSays('/umumkan');
    await staffSays('Halo {nama}, ada pelatihan pemasaran digital untuk {usaha}.');
    expect(await staffSays('semua')).toContain('1.000 orang');
    await staffSays('ya');

    // 600 turns from 200 new chats, written while the broadcast goes out and across the restart.
    const chatting = (async () => {
      for (let round = 0; round < TURNS_EACH; round++) {
        for (let i = 0; i < CHATTERS; i++) {
          await say(FIRST_CHATTER + i, round === 0 ? 'halo' : 'apa kabar');
          if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 60));
        }
      }
    })();

    await waitFor(async () => crowdSent().length > 150, 60_000, 'the broadcast to be sending');
    const sentBeforeRestart = crowdSent().length;
    expect(sentBeforeRestart).toBeLessThan(PEOPLE - 200);
    await redis.restart();
    // Created again on the reconnect, before any sweep could run (the sweep's own scheduler was lost too).
    await waitFor(async () => (await schedulerIds()).length === allSchedulers.length, 15_000, 'the job schedulers to be created again');
    await chatting;

    const summary = await waitFor(async () => fake.sentTo(STAFF_CHAT).map((m) => m.text).find((m) => m.includes('selesai dikirim')), 120_000, 'the delivery summary');
    expect(summary).toContain('terkirim 1.000 · gagal 0 · dilewati 0 · menunggu 0');
    const { db } = t.app.database;
    // The summary is written before the row is marked finished (fanout.ts, finishIfDone: a crash
    // in between only means it is looked at again), so it can reach the chat a moment earlier.
    await waitFor(async () => (await db.selectFrom('broadcasts').select('status').executeTakeFirstOrThrow()).status === 'finished', 10_000, 'the broadcast marked finished');

    // Every turn handled, every reply row sent.
    await waitFor(async () => {
      const open = await sql<{ n: string }>`
        select (select count(*) from inbound_messages where handled_at is null)
             + (select count(*) from outbound_messages where status <> 'sent') as n`.execute(db);
      return Number(open.rows[0]!.n) === 0;
    }, 120_000, 'every turn handled and every reply sent');
    const turns = await sql<{ n: string }>`select count(*) as n from inbound_messages m join identities i on i.id = m.identity_id where i.address::bigint >= ${FIRST_CHATTER}`.execute(db);
    expect(Number(turns.rows[0]!.n)).toBe(CHATTERS * TURNS_EACH);

    // Exactly once: what the platform received per chat is what the outbox holds per chat.
    const rows = await sql<{ address: string; n: string }>`select address, count(*) as n from outbound_messages group by address`.execute(db);
    const sentPerChat = new Map<string, number>();
    for (const m of fake.sent) sentPerChat.set(m.chatId, (sentPerChat.get(m.chatId) ?? 0) + 1);
    let lost = 0;
    let doubled = 0;
    for (const row of rows.rows) {
      const got = sentPerChat.get(row.address) ?? 0;
      if (got < Number(row.n)) lost += Number(row.n) - got;
      if (got > Number(row.n)) doubled += got - Number(row.n);
    }
    const requeued = await sql<{ n: string }>`select count(*) as n from outbound_messages where send_job_id like '%-r%'`.execute(db);
    console.log(`Redis restart: sent before it ${sentBeforeRestart}; rows re-queued by the sweeper or a later reply ${requeued.rows[0]!.n}; lost ${lost}; doubled ${doubled}`);
    expect({ lost, doubled }).toEqual({ lost: 0, doubled: 0 });
    expect(rows.rows.reduce((n, r) => n + Number(r.n), 0)).toBeGreaterThanOrEqual(PEOPLE + CHATTERS * TURNS_EACH);
    expect(crowdSent().length).toBe(PEOPLE);
  }, 240_000);
});

describe('a reply whose send job Redis lost', () => {
  let redis: OwnRedis;
  let fake: FakeBotApi;
  let t: TestApp;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    fake = await FakeBotApi.start();
    // The sweeper runs once a minute here: only the later reply can heal the lost one in time.
    t = await createTestApp('lostreply', { REDIS_URL: redis.url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, SWEEP_INTERVAL_MS: '60000' });
    await t.app.startTurnWorkers(2);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await fake?.close();
    await redis?.stop();
  });

  it('does not hold the chat: the next reply queues it again and both go out, in order, within seconds', async () => {
    const chat = 7_123_456_780;
    const { db } = t.app.database;
    await t.app.runtime.handleInbound({ channel: 'telegram', externalId: '834567891', address: String(chat), kind: 'text', text: 'halo', receivedAt: new Date() });
    const first = await waitFor(async () => db.selectFrom('outbound_messages').select(['id', 'send_job_id', 'status']).where('address', '=', String(chat)).where('status', '=', 'queued').execute().then((r) => (r.length ? r : null)), 15_000, 'the first replies queued');
    // No sender yet: the first replies' job waits in Redis. Now Redis loses it.
    await redis.restart();
    const lostJob = await t.app.queues.get(sendQueueName('telegram', 'reply')).getJob(first[0]!.send_job_id!);
    expect(lostJob).toBeUndefined();

    t.app.startChannelSenders(createTelegramSender(t.app), { paced: false });
    const startedAt = Date.now();
    await t.app.runtime.handleInbound({ channel: 'telegram', externalId: '834567892', address: String(chat), kind: 'text', text: 'halo', receivedAt: new Date() });
    await waitFor(async () => (await db.selectFrom('outbound_messages').select('id').where('address', '=', String(chat)).where('status', '<>', 'sent').execute()).length === 0 && fake.sentTo(chat).length > first.length, 20_000, 'every reply sent');
    const waited = Date.now() - startedAt;
    expect(waited).toBeLessThan(10_000);

    // Each reply once, and in the order they were said: the platform's message ids follow the rows' ids.
    const rows = await db.selectFrom('outbound_messages').select(['id', 'platform_message_id']).where('address', '=', String(chat)).orderBy('id').execute();
    expect(fake.sentTo(chat).map((m) => String(m.messageId))).toEqual(rows.map((r) => r.platform_message_id));
    expect(rows.length).toBeGreaterThan(first.length);
  }, 60_000);
});

/** A platform whose first send hangs until the test lets it answer; it counts every call. */
class HangingSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  readonly calls: Outbound[] = [];
  private answer: () => void = () => undefined;
  private readonly answered = new Promise<void>((resolve) => (this.answer = resolve));
  async send(message: Outbound): Promise<SendResult> {
    this.calls.push(message);
    if (this.calls.length === 1) await this.answered;
    return { platformMessageId: String(this.calls.length) };
  }
  release(): void {
    this.answer();
  }
}

describe('a send in flight when Redis loses its job', () => {
  let redis: OwnRedis;
  let t: TestApp;
  const platform = new HangingSender();

  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await createTestApp('inflight', { REDIS_URL: redis.url, SWEEP_INTERVAL_MS: '60000' });
    await t.app.startTurnWorkers(2);
  }, 60_000);

  afterAll(async () => {
    platform.release(); // a failed expectation must not leave a worker waiting on it
    await t?.close();
    await redis?.stop();
  });

  it('is not sent a second time by the job the sweeper queues in its place', async () => {
    const chat = '7123456782';
    const { db } = t.app.database;
    // A send worker of its own, as in a process that runs no turns: every reply is a send job.
    startSendWorker({ queues: t.app.queues, log: t.app.log }, { queueName: sendQueueName('telegram', 'reply'), db, sender: platform, concurrency: 8 });
    await t.app.runtime.handleInbound({ channel: 'telegram', externalId: '834567893', address: chat, kind: 'text', text: 'halo', receivedAt: new Date() });
    // The first reply is with the platform, which has not answered yet; then Redis restarts.
    await waitFor(async () => platform.calls.length === 1, 15_000, 'the first reply to be sending');
    await redis.restart();
    // The sweeper finds the rows' job gone and queues them again; the new job runs at once.
    const swept = await sweepOnce({ db, queues: t.app.queues, runtime: t.app.runtime, graceMs: 0 });
    expect(swept.requeued).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(platform.calls).toHaveLength(1);

    platform.release();
    await waitFor(async () => (await db.selectFrom('outbound_messages').select('id').where('address', '=', chat).where('status', '<>', 'sent').execute()).length === 0, 20_000, 'every reply sent');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a late second send would show here
    const rows = await db.selectFrom('outbound_messages').select('text').where('address', '=', chat).orderBy('id').execute();
    expect(platform.calls.map((m) => m.text)).toEqual(rows.map((r) => r.text));
  }, 60_000);
});

describe('a reply sent by the process that wrote it, when Redis restarts and the sweeper runs', () => {
  let redis: OwnRedis;
  let t: TestApp;
  const platform = new HangingSender();

  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await createTestApp('inflight-direct', { REDIS_URL: redis.url, SWEEP_INTERVAL_MS: '60000' });
    await t.app.startTurnWorkers(2);
  }, 60_000);

  afterAll(async () => {
    platform.release();
    await t?.close();
    await redis?.stop();
  });

  it('is sent once: the job the sweeper queues for the still-pending rows waits for the hold', async () => {
    const chat = '7123456783';
    const { db } = t.app.database;
    // This process runs turns and holds the sender: replies go straight out, without a send job.
    t.app.startChannelSenders(platform, { paced: false });
    await t.app.runtime.handleInbound({ channel: 'telegram', externalId: '834567894', address: chat, kind: 'text', text: 'halo', receivedAt: new Date() });
    await waitFor(async () => platform.calls.length === 1, 15_000, 'the first reply to be sending');
    const held = await db.selectFrom('outbound_messages').select(['status', 'send_job_id', 'sending_until']).where('address', '=', chat).orderBy('id').execute();
    expect(held.length).toBeGreaterThan(0);
    for (const row of held) {
      expect(row.send_job_id).toBeNull();
      expect(row.sending_until!.getTime()).toBeGreaterThan(Date.now());
    }
    await redis.restart();
    // The sweeper sees rows pending with no job and queues them; their job must not send them.
    const swept = await sweepOnce({ db, queues: t.app.queues, runtime: t.app.runtime, graceMs: 0 });
    expect(swept.outbound).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(platform.calls).toHaveLength(1);

    platform.release();
    await waitFor(async () => (await db.selectFrom('outbound_messages').select('id').where('address', '=', chat).where('status', '<>', 'sent').execute()).length === 0, 40_000, 'every reply sent');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const rows = await db.selectFrom('outbound_messages').select('text').where('address', '=', chat).orderBy('id').execute();
    expect(platform.calls.map((m) => m.text)).toEqual(rows.map((r) => r.text));
  }, 60_000);
});

describe('a check of the job schedulers that a Redis restart overtakes', () => {
  let redis: OwnRedis;
  let registry: QueueRegistry;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    registry = new QueueRegistry({ redisUrl: redis.url, prefix: `sched-${Date.now().toString(36)}` });
  }, 30_000);

  afterAll(async () => {
    await registry?.close();
    await redis?.stop();
  });

  it('looks again at the schedulers it found before the restart, so none stays lost', async () => {
    const ids = ['purge-misses', 'tickets-remind', 'purge-drafts', 'sweep', 'broadcast-check', 'workshop-check'];
    for (const id of ids) await registry.upsertScheduler({ queueName: 'maintenance', id, repeat: { every: 3_600_000 }, template: { name: id } });
    const queue = registry.get('maintenance');
    const present = async () => (await Promise.all(ids.map((id) => queue.getJobScheduler(id)))).filter(Boolean).length;
    expect(await present()).toBe(ids.length);

    // Redis goes away while the check is half-way: three found, three still to look at.
    const lookUp = queue.getJobScheduler.bind(queue);
    let looked = 0;
    queue.getJobScheduler = async (id: string) => {
      const found = await lookUp(id);
      if (++looked === 3) await redis.restart();
      return found;
    };
    const restored = await registry.ensureSchedulers();
    queue.getJobScheduler = lookUp;

    expect([...restored].sort()).toEqual([...ids].sort());
    expect(await present()).toBe(ids.length);
  }, 30_000);
});
