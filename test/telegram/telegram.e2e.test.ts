import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramGateway, type GroupMessageEvent, type TelegramGateway } from '../../src/channels/telegram/gateway.js';
import { createTelegramSender } from '../../src/channels/telegram/sender.js';
import type { Config } from '../../src/config.js';
import { sendQueueName } from '../../src/outbox/queue.js';
import { sendJobId } from '../../src/outbox/queue.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { FakeBotApi, type SentMessage } from '../support/fake-bot-api.js';

// People chatting with the real gateway (telegraf polling or a webhook) through a fake
// Bot API, with the real app behind it: Postgres, Redis, turn workers and send workers.

const SHARE_CONTACT = '📱 Kirim nomor HP saya';

let fake: FakeBotApi;
let test: TestApp;
let gateway: TelegramGateway;
let webhookGateway: TelegramGateway | undefined;
const groupEvents: GroupMessageEvent[] = [];

async function startPollingGateway(): Promise<TelegramGateway> {
  return startTelegramGateway({ app: test.app, config: test.config, onGroupMessage: (e) => groupEvents.push(e) });
}

beforeAll(async () => {
  fake = await FakeBotApi.start();
  test = await createTestApp('telegram', { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url });
  await test.app.startTurnWorkers();
  test.app.startSender(sendQueueName('telegram', 'reply'), createTelegramSender(test.app));
  test.app.startSender(sendQueueName('telegram', 'bulk'), createTelegramSender(test.app));
  gateway = await startPollingGateway();
});

afterAll(async () => {
  await webhookGateway?.stop();
  await gateway?.stop();
  await test?.close();
  await fake?.close();
});

/** A person in a private Telegram chat with the bot. */
class TelegramUser {
  constructor(readonly chatId: number) {}

  say(text: string): Promise<SentMessage[]> {
    return this.send(fake.pushUpdate(fake.privateText(this.chatId, text, { first_name: 'Siti', last_name: 'Aminah' })));
  }

  shareOwnContact(phone: string): Promise<SentMessage[]> {
    return this.send(fake.pushUpdate(fake.privateContact(this.chatId, phone)));
  }

  /** Waits until the update is handled and every reply is out (or given up); returns what arrived. */
  async send(update: { message: { message_id: number } }): Promise<SentMessage[]> {
    const before = fake.sentTo(this.chatId).length;
    await settled(this.chatId, `${this.chatId}-${update.message.message_id}`);
    return fake.sentTo(this.chatId).slice(before);
  }

  get seen(): string[] {
    return fake.sentTo(this.chatId).map((m) => m.text);
  }
}

async function settled(chatId: number, externalId: string): Promise<void> {
  const { db } = test.app.database;
  await waitFor(async () => {
    const inbound = await db.selectFrom('inbound_messages').select('handled_at').where('channel', '=', 'telegram').where('external_id', '=', test.app.runtime.externalKey('telegram', externalId)).executeTakeFirst();
    if (!inbound?.handled_at) return false;
    const unsent = await db
      .selectFrom('outbound_messages')
      .select('id')
      .where('channel', '=', 'telegram')
      .where('address', '=', String(chatId))
      .where('status', 'in', ['pending', 'queued'])
      .executeTakeFirst();
    return !unsent;
  }, 20_000, `replies to ${externalId}`);
}

function buttons(message: SentMessage | undefined): string[][] {
  return (message?.replyMarkup?.keyboard ?? []).map((row) => row.map((b) => b.text));
}

