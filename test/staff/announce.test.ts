import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';

// A staff member announces something in chat and sees exactly what the issue promises:
// the preview (first recipient's text, counts per channel, time to finish), then the
// delivery summary; the recipients each get their own personalised message.

const STAFF_PHONE = '+6281300000001';
const STAFF_CHAT = 'rina-console';

describe('an announcement in chat', () => {
  let t: TestApp;
  let chats: Chats;

  beforeAll(async () => {
    t = await createTestApp('announce', { BROADCAST_CHECK_INTERVAL_MS: '300', WHATSAPP_BULK_MIN_DELAY_MS: '4000', WHATSAPP_BULK_MAX_DELAY_MS: '8000', TELEGRAM_RATE_PER_SECOND: '25' });
    await t.app.startTurnWorkers(4);
    chats = new Chats(t.app);
    const db = t.app.database.db;
    await addStaff(db, { name: 'Rina Staf', phone: '0813-0000-0001' });
    await insertPeople(db, [
      { name: 'Siti Aminah', business: 'Kopi & Roti <Asli>', chats: [{ channel: 'telegram', address: '5001' }] },
      { name: 'Budi', business: 'Bengkel Budi', chats: [{ channel: 'whatsapp', address: '6281100000002@c.us' }] },
      { name: 'Ani', business: 'Toko Ani', chats: [{ channel: 'telegram', address: '5003' }] },
      { name: 'Dewi', status: 'berkembang', chats: [{ channel: 'telegram', address: '5004' }] },
      { name: 'Eka', kecamatan: 1, chats: [{ channel: 'telegram', address: '5005' }] },
      { name: 'Fajar', optedOut: true, chats: [{ channel: 'telegram', address: '5006' }] },
    ]);
  });
  afterAll(() => t.close());

  const staffSays = (text: string) => chats.say('console', STAFF_CHAT, text, STAFF_PHONE);

  it('the staff member is greeted with the staff menu, never the sign-up', async () => {
    const [reply, menu] = await staffSays('halo');
    expect(reply).toMatch(/belum saya mengerti/);
    expect(menu).toContain('/umumkan');
    expect(menu).not.toMatch(/DAFTAR/);
  });

  it('"/umumkan" → text → segment shows the preview with the first recipient\'s own text, counts and time', async () => {
    expect((await staffSays('/umumkan'))[0]).toMatch(/ketik teks pengumuman/);
    expect((await staffSays('Halo {nama}, ada pelatihan pemasaran digital untuk {usaha}.'))[0]).toMatch(/Kirim ke siapa\?/);
    const [preview] = await staffSays('kecamatan=Banjarmasin Utara, status=stagnan');
    expect(preview).toContain('Penerima: *3 orang* — Kecamatan: Banjarmasin Utara · Status: stagnan');
    expect(preview).toContain('Halo Siti Aminah, ada pelatihan pemasaran digital untuk Kopi & Roti <Asli>.');
    // Telegram at 25/s; WhatsApp one message every 4-8 s (6 s on average).
    expect(preview).toContain('• Telegram: 2 orang, ± 1 detik');
    expect(preview).toContain('• WhatsApp: 1 orang, ± 6 detik');
    expect(preview).toMatch(/Ketik \*ya\* untuk mengirim/);
    const audit = await t.app.database.db.selectFrom('audit_log').select(['action', 'actor']).execute();
    expect(audit).toContainEqual({ action: 'broadcast_previewed', actor: 'chat:console' });
  });

  it('"ya" sends: each recipient gets one personalised message, the staff member the summary', async () => {
    const [started] = await staffSays('ya');
    const id = /#(\d+)/.exec(started!)?.[1];
    expect(started).toMatch(/sedang dikirim/);
    await waitFor(async () => chats.seen('console', STAFF_CHAT).some((m) => m.includes(`Pengumuman #${id} selesai dikirim`)), 30_000, 'the summary');
    expect(chats.seen('telegram', '5001')).toEqual(['Halo Siti Aminah, ada pelatihan pemasaran digital untuk Kopi & Roti <Asli>.']);
    expect(chats.seen('telegram', '5003')).toEqual(['Halo Ani, ada pelatihan pemasaran digital untuk Toko Ani.']);
    expect(chats.seen('whatsapp', '6281100000002@c.us')).toEqual(['Halo Budi, ada pelatihan pemasaran digital untuk Bengkel Budi.']);
    for (const other of ['5004', '5005', '5006']) expect(chats.seen('telegram', other)).toEqual([]);
    const summary = chats.seen('console', STAFF_CHAT).at(-1)!;
    expect(summary).toContain('terkirim 3 · gagal 0 · dilewati 0 · menunggu 0');
    expect(summary).toContain('Kecamatan: Banjarmasin Utara · Status: stagnan');
  });

  it('"/status" shows the same numbers on request, and "/rekap" lists it', async () => {
    const [status] = await staffSays('/status');
    expect(status).toMatch(/Pengumuman #\d+ selesai dikirim/);
    expect(status).toContain('terkirim 3 · gagal 0 · dilewati 0 · menunggu 0');
    const [recap] = await staffSays('/rekap');
    expect(recap).toMatch(/1 pengumuman terakhir/);
    expect(recap).toContain('terkirim 3');
    expect((await staffSays('/status 999'))[0]).toMatch(/#999 tidak ditemukan/);
  });

  it('a segment nobody is in says so in the preview, and "batal" drops it', async () => {
    await staffSays('/umumkan Info pasar murah untuk {usaha}');
    const [preview] = await staffSays('kecamatan=Banjarmasin Timur');
    expect(preview).toContain('Tidak ada penerima untuk Kecamatan: Banjarmasin Timur');
    expect(preview).toContain('Info pasar murah untuk {usaha}');
    expect(preview).toMatch(/Ketik \*ubah\* untuk memilih penerima lain/);
    expect((await staffSays('batal'))[0]).toMatch(/dibatalkan dan tidak dikirim/);
  });

  it('every step the staff member took is in the audit log, with who and when', async () => {
    const rows = await t.app.database.db.selectFrom('audit_log as a').innerJoin('staff as s', 's.id', 'a.staff_id').select(['s.name', 'a.action', 'a.at']).orderBy('a.id').execute();
    expect(rows.map((r) => r.action)).toEqual([
      'broadcast_previewed',
      'broadcast_created',
      'broadcast_status_viewed',
      'broadcast_recap_viewed',
      'broadcast_status_viewed',
      'broadcast_previewed',
      'broadcast_dropped',
    ]);
    expect(new Set(rows.map((r) => r.name))).toEqual(new Set(['Rina Staf']));
  });

  it('a staff member is never signed up: no person row, whatever they type', async () => {
    for (const text of ['daftar', 'ya', 'Rina', 'HAPUS DATA', 'berhenti']) await staffSays(text);
    const people = await t.app.database.db.selectFrom('people').select('full_name').where('full_name', 'like', 'Rina%').execute();
    expect(people).toEqual([]);
  });
});
