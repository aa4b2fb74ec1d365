import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramGateway, type TelegramGateway } from '../../src/channels/telegram/gateway.js';
import { createTelegramSender } from '../../src/channels/telegram/sender.js';
import type { WhatsAppMessage } from '../../src/channels/whatsapp/convert.js';
import { startWhatsAppGateway, type WhatsAppClient, type WhatsAppGateway } from '../../src/channels/whatsapp/gateway.js';
import { createLogger } from '../../src/log.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { FakeBotApi } from '../support/fake-bot-api.js';
import { insertPeople, type PersonSpec } from '../support/seed.js';

// The "done when": a staff member, entirely in chat, announces something to the
// stagnant businesses of one kecamatan, sees the preview and the count, confirms and gets
// the delivery summary — while entrepreneurs chatting meanwhile are answered without
// delay. Once through the real Telegram gateway, once through the real WhatsApp gateway.

const UTARA = 5;

/** Stagnant in Utara (the recipients), and others who must not get it. */
function population(count: number, chat: (i: number) => PersonSpec['chats'][number]): PersonSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `Pelaku ${i}`,
    business: `Usaha ${i}`,
    kecamatan: i % 4 === 3 ? 1 : UTARA,
    status: i % 5 === 4 ? 'berkembang' : 'stagnan',
    chats: [chat(i)],
  }));
}
const isRecipient = (i: number) => i % 4 !== 3 && i % 5 !== 4;

describe('on Telegram', () => {
  const STAFF = 7_044_000_001;
  const PEOPLE = 260;
  const chatOf = (i: number) => 7_045_000_000 + i;
  let fake: FakeBotApi;
  let t: TestApp;
  let gateway: TelegramGateway;

  beforeAll(async () => {
    fake = await FakeBotApi.start();
    t = await createTestApp('donetelegram', { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, TELEGRAM_RATE_PER_SECOND: '25', BROADCAST_CHECK_INTERVAL_MS: '500' });
    await t.app.startTurnWorkers();
    t.app.startChannelSenders(createTelegramSender(t.app));
    gateway = await startTelegramGateway({ app: t.app, config: t.config });
    await addStaff(t.app.database.db, { name: 'Rina', telegramId: String(STAFF) });
    await insertPeople(t.app.database.db, population(PEOPLE, (i) => ({ channel: 'telegram', address: String(chatOf(i)) })));
  }, 60_000);
  afterAll(async () => {
    await gateway?.stop();
    await t?.close();
    await fake?.close();
  });

  async function say(chatId: number, text: string, replies = 1): Promise<string[]> {
    const before = fake.sentTo(chatId).length;
    fake.pushUpdate(fake.privateText(chatId, text));
    const sent = await fake.waitForSent(before + replies, 20_000, chatId);
    return sent.slice(before).map((m) => m.text);
  }

  it('staff announce to the stagnant businesses of Banjarmasin Utara; entrepreneurs are answered meanwhile', async () => {
    expect((await say(STAFF, '/umumkan'))[0]).toMatch(/ketik teks pengumuman/);
    await say(STAFF, 'Halo {nama}, ada pelatihan pemasaran digital gratis untuk {usaha}.');
    const [preview] = await say(STAFF, 'kecamatan=Banjarmasin Utara, status=stagnan');
    const recipients = Array.from({ length: PEOPLE }, (_, i) => i).filter(isRecipient);
    expect(preview).toContain(`${recipients.length} orang`);
    expect(preview).toContain('Kecamatan: Banjarmasin Utara · Status: stagnan');
    expect(preview).toContain('Halo Pelaku 0, ada pelatihan pemasaran digital gratis untuk Usaha 0.');
    expect(preview).toMatch(new RegExp(`Telegram: ${recipients.length} orang, ± \\d+ detik`));
    // The preview's buttons are the answers.
    expect(fake.sentTo(STAFF).at(-1)!.replyMarkup?.keyboard?.flat().map((b) => b.text)).toEqual(['Ya, kirim', 'Ubah', 'Batal']);

    expect((await say(STAFF, 'Ya, kirim'))[0]).toMatch(/sedang dikirim/);
    const recipientSent = () => fake.sent.filter((m) => Number(m.chatId) >= chatOf(0) && Number(m.chatId) < chatOf(PEOPLE)).length;
    await waitFor(async () => recipientSent() >= 30, 20_000, 'the broadcast to start');

    // A new entrepreneur writes while the broadcast drains at the channel's pace.
    const asked = Date.now();
    const [welcome] = await say(4_600_001, 'halo', 2);
    expect(welcome).toMatch(/selamat datang/i);
    expect(Date.now() - asked).toBeLessThan(3000);
    expect(recipientSent()).toBeLessThan(recipients.length);

    const summary = await waitFor(async () => fake.sentTo(STAFF).map((m) => m.text).find((m) => m.includes('selesai dikirim')), 60_000, 'the summary');
    expect(summary).toContain(`terkirim ${recipients.length} · gagal 0 · dilewati 0 · menunggu 0`);
    for (let i = 0; i < PEOPLE; i++) expect(fake.sentTo(chatOf(i)).length).toBe(isRecipient(i) ? 1 : 0);
  }, 120_000);
});

