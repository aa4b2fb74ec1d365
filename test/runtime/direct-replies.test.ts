import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientSendError, type ChannelSender, type Outbound, type SendResult } from '../../src/channels/types.js';
import { insertBulk } from '../../src/outbox/write.js';
import { sendQueueName, type SendJobData } from '../../src/outbox/queue.js';
import { UNPACED } from '../../src/outbox/pace.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { seedPeople } from '../support/seed.js';

// A process that runs turns and holds a channel's sender sends that channel's replies itself
// once the turn batch commits, with no send job (outbox/direct.ts). These tests hold it to
// what the send jobs guarantee: every reply once, each chat's replies in the order they were
// said, pacing and platform failures handled by the send jobs it hands over to.

/** A Telegram platform that records sends; addresses in `failOnce` fail their next send with a network error. */
class Platform implements ChannelSender {
  readonly channel = 'telegram' as const;
  readonly sent: Outbound[] = [];
  readonly failOnce = new Set<string>();
  async send(message: Outbound): Promise<SendResult> {
    if (this.failOnce.delete(message.address)) throw new TransientSendError('ECONNRESET');
    this.sent.push(message);
    return { platformMessageId: String(900_000_000 + this.sent.length) };
  }
  to(address: string): string[] {
    return this.sent.filter((m) => m.address === address).map((m) => m.text);
  }
}

let update = 934_567_000;

async function say(t: TestApp, address: string, text: string): Promise<void> {
  await t.app.runtime.handleInbound({ channel: 'telegram', externalId: String(++update), address, kind: 'text', text, receivedAt: new Date() });
}

async function allSent(t: TestApp, address: string, atLeast: number): Promise<{ id: string; text: string | null; send_job_id: string | null }[]> {
  const { db } = t.app.database;
  return waitFor(async () => {
    const waiting = await db.selectFrom('inbound_messages as m').innerJoin('identities as i', 'i.id', 'm.identity_id').select('m.id').where('i.address', '=', address).where('m.handled_at', 'is', null).executeTakeFirst();
    if (waiting) return null;
    const rows = await db.selectFrom('outbound_messages').select(['id', 'text', 'status', 'send_job_id']).where('address', '=', address).orderBy('id').execute();
    return rows.length >= atLeast && rows.every((r) => r.status === 'sent') ? rows : null;
  }, 20_000, `replies to ${address} sent`);
}

/**
 * Whether a reply send job carried this outbox row. Any state counts: the job marks its rows
 * sent a moment before it completes itself. A reply sent directly never has one.
 */
async function sentByJob(t: TestApp, outboxId: string): Promise<boolean> {
  const jobs = await t.app.queues.get(sendQueueName('telegram', 'reply')).getJobs(['completed', 'active', 'waiting', 'delayed', 'prioritized', 'failed']);
  return jobs.some((job) => (job.data as SendJobData).outboxIds.includes(outboxId));
}

