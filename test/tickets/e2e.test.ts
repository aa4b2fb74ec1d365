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
import { insertPeople } from '../support/seed.js';

// End to end over both real gateways: a person on WhatsApp asks for staff, a staff member on
// Telegram gets the notice and answers by replying to it, and the person receives the
// answer once, signed. `/balas` from a chat that is not staff's is an unknown command.

/** Enough of a whatsapp-web.js client for the gateway: it connects, receives and records sends. */
class FakeWhatsAppClient extends EventEmitter implements WhatsAppClient {
  readonly info = { wid: { user: '6281100000000' } };
  readonly sent: { chatId: string; text: string }[] = [];
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
    this.sent.push({ chatId, text });
    return { id: { _serialized: `true_${chatId}_${this.sent.length}` } };
  }
  sentTo(chatId: string): string[] {
    return this.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
  }
}

const STAFF = 7_123_456_781;
const STRANGER = 7_123_456_799;
const PERSON = '6281345000001@c.us';
const STAFF_WA = '6281344000002@c.us';

describe('a person on WhatsApp asks, a staff member on Telegram answers', () => {
  const client = new FakeWhatsAppClient();
  let fake: FakeBotApi;
  let t: TestApp;
  let telegram: TelegramGateway;
  let whatsapp: WhatsAppGateway;
  let seq = 0;

  beforeAll(async () => {
    fake = await FakeBotApi.start();
    t = await createTestApp('tickets-e2e', {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      WHATSAPP_REPLY_INTERVAL_MS: '50',
      WHATSAPP_BULK_MIN_DELAY_MS: '100',
      WHATSAPP_BULK_MAX_DELAY_MS: '150',
    });
    await t.app.startTurnWorkers();
    t.app.startChannelSenders(createTelegramSender(t.app));
    telegram = await startTelegramGateway({ app: t.app, config: t.config });
    const quiet = new Writable({ write: (_c, _e, done) => done() });
    whatsapp = startWhatsAppGateway({ app: t.app, createClient: () => client, terminal: quiet, log: createLogger('silent') });
    await addStaff(t.app.database.db, { name: 'Rina Hayati', telegramId: String(STAFF) });
    await addStaff(t.app.database.db, { name: 'Budi Santoso', phone: '0813-4400-0002' });
    await insertPeople(t.app.database.db, [
      { name: 'Siti Aminah', kecamatan: 5, sector: 1, chats: [{ channel: 'whatsapp', address: PERSON, verifiedPhone: '+6281345000001' }] },
      { name: 'Orang Lain', chats: [{ channel: 'telegram', address: String(STRANGER) }] },
    ]);
    await waitFor(async () => whatsapp.state() === 'ready', 15_000, 'WhatsApp ready');
  }, 60_000);
  afterAll(async () => {
    await whatsapp?.stop();
    await telegram?.stop();
    await t?.close();
    await fake?.close();
  });

  async function says(chat: string, body: string, type = 'chat', data: WhatsAppMessage['_data'] = {}): Promise<string[]> {
    const before = client.sentTo(chat).length;
    const msg: WhatsAppMessage = { id: { _serialized: `false_${chat}_${++seq}` }, from: chat, fromMe: false, type, body, timestamp: Math.floor(Date.now() / 1000), _data: data };
    client.emit('message', msg);
    await waitFor(async () => client.sentTo(chat).length > before, 20_000, `reply to ${body}`);
    return client.sentTo(chat).slice(before);
  }
  const personSays = (body: string, type = 'chat') => says(PERSON, body, type);

  it('the answer reaches the person on WhatsApp once, signed', async () => {
    // A staff member on WhatsApp has written to the bot once, so their chat is known.
    await says(STAFF_WA, 'menu');
    const [opened] = await personSays('Mau bicara dengan petugas');
    expect(opened).toMatch(/pertanyaan #\d+/);
    const no = Number(/#(\d+)/.exec(opened!)![1]);
    await personSays('Apakah sertifikat halal untuk usaha kue bisa dibantu?');
    const [photo] = await personSays('', 'image');
    expect(photo).toBe(`[foto] kami catat di pertanyaan #${no}, tetapi petugas hanya dapat membaca teks. Mohon ketik pertanyaannya.`);

    const notice = await waitFor(async () => fake.sentTo(STAFF).find((m) => m.text.includes('sertifikat halal')), 20_000, 'the notice on Telegram');
    expect(notice.text).toContain(`Pertanyaan #${no} (lanjutan) dari Siti Aminah (BJM-`);
    await waitFor(async () => fake.sentTo(STAFF).find((m) => m.text.includes('[foto]')), 20_000, 'the photo noted for staff');

    // Staff reply to the notice in Telegram, not with /balas.
    const before = fake.sentTo(STAFF).length;
    const update = fake.privateText(STAFF, 'Bisa, Bu. Silakan datang ke kantor membawa NIB.', { first_name: 'Rina' });
    fake.pushUpdate({ ...update, message: { ...update.message, reply_to_message: { message_id: notice.messageId, date: Math.floor(notice.at / 1000), chat: { id: STAFF, type: 'private' }, text: notice.text } } } as typeof update);
    await fake.waitForSent(before + 1, 20_000, STAFF);
    expect(fake.sentTo(STAFF).slice(before)[0]!.text).toContain(`Jawaban untuk pertanyaan #${no} terkirim ke Siti Aminah`);

    const answer = await waitFor(async () => client.sentTo(PERSON).find((m) => m.startsWith('💬')), 20_000, 'the answer on WhatsApp');
    expect(answer).toBe(`💬 Jawaban petugas untuk pertanyaan #${no}:\n\nBisa, Bu. Silakan datang ke kantor membawa NIB.\n\n— Rina Hayati, Diskopumker Banjarmasin\n\nBalas di sini bila masih ada yang ingin ditanyakan, atau ketik *selesai*.`);
    await new Promise((r) => setTimeout(r, 1000));
    expect(client.sentTo(PERSON).filter((m) => m.startsWith('💬'))).toHaveLength(1);

    // `/balas` from someone who is not staff: an unknown command, and nothing about the ticket.
    const strangerBefore = fake.sentTo(STRANGER).length;
    fake.pushUpdate(fake.privateText(STRANGER, `/balas ${no} saya jawab`));
    const replies = (await fake.waitForSent(strangerBefore + 1, 20_000, STRANGER)).slice(strangerBefore).map((m) => m.text);
    expect(replies[0]).toBe('Maaf, perintah itu tidak saya kenal. Ketik <b>menu</b> untuk melihat pilihan.');
    expect(replies.join('\n')).not.toMatch(new RegExp(`#${no}|Siti|halal`));
    await new Promise((r) => setTimeout(r, 500));
    expect(client.sentTo(PERSON).filter((m) => m.startsWith('💬'))).toHaveLength(1);
    // Budi, on WhatsApp, got the notices too, and was told Rina took it.
    await waitFor(async () => client.sentTo(STAFF_WA).find((m) => m === `Pertanyaan #${no} sudah dijawab oleh Rina Hayati.`), 20_000, 'Budi told who took it');
  }, 90_000);

  it('a staff member on WhatsApp answers by quoting the notice', async () => {
    await personSays('selesai');
    const [opened] = await personSays('Bagaimana cara mengurus izin PIRT untuk kue kering?');
    const no = Number(/#(\d+)/.exec(opened!)![1]);
    const notice = await waitFor(async () => client.sent.findIndex((m) => m.chatId === STAFF_WA && m.text.startsWith(`❓ Pertanyaan #${no} dari Siti Aminah`)) + 1, 20_000, 'the notice on WhatsApp');
    // The id the fake client gave that notice is `true_<chat>_<n>`; a quote names `<n>`.
    const [sent] = await says(STAFF_WA, 'Daftar di oss.go.id, Bu, lalu ikut penyuluhan keamanan pangan.', 'chat', { quotedStanzaID: String(notice) });
    expect(sent).toContain(`Jawaban untuk pertanyaan #${no} terkirim ke Siti Aminah`);
    const answer = await waitFor(async () => client.sentTo(PERSON).find((m) => m.startsWith(`💬 Jawaban petugas untuk pertanyaan #${no}`)), 20_000, 'the answer');
    expect(answer).toContain('Daftar di oss.go.id, Bu, lalu ikut penyuluhan keamanan pangan.\n\n— Budi Santoso, Diskopumker Banjarmasin');
  }, 90_000);
});