describe('Telegram, end to end through telegraf', () => {
  it('a person signs up in Indonesian; the business name reaches Telegram exactly as typed', async () => {
    const siti = new TelegramUser(7123456701);

    const greeting = await siti.say('halo');
    expect(greeting).toHaveLength(2);
    expect(greeting[0]?.text).toContain('selamat datang di <b>Wirabot</b>');
    expect(greeting[1]?.text).toContain('Apakah Bapak/Ibu setuju?');
    expect(buttons(greeting[1])).toEqual([['Ya', 'Tidak']]);
    expect(greeting.every((m) => m.parseMode === 'HTML')).toBe(true);

    const [askName] = await siti.say('ya');
    expect(askName?.text).toContain('Siapa nama lengkap Bapak/Ibu?');
    expect(askName?.replyMarkup).toEqual({ remove_keyboard: true });

    expect((await siti.say('Siti Aminah'))[0]?.text).toContain('Apa nama usaha Bapak/Ibu?');
    const [askSector] = await siti.say('Kopi & Roti Asli');
    expect(buttons(askSector).flat()).toEqual(['Kuliner', 'Fesyen', 'Kerajinan', 'Jasa', 'Pertanian/Perikanan', 'Perdagangan', 'Lainnya']);

    const [askKecamatan] = await siti.say('kulner');
    expect(buttons(askKecamatan).flat()).toContain('Banjarmasin Utara');

    const [askPhone] = await siti.say('utara');
    expect(askPhone?.text).toContain('Berapa nomor HP/WhatsApp Bapak/Ibu?');
    expect(askPhone?.replyMarkup?.keyboard?.[0]).toEqual([{ text: SHARE_CONTACT, request_contact: true }]);

    expect((await siti.shareOwnContact('6281234567890'))[0]?.text).toContain('Tahun berapa usaha ini mulai berjalan?');
    expect((await siti.say('2019'))[0]?.text).toContain('omzet');

    const [summary] = await siti.say('7,5 juta');
    expect(summary?.text).toContain('Usaha: Kopi &amp; Roti Asli');
    expect(summary?.text).toContain('Rp7.500.000');

    const done = await siti.say('ya');
    expect(done[0]?.text).toContain('Pendaftaran berhasil');

    const person = await test.app.database.db
      .selectFrom('people')
      .innerJoin('sectors', 'sectors.id', 'people.sector_id')
      .innerJoin('kecamatan', 'kecamatan.id', 'people.kecamatan_id')
      .select(['people.full_name', 'people.business_name', 'sectors.name as sector', 'kecamatan.name as kecamatan', 'people.phone_e164', 'people.business_started_year', 'people.baseline_omzet'])
      .executeTakeFirstOrThrow();
    expect(person).toEqual({
      full_name: 'Siti Aminah',
      business_name: 'Kopi & Roti Asli',
      sector: 'Kuliner',
      kecamatan: 'Banjarmasin Utara',
      phone_e164: '+6281234567890',
      business_started_year: 2019,
      baseline_omzet: '7500000',
    });
  });

  it('the same update delivered twice, at once or again later, gets exactly one reply', async () => {
    const budi = new TelegramUser(7123456702);
    const update = fake.pushUpdate(fake.privateText(budi.chatId, 'halo'));
    fake.pushUpdate(update); // in the same getUpdates batch
    await budi.send(update);
    fake.pushUpdate(update); // redelivered after it was confirmed
    await budi.say('ya'); // handled after the repeat, so the repeat has been dealt with

    expect(budi.seen).toHaveLength(3);
    expect(budi.seen.filter((t) => t.includes('selamat datang'))).toHaveLength(1);
    expect(budi.seen[2]).toContain('Siapa nama lengkap');
  });

  it('a 429 (and a 500) in the middle of a conversation delays replies but loses none, and keeps their order', async () => {
    const rina = new TelegramUser(7123456703);
    await rina.say('halo');
    await rina.say('ya');

    fake.failNext('sendMessage', { status: 429, retry_after: 1 });
    const [askBusiness] = await rina.say('Rina Wati');
    const limited = fake.failures.find((f) => f.chatId === String(rina.chatId) && f.status === 429);
    expect(askBusiness?.text).toContain('Apa nama usaha');
    expect(askBusiness!.at - limited!.at).toBeGreaterThanOrEqual(1000);

    fake.failNext('sendMessage', { status: 500 });
    const [askSector] = await rina.say('Warung Rina');
    expect(askSector?.text).toContain('bidang apa');

    const texts = rina.seen;
    expect(texts).toHaveLength(5);
    expect(texts[0]).toContain('selamat datang');
    expect(texts[1]).toContain('setuju');
    expect(texts[2]).toContain('nama lengkap');
    expect(texts[3]).toContain('nama usaha');
    expect(texts[4]).toContain('bidang apa');
    const rows = await test.app.database.db.selectFrom('outbound_messages').select('status').where('address', '=', String(rina.chatId)).execute();
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'sent'));
  });

  it('a person who blocked the bot is marked unreachable, not retried, and reachable again once they write', async () => {
    const joko = new TelegramUser(7123456704);
    const { db } = test.app.database;
    fake.blockChat(joko.chatId);

    expect(await joko.say('halo')).toEqual([]);

    const identity = await db.selectFrom('identities').selectAll().where('channel', '=', 'telegram').where('address', '=', String(joko.chatId)).executeTakeFirstOrThrow();
    expect(identity.unreachable_at).not.toBeNull();
    expect(identity.unreachable_reason).toBe('Forbidden: bot was blocked by the user');
    const rows = await db.selectFrom('outbound_messages').select(['id', 'status', 'status_reason', 'attempts']).where('identity_id', '=', identity.id).orderBy('id').execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatchObject({ status: 'failed', status_reason: 'unreachable: Forbidden: bot was blocked by the user', attempts: 1 });
    // Each message was tried once, and nothing waits to retry: the replies were sent by the
    // process that ran the turn (outbox/direct.ts), so no send job was made for them at all.
    expect(fake.failures.filter((f) => f.chatId === String(joko.chatId))).toHaveLength(rows.length);
    const replies = test.app.queues.get(sendQueueName('telegram', 'reply'));
    expect(await replies.getJob(sendJobId(rows.map((r) => r.id)))).toBeUndefined();
    expect(await replies.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 0, active: 0 });

    fake.unblockChat(joko.chatId);
    const answer = await joko.say('halo lagi');
    expect(answer.length).toBeGreaterThan(0);
    const back = await db.selectFrom('identities').select('unreachable_at').where('id', '=', identity.id).executeTakeFirstOrThrow();
    expect(back.unreachable_at).toBeNull();
  });

  it('in webhook mode, a call without the right secret is refused and nothing is recorded; the right secret is processed', async () => {
    const secret = 'rahasia-webhook-0123456789';
    const port = await freePort();
    const config: Config = { ...test.config, TELEGRAM_WEBHOOK_URL: 'https://wirabot.example.id/telegram', TELEGRAM_WEBHOOK_SECRET: secret, TELEGRAM_WEBHOOK_PORT: port };
    fake.failNext('getMe', { status: 500 }); // Telegram down at start-up: the gateway waits, it does not crash
    webhookGateway = await startTelegramGateway({ app: test.app, config });
    expect(fake.webhook).toEqual({ url: 'https://wirabot.example.id/telegram', secretToken: secret });

    const chatId = 7_123_456_705;
    const post = (update: unknown, headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(update) });
    const forged = { update_id: 834_900_001, ...fake.privateText(chatId, 'halo') };
    expect((await post(forged, {})).status).toBe(401);
    expect((await post(forged, { 'X-Telegram-Bot-Api-Secret-Token': 'tebakan-salah-0123456789' })).status).toBe(401);
    const { db } = test.app.database;
    const recorded = () => db.selectFrom('inbound_messages as m').innerJoin('identities as i', 'i.id', 'm.identity_id').select('m.id').where('i.channel', '=', 'telegram').where('i.address', '=', String(chatId)).execute();
    expect(await recorded()).toEqual([]);

    const genuine = { update_id: 834_900_002, ...fake.privateText(chatId, 'halo') };
    expect((await post(genuine, { 'X-Telegram-Bot-Api-Secret-Token': secret })).status).toBe(200);
    expect(await recorded()).toHaveLength(1);
    const replies = await fake.waitForSent(2, 15_000, chatId);
    expect(replies[0]?.text).toContain('selamat datang');

    await webhookGateway.stop();
    webhookGateway = undefined;
  });

  it('a group gets one polite line asking for a private chat, once per group even across restarts, and nothing is recorded', async () => {
    const group = -1_001_234_567_890;
    const eventsFor = () => groupEvents.filter((e) => e.chatId === String(group));

    fake.pushUpdate(fake.groupText(group, 7006, 'halo bot'));
    await waitFor(async () => eventsFor().length === 1, 15_000, 'first group message');
    expect(fake.sentTo(group).map((m) => m.text)).toEqual(['Mohon maaf, saya hanya melayani chat pribadi. Silakan kirim pesan langsung ke @wirabot_test_bot.']);

    fake.pushUpdate(fake.groupText(group, 7007, 'daftar'));
    await waitFor(async () => eventsFor().length === 2, 15_000, 'second group message');

    await gateway.stop();
    gateway = await startPollingGateway();
    fake.pushUpdate(fake.groupText(group, 7006, 'halo lagi'));
    await waitFor(async () => eventsFor().length === 3, 15_000, 'group message after restart');

    expect(eventsFor().map((e) => e.notified)).toEqual([true, false, false]);
    expect(fake.sentTo(group)).toHaveLength(1);
    const identities = await test.app.database.db.selectFrom('identities').select('id').where('address', '=', String(group)).execute();
    expect(identities).toEqual([]);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
