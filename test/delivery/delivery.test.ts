import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitedError, TransientSendError, type ChannelName, type ChannelSender, type Outbound, type SendResult } from '../../src/channels/types.js';
import { deliverJob } from '../../src/outbox/deliver.js';
import { sendQueueName } from '../../src/outbox/queue.js';
import { sendBulk, type BulkMessage } from '../../src/outbox/write.js';
import type { SendJobData } from '../../src/outbox/queue.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';

// Delivery through the real queues: pacing, priorities, expiry, 429s and retries, and the
// promise that nothing is sent twice. A recording channel stands in for the platform.

class ScriptedSender implements ChannelSender {
  readonly sent: (Outbound & { at: number })[] = [];
  /** Errors to throw, in order, before sending normally. */
  readonly failures: Error[] = [];
  constructor(readonly channel: ChannelName) {}
  async send(message: Outbound): Promise<SendResult> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ ...message, at: Date.now() });
    return { platformMessageId: `p-${this.sent.length}` };
  }
  to(address: string) {
    return this.sent.filter((m) => m.address === address);
  }
}

async function makeChats(t: TestApp, channel: ChannelName, count: number, label: string): Promise<{ id: string; address: string }[]> {
  const rows = Array.from({ length: count }, (_, i) => ({ channel, address: `${label}-${i}` }));
  const out: { id: string; address: string }[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    out.push(...(await t.app.database.db.insertInto('identities').values(rows.slice(i, i + 1000)).returning(['id', 'address']).execute()));
  }
  return out;
}

function bulkTo(chats: { id: string; address: string }[], channel: ChannelName, key: string, extra: Partial<BulkMessage> = {}): BulkMessage[] {
  return chats.map((c) => ({ identityId: c.id, personId: null, channel, address: c.address, text: `Pengumuman ${key}`, dedupeKey: `${key}:${c.id}`, ...extra }));
}

const statusOf = async (t: TestApp, key: string) =>
  t.app.database.db.selectFrom('outbound_messages').select(['status', 'status_reason', 'attempts']).where('dedupe_key', 'like', `${key}:%`).execute();

describe('telegram pacing', () => {
  let t: TestApp;
  const sender = new ScriptedSender('telegram');

  beforeAll(async () => {
    t = await createTestApp('pacing', { TELEGRAM_RATE_PER_SECOND: '20', TELEGRAM_CHAT_INTERVAL_MS: '300' });
    t.app.startChannelSenders(sender);
  });
  afterAll(() => t.close());

  it('a bulk send never goes faster than the channel limit allows', async () => {
    const chats = await makeChats(t, 'telegram', 60, 'rate');
    const started = Date.now();
    await sendBulk(t.app.database.db, t.app.queues, bulkTo(chats, 'telegram', 'rate'));
    await waitFor(async () => sender.sent.filter((m) => m.address.startsWith('rate-')).length === 60, 30_000, '60 sends');
    const times = sender.sent.filter((m) => m.address.startsWith('rate-')).map((m) => m.at);
    // Bulk may use the burst (20) less the reply reserve (4), then at most 20/s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(((60 - 16) / 20) * 1000 * 0.9);
    for (let i = 0; i + 24 < times.length; i++) expect(times[i + 24]! - times[i]!).toBeGreaterThanOrEqual(400);
  });

  it('one chat gets at most a short burst, then one message per interval', async () => {
    const [chat] = await makeChats(t, 'telegram', 1, 'chat');
    const messages = Array.from({ length: 6 }, (_, i) => ({ ...bulkTo([chat!], 'telegram', `chat${i}`)[0]! }));
    await sendBulk(t.app.database.db, t.app.queues, messages);
    await waitFor(async () => sender.to(chat!.address).length === 6, 20_000, 'six sends to one chat');
    const times = sender.to(chat!.address).map((m) => m.at);
    // A burst of three, then one per 300 ms: six sends need at least three refills, however
    // the first three were spread out (a slow machine spreads them and refills meanwhile).
    expect(times[5]! - times[0]!).toBeGreaterThanOrEqual(3 * 300 * 0.9);
  });
});

describe('replies during a bulk backlog', () => {
  let t: TestApp;
  const sender = new ScriptedSender('telegram');

  beforeAll(async () => {
    t = await createTestApp('backlog', { TELEGRAM_RATE_PER_SECOND: '25' });
    await t.app.startTurnWorkers(4);
    t.app.startChannelSenders(sender);
  });
  afterAll(() => t.close());

  it('a person chatting is answered within seconds while 1,000 bulk messages wait', async () => {
    const chats = await makeChats(t, 'telegram', 1000, 'backlog');
    await sendBulk(t.app.database.db, t.app.queues, bulkTo(chats, 'telegram', 'backlog'));
    await waitFor(async () => sender.sent.length >= 30, 10_000, 'bulk draining');
    const asked = Date.now();
    await t.app.runtime.handleInbound({ channel: 'telegram', externalId: 'backlog-hi', address: 'person-1', kind: 'text', text: 'halo', receivedAt: new Date() });
    await waitFor(async () => sender.to('person-1').length >= 2, 10_000, 'the reply');
    const answeredIn = sender.to('person-1')[0]!.at - asked;
    expect(answeredIn).toBeLessThan(3000);
    expect(sender.sent.filter((m) => m.address.startsWith('backlog-')).length).toBeLessThan(500);
  });
});

