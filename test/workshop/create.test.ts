import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSHOP_QUEUE } from '../../src/runtime/workshop/jobs.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { Chats } from '../support/chat.js';
import { createTestApp, type TestApp } from '../support/app.js';

// A staff member creates a workshop entirely in chat: title, description, date and time in
// WITA, place, capacity, then "ya". Dates in the past, impossible dates and dates without
// a time are refused with an example; the clock is the test's own.

const STAFF_PHONE = '+6281300000001';
const STAFF = 'rina-create';
// Friday 27 November 2026, 10.00 WITA.
const NOW = new Date('2026-11-27T10:00:00+08:00');
const EXAMPLE = 'Contoh: _12/12/2026 09.00_, _12/12/2026 09.00-12.00_, _besok 09.00_ atau _Sabtu 13.30_';

describe('creating a workshop in chat', () => {
  let t: TestApp;
  let chats: Chats;
  const staffSays = async (s: string) => (await chats.say('console', STAFF, s, STAFF_PHONE)).join('\n\n');

  beforeAll(async () => {
    t = await createTestApp('wscreate', {}, { clock: () => NOW });
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
    await addStaff(t.app.database.db, { name: 'Rina Staf', phone: '0813-0000-0001' });
  });
  afterAll(() => t.close());

  it('asks one thing at a time, with an example where a format is needed', async () => {
    expect(await staffSays('/pelatihan')).toBe('Pelatihan baru. Apa *judul* pelatihannya?\nContoh: _Pemasaran Digital untuk UMKM_');
    expect(await staffSays('Pemasaran Digital untuk UMKM')).toContain('Tulis *keterangan singkat* pelatihannya');
    expect(await staffSays('Cara berjualan lewat Instagram dan WhatsApp Business')).toBe(
      `Kapan pelatihannya? Tulis *tanggal dan jam mulai* (WITA). Jika tidak ditulis jam selesainya, saya anggap 180 menit.\n\n${EXAMPLE}`,
    );
  });

  it('a date in the past, an impossible date and a date without a time are refused with the example', async () => {
    expect(await staffSays('20/11/2026 09.00')).toBe(
      `Waktu itu (20 November 2026, 09.00 WITA) sudah lewat. Mohon tulis tanggal yang akan datang.\n\nKapan pelatihannya? Tulis *tanggal dan jam mulai* (WITA). Jika tidak ditulis jam selesainya, saya anggap 180 menit.\n\n${EXAMPLE}`,
    );
    expect(await staffSays('31/02/2027 09.00')).toMatch(/^Tanggal itu tidak ada di kalender\. Mohon periksa lagi tanggal dan bulannya\.\n\nKapan pelatihannya\?[\s\S]*Contoh: _12\/12\/2026 09\.00_/);
    expect(await staffSays('12/12/2026')).toMatch(/^Jamnya belum ada\. Mohon tulis tanggal \*dan\* jam mulainya\.[\s\S]*Contoh: _12\/12\/2026 09\.00_/);
    expect(await staffSays('kapan-kapan')).toMatch(/^Maaf, tanggal dan jamnya belum saya mengerti\.[\s\S]*Contoh:[\s\S]*Ketik \*\/batal\* untuk berhenti\.$/);
  });

  it('"12-12-2026 9:00" is taken, then place and capacity; the summary is shown before anything is saved', async () => {
    expect(await staffSays('12-12-2026 9:00')).toContain('Di mana *tempatnya*?');
    expect(await staffSays('Aula Dinas Koperasi')).toContain('Berapa *kursi* yang tersedia?');
    expect(await staffSays('tiga puluh')).toBe(
      '*Pelatihan baru*\nJudul: *Pemasaran Digital untuk UMKM*\nKeterangan: Cara berjualan lewat Instagram dan WhatsApp Business\nWaktu: 12 Desember 2026, 09.00–12.00 WITA\nTempat: Aula Dinas Koperasi\nKapasitas: 30 orang\n\nKetik *ya* untuk menyimpan, atau *batal*.',
    );
    expect(await t.app.database.db.selectFrom('workshops').select('id').execute()).toEqual([]);
  });

  it('"ya" saves it, schedules its jobs and says how to invite', async () => {
    expect(await staffSays('ya')).toBe(
      '✅ Pelatihan *#1* tersimpan: *Pemasaran Digital untuk UMKM*\n🗓 12 Desember 2026, 09.00–12.00 WITA\n📍 Aula Dinas Koperasi\nKapasitas: 30 orang\n\nUntuk mengundang pelaku usaha, ketik */pelatihan umumkan 1*.',
    );
    const row = await t.app.database.db.selectFrom('workshops').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: 'Pemasaran Digital untuk UMKM', place: 'Aula Dinas Koperasi', capacity: 30, status: 'open', version: 1, starts_at: new Date('2026-12-12T09:00:00+08:00'), ends_at: new Date('2026-12-12T12:00:00+08:00') });
    const audit = await t.app.database.db.selectFrom('audit_log').select(['action', 'actor']).execute();
    expect(audit).toContainEqual({ action: 'workshop_created', actor: 'chat:console' });
    // Its feedback question is a job at its end (the reminders' times depend on the real clock).
    expect(await t.app.queues.get(WORKSHOP_QUEUE).getJob('wf-1-v1')).toBeTruthy();
  });

  it('"besok 09.00" and "Sabtu 13.30" are read against the clock; "batal" drops the draft', async () => {
    for (const line of ['/pelatihan', 'Desain Kemasan', 'lewati']) await staffSays(line);
    expect(await staffSays('Sabtu 13.30-16.00')).toContain('Di mana *tempatnya*?');
    await staffSays('Gedung PKK');
    expect(await staffSays('20')).toContain('Waktu: 28 November 2026, 13.30–16.00 WITA');
    expect(await staffSays('batal')).toContain('Pembuatan pelatihan dibatalkan, tidak ada yang disimpan.');
    expect(await t.app.database.db.selectFrom('workshops').select('id').execute()).toHaveLength(1);
  });
});