// ── WhatsApp ────────────────────────────────────────────────────────────────────

/** Enough of a whatsapp-web.js client for the gateway: it connects, receives and records sends. */
class FakeWhatsAppClient extends EventEmitter implements WhatsAppClient {
  readonly info = { wid: { user: '6281100000000' } };
  readonly sent: { chatId: string; text: string; at: number }[] = [];
  async initialize(): Promise<void> {
    setImmediate(() => this.emit('ready'));
  }
  async destroy(): Promise<void> {}
  async getContactLidAndPhone(ids: string[]) {
    return ids.map((lid) => ({ lid }));
  }
  async requestPairingCode(): Promise<string> {
    return 'WIRA2026';
  }
  async getNumberId(number: string) {
    return { _serialized: number.endsWith('@c.us') ? number : `${number}@c.us` };
  }
  async sendMessage(chatId: string, text: string) {
    this.sent.push({ chatId, text, at: Date.now() });
    return { id: { _serialized: `true_${chatId}_${this.sent.length}` } };
  }
  sentTo(chatId: string): string[] {
    return this.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
  }
}

describe('on WhatsApp', () => {
  const STAFF = '6281344000001@c.us';
  const PEOPLE = 24;
  const chatOf = (i: number) => `62813450${String(i).padStart(5, '0')}@c.us`;
  const client = new FakeWhatsAppClient();
  let t: TestApp;
  let gateway: WhatsAppGateway;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp('donewhatsapp', {
      WHATSAPP_REPLY_INTERVAL_MS: '50',
      WHATSAPP_BULK_MIN_DELAY_MS: '150',
      WHATSAPP_BULK_MAX_DELAY_MS: '250',
      BROADCAST_CHECK_INTERVAL_MS: '500',
    });
    await t.app.startTurnWorkers();
    const quiet = new Writable({ write: (_c, _e, done) => done() });
    gateway = startWhatsAppGateway({ app: t.app, createClient: () => client, terminal: quiet, log: createLogger('silent') });
    await addStaff(t.app.database.db, { name: 'Budi', phone: '0813-4400-0001' });
    await insertPeople(t.app.database.db, population(PEOPLE, (i) => ({ channel: 'whatsapp', address: chatOf(i), verifiedPhone: `+${chatOf(i).slice(0, -5)}` })));
    await waitFor(async () => gateway.state() === 'ready', 15_000, 'WhatsApp ready');
  }, 60_000);
  afterAll(async () => {
    await gateway?.stop();
    await t?.close();
  });

  async function say(chatId: string, body: string, replies = 1): Promise<string[]> {
    const before = client.sentTo(chatId).length;
    const msg: WhatsAppMessage = { id: { _serialized: `false_${chatId}_${++seq}` }, from: chatId, fromMe: false, type: 'chat', body, timestamp: Math.floor(Date.now() / 1000) };
    client.emit('message', msg);
    await waitFor(async () => client.sentTo(chatId).length >= before + replies, 20_000, `reply to ${body}`);
    return client.sentTo(chatId).slice(before);
  }

  it('staff announce by number from the list and typed segment; entrepreneurs are answered meanwhile', async () => {
    const [menu] = await say(STAFF, 'menu');
    expect(menu).toContain('1. /umumkan');
    await say(STAFF, '1');
    await say(STAFF, 'Halo {nama}, pelatihan untuk {usaha} hari Sabtu.');
    const [preview] = await say(STAFF, 'utara, stagnan');
    const recipients = Array.from({ length: PEOPLE }, (_, i) => i).filter(isRecipient);
    expect(preview).toContain(`${recipients.length} orang`);
    expect(preview).toContain('Halo Pelaku 0, pelatihan untuk Usaha 0 hari Sabtu.');
    expect(preview).toMatch(/WhatsApp: \d+ orang, ± \d+ detik/);
    expect(preview).toMatch(/1\. Ya, kirim\n2\. Ubah\n3\. Batal$/);

    await say(STAFF, '1');
    const recipientSent = () => client.sent.filter((m) => m.chatId.startsWith('62813450')).length;
    await waitFor(async () => recipientSent() >= 3, 20_000, 'the broadcast to start');
    const asked = Date.now();
    const [welcome] = await say('6281346000001@c.us', 'halo', 2);
    expect(welcome).toMatch(/selamat datang/i);
    expect(Date.now() - asked).toBeLessThan(3000);
    expect(recipientSent()).toBeLessThan(recipients.length);

    const summary = await waitFor(async () => client.sentTo(STAFF).find((m) => m.includes('selesai dikirim')), 60_000, 'the summary');
    expect(summary).toContain(`terkirim ${recipients.length} · gagal 0 · dilewati 0 · menunggu 0`);
    for (let i = 0; i < PEOPLE; i++) expect(client.sentTo(chatOf(i)).length).toBe(isRecipient(i) ? 1 : 0);
    expect(await t.app.database.db.selectFrom('people').select('id').where('phone_e164', '=', '+6281344000001').execute()).toEqual([]);
  }, 120_000);
});