describe('delivery outcomes', () => {
  let t: TestApp;
  const sender = new ScriptedSender('telegram');

  beforeAll(async () => {
    t = await createTestApp('outcomes', { SEND_MAX_ATTEMPTS: '3' });
    await t.app.startTurnWorkers(2);
    t.app.startChannelSenders(sender, { paced: false });
  });
  afterAll(() => t.close());

  it('a reminder that can no longer be useful ends as expired, never sent', async () => {
    const chats = await makeChats(t, 'telegram', 2, 'late');
    await sendBulk(t.app.database.db, t.app.queues, bulkTo(chats, 'telegram', 'late', { expiresAt: new Date(Date.now() - 1000) }));
    await waitFor(async () => (await statusOf(t, 'late')).every((r) => r.status === 'expired'), 10_000, 'expired');
    expect(sender.sent.filter((m) => m.address.startsWith('late-'))).toHaveLength(0);
  });

  it('people who said BERHENTI or cannot be reached are skipped, with the reason', async () => {
    const db = t.app.database.db;
    const [optedOut, blocked, ok] = await makeChats(t, 'telegram', 3, 'skip');
    const person = await db.insertInto('people').values({ member_no: 'BJM-900001', full_name: 'Stop', opted_out_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    await db.updateTable('identities').set({ person_id: person.id }).where('id', '=', optedOut!.id).execute();
    await db.updateTable('identities').set({ unreachable_at: new Date(), unreachable_reason: 'blocked' }).where('id', '=', blocked!.id).execute();
    const messages = bulkTo([optedOut!, blocked!, ok!], 'telegram', 'skip').map((m, i) => (i === 0 ? { ...m, personId: person.id } : m));
    await sendBulk(db, t.app.queues, messages);
    await waitFor(async () => (await statusOf(t, 'skip')).every((r) => r.status !== 'queued'), 10_000, 'all decided');
    const rows = await db.selectFrom('outbound_messages').select(['address', 'status', 'status_reason']).where('dedupe_key', 'like', 'skip:%').orderBy('id').execute();
    expect(rows).toEqual([
      { address: 'skip-0', status: 'skipped', status_reason: 'opted out (BERHENTI)' },
      { address: 'skip-1', status: 'skipped', status_reason: 'recipient unreachable' },
      { address: 'skip-2', status: 'sent', status_reason: null },
    ]);
  });

  it('an invitation naming an imported person is skipped once they were erased or stopped (it is not their chat yet)', async () => {
    const db = t.app.database.db;
    const chats = await makeChats(t, 'telegram', 3, 'named');
    const [erased, stopped, waiting] = await Promise.all(
      [{ erased_at: new Date() }, { opted_out_at: new Date() }, {}].map((gone, i) =>
        db.insertInto('people').values({ member_no: null, full_name: `Impor ${i}`, imported_at: new Date(), consent_pending: true, ...gone }).returning('id').executeTakeFirstOrThrow(),
      ),
    );
    const people = [erased!, stopped!, waiting!];
    await sendBulk(db, t.app.queues, bulkTo(chats, 'telegram', 'named').map((m, i) => ({ ...m, mentions: [people[i]!.id] })));
    await waitFor(async () => (await statusOf(t, 'named')).every((r) => r.status !== 'queued' && r.status !== 'pending'), 10_000, 'all decided');
    const rows = await db.selectFrom('outbound_messages').select(['address', 'status', 'status_reason']).where('dedupe_key', 'like', 'named:%').orderBy('id').execute();
    expect(rows).toEqual([
      { address: 'named-0', status: 'skipped', status_reason: 'the person it names was erased or stopped' },
      { address: 'named-1', status: 'skipped', status_reason: 'the person it names was erased or stopped' },
      { address: 'named-2', status: 'sent', status_reason: null },
    ]);
    expect(sender.sent.filter((m) => m.address.startsWith('named-')).map((m) => m.address)).toEqual(['named-2']);
  });

  it('the same bulk message queued twice (a fan-out that ran again) goes out once', async () => {
    const chats = await makeChats(t, 'telegram', 5, 'twice');
    expect(await sendBulk(t.app.database.db, t.app.queues, bulkTo(chats, 'telegram', 'twice'))).toBe(5);
    expect(await sendBulk(t.app.database.db, t.app.queues, bulkTo(chats, 'telegram', 'twice'))).toBe(0);
    await waitFor(async () => (await statusOf(t, 'twice')).every((r) => r.status === 'sent'), 10_000, 'sent');
    expect(sender.sent.filter((m) => m.address.startsWith('twice-'))).toHaveLength(5);
  });

  it('a send job that runs again after the row says sent sends nothing', async () => {
    const [chat] = await makeChats(t, 'telegram', 1, 'again');
    await sendBulk(t.app.database.db, t.app.queues, bulkTo([chat!], 'telegram', 'again'));
    await waitFor(async () => (await statusOf(t, 'again'))[0]?.status === 'sent', 10_000, 'sent');
    const row = await t.app.database.db.selectFrom('outbound_messages').select('id').where('dedupe_key', 'like', 'again:%').executeTakeFirstOrThrow();
    const job = { data: { outboxIds: [row.id] }, attemptsMade: 0, opts: { attempts: 3 } } as unknown as Job<SendJobData>;
    await deliverJob({ db: t.app.database.db, sender, log: t.app.log, queue: t.app.queues.get(sendQueueName('telegram', 'bulk')) }, job);
    expect(sender.to(chat!.address)).toHaveLength(1);
  });

  it('a 429 pauses the channel for retry_after and then sends; the message is not failed', async () => {
    const [chat] = await makeChats(t, 'telegram', 1, 'slow');
    sender.failures.push(new RateLimitedError(1500));
    const started = Date.now();
    await sendBulk(t.app.database.db, t.app.queues, bulkTo([chat!], 'telegram', 'slow'));
    await waitFor(async () => sender.to(chat!.address).length === 1, 15_000, 'sent after the pause');
    expect(sender.to(chat!.address)[0]!.at - started).toBeGreaterThanOrEqual(1400);
    // The row is marked just after the platform's OK; wait for that write rather than race it.
    await waitFor(async () => (await statusOf(t, 'slow'))[0]?.status !== 'queued', 5_000, 'row marked');
    const [row] = await statusOf(t, 'slow');
    expect(row!.status).toBe('sent');
  });

  it('network errors are retried with backoff, then fail with the reason stored', async () => {
    const [chat] = await makeChats(t, 'telegram', 1, 'down');
    sender.failures.push(new TransientSendError('ECONNRESET'), new TransientSendError('ECONNRESET'), new TransientSendError('ETIMEDOUT'));
    await sendBulk(t.app.database.db, t.app.queues, bulkTo([chat!], 'telegram', 'down'));
    await waitFor(async () => (await statusOf(t, 'down'))[0]?.status === 'failed', 20_000, 'failed');
    const [row] = await statusOf(t, 'down');
    expect(row).toEqual({ status: 'failed', status_reason: 'ETIMEDOUT', attempts: 3 });
    expect(sender.to(chat!.address)).toHaveLength(0);
  });

  it('a reply that fails once is retried, and the next reply to that chat waits for it', async () => {
    sender.failures.push(new TransientSendError('ECONNRESET'));
    const say = (id: string, text: string) =>
      t.app.runtime.handleInbound({ channel: 'telegram', externalId: id, address: 'order-1', kind: 'text', text, receivedAt: new Date() });
    await say('order-a', 'halo');
    await say('order-b', 'ya');
    await waitFor(async () => sender.to('order-1').length >= 3, 20_000, 'three replies');
    const texts = sender.to('order-1').map((m) => m.text);
    expect(texts[0]).toMatch(/selamat datang/);
    expect(texts[1]).toMatch(/setuju\?/);
    expect(texts[2]).toMatch(/Terima kasih atas persetujuannya/);
  });
});

describe('whatsapp bulk pacing', () => {
  let t: TestApp;
  const sender = new ScriptedSender('whatsapp');

  beforeAll(async () => {
    t = await createTestApp('wapace', { WHATSAPP_BULK_MIN_DELAY_MS: '300', WHATSAPP_BULK_MAX_DELAY_MS: '500' });
    t.app.startChannelSenders(sender);
  });
  afterAll(() => t.close());

  it('bulk messages go out one at a time with a random gap between the limits', async () => {
    const chats = await makeChats(t, 'whatsapp', 5, 'wa');
    await sendBulk(t.app.database.db, t.app.queues, bulkTo(chats, 'whatsapp', 'wa'));
    await waitFor(async () => sender.sent.length === 5, 20_000, 'five sends');
    const gaps = sender.sent.slice(1).map((m, i) => m.at - sender.sent[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(290);
    expect(new Set(gaps.map((g) => Math.round(g / 20))).size).toBeGreaterThan(1);
  });
});