describe('replies sent by the process that ran the turn', () => {
  let t: TestApp;
  const platform = new Platform();

  beforeAll(async () => {
    t = await createTestApp('direct-replies', { SWEEP_INTERVAL_MS: '600000' });
    await t.app.startTurnWorkers(2);
    t.app.startChannelSenders(platform, { paced: false });
  }, 60_000);
  afterAll(() => t?.close());

  it('go out without a send job, once each, in the order said, over a whole sign-up', async () => {
    const chat = '7123400001';
    for (const line of ['halo', 'iya', 'Siti Aminah']) {
      const before = platform.to(chat).length;
      await say(t, chat, line);
      await waitFor(async () => platform.to(chat).length > before, 15_000, `a reply to "${line}"`);
    }
    const rows = await allSent(t, chat, 3);
    expect(platform.to(chat)).toEqual(rows.map((r) => r.text));
    expect(rows.every((r) => r.send_job_id === null)).toBe(true);
    const reply = t.app.queues.get(sendQueueName('telegram', 'reply'));
    const counts = await reply.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('wait behind an earlier reply still unsent, and keep the order', async () => {
    const chat = '7123400002';
    await say(t, chat, 'halo');
    await allSent(t, chat, 1);
    // An earlier reply to this chat is still unsent (written by another process while Redis
    // was down, so it has no send job yet): it must be said first, though the next turn's
    // replies are written here.
    const { db } = t.app.database;
    const identity = await db.selectFrom('identities').select('id').where('address', '=', chat).executeTakeFirstOrThrow();
    const [earlier] = await insertBulk(db, [{ identityId: String(identity.id), personId: null, channel: 'telegram', address: chat, text: 'PESAN LEBIH DULU', dedupeKey: `direct-test-${chat}` }]);
    await db.updateTable('outbound_messages').set({ path: 'reply' }).where('id', '=', earlier!.id).execute();
    await say(t, chat, 'iya');
    const rows = await allSent(t, chat, 3);
    expect(platform.to(chat)).toEqual(rows.map((r) => r.text));
    expect(platform.to(chat)).toContain('PESAN LEBIH DULU');
    // The turn's replies went by a send job, which put the earlier one out first.
    // (Checked in Redis: the row may not name its job, which can send it before the row is marked queued.)
    expect(await sentByJob(t, rows.at(-1)!.id)).toBe(true);
    expect(platform.to(chat).indexOf('PESAN LEBIH DULU')).toBe(rows.findIndex((r) => r.text === 'PESAN LEBIH DULU'));
  });

  it('that the platform refuses go to a send job, which sends them once, and later replies follow in order', async () => {
    const chat = '7123400003';
    platform.failOnce.add(chat);
    await say(t, chat, 'halo');
    await allSent(t, chat, 1);
    await say(t, chat, 'iya');
    const rows = await allSent(t, chat, 2);
    expect(platform.to(chat)).toEqual(rows.map((r) => r.text));
    // The refused reply went by a send job. (Its row may not name the job: the job can send
    // it before queueRows marks the row queued, and then the mark finds it sent.)
    expect(await sentByJob(t, rows[0]!.id)).toBe(true);
  });

  it('that name other people (a staff preview) go by a send job, which reads the text at send time; the chat keeps its order', async () => {
    const staffChat = '7123400005';
    await addStaff(t.app.database.db, { name: 'Rina Hayati', telegramId: staffChat });
    await seedPeople(t.app.database.db, [{ name: 'Siti Rahmawati', business: 'Warung Acil', phone: null, chats: [{ channel: 'telegram', address: '7123400006' }] }]);
    for (const line of ['/umumkan', 'Halo {nama}, ada pelatihan.', 'semua']) {
      const before = platform.to(staffChat).length;
      await say(t, staffChat, line);
      await waitFor(async () => platform.to(staffChat).length > before, 15_000, `a reply to "${line}"`);
    }
    const rows = await allSent(t, staffChat, 3);
    expect(platform.to(staffChat)).toEqual(rows.map((r) => r.text));
    const { db } = t.app.database;
    const named = await db.selectFrom('outbound_messages').select(['id', 'text']).where('address', '=', staffChat).where('mentions', 'is not', null).execute();
    expect(named.map((r) => r.text).join('\n')).toContain('Halo Siti Rahmawati, ada pelatihan.');
    for (const row of named) expect(await sentByJob(t, row.id)).toBe(true);
    // The replies before it, which name no one, went straight out.
    const firstNamed = rows.findIndex((r) => named.some((n) => n.id === r.id));
    expect(firstNamed).toBeGreaterThan(0);
    for (const row of rows.slice(0, firstNamed)) expect(await sentByJob(t, row.id)).toBe(false);
  });

  it('many chats at once: every reply once, each chat in order', async () => {
    const chats = Array.from({ length: 40 }, (_, i) => String(7_123_500_000 + i));
    for (const line of ['halo', 'iya', 'Budi Santoso', 'Warung Budi']) {
      const before = chats.map((c) => platform.to(c).length);
      await Promise.all(chats.map((c) => say(t, c, line)));
      await waitFor(async () => chats.every((c, i) => platform.to(c).length > before[i]!), 20_000, 'every chat answered');
    }
    for (const chat of chats) {
      const rows = await allSent(t, chat, 4);
      expect(platform.to(chat)).toEqual(rows.map((r) => r.text));
    }
  });
});

describe('replies a paced channel holds back', () => {
  let t: TestApp;
  const platform = new Platform();

  beforeAll(async () => {
    t = await createTestApp('direct-paced', { SWEEP_INTERVAL_MS: '600000' });
    await t.app.startTurnWorkers(2);
    // One message per chat per 1.5 s: a turn's second reply must wait.
    t.app.startSender(sendQueueName('telegram', 'reply'), platform, { concurrency: 4, pacing: { ...UNPACED, chatIntervalMs: 1500, chatBurst: 1 } });
  }, 60_000);
  afterAll(() => t?.close());

  it('go to a send job that waits for the pace; nothing is lost, doubled or reordered', async () => {
    const chat = '7123400004';
    await say(t, chat, 'halo');
    await say(t, chat, 'iya');
    const rows = await allSent(t, chat, 2);
    expect(platform.to(chat)).toEqual(rows.map((r) => r.text));
    expect((await Promise.all(rows.map((r) => sentByJob(t, r.id)))).some(Boolean)).toBe(true);
    // One per 1.5 s, whichever way each went.
    const sentAt = await t.app.database.db.selectFrom('outbound_messages').select('sent_at').where('address', '=', chat).orderBy('sent_at').execute();
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i]!.sent_at!.getTime() - sentAt[i - 1]!.sent_at!.getTime()).toBeGreaterThanOrEqual(1400);
  });
});
