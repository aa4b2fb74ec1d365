import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';

// The "done when", on the real clock: a staff member, entirely in chat, creates a
// workshop starting in about a minute, invites the stagnant businesses of one kecamatan,
// watches the seats and the waiting list fill; the reminders, the attendance code, the
// feedback question and the report follow without anyone doing more. Lead times and the
// length are shortened by configuration (WORKSHOP_REMINDERS=25s,10s, WORKSHOP_DURATION=20s).

const STAFF_PHONE = '+6281300000001';
const STAFF = 'rina-story';
const MINUTE = 60_000;

describe('a workshop from creation to report, in chat', () => {
  let t: TestApp;
  let chats: Chats;
  let start: Date;
  const staffSays = async (s: string) => (await chats.say('console', STAFF, s, STAFF_PHONE)).join('\n\n');
  const says = async (address: string, s: string) => (await chats.say('telegram', address, s)).join('\n\n');
  const seen = (address: string) => chats.seen('telegram', address);
  const db = () => t.app.database.db;

  beforeAll(async () => {
    t = await createTestApp('wsstory', { WORKSHOP_REMINDERS: '25s,10s', WORKSHOP_DURATION: '20s' });
    await t.app.startTurnWorkers(4);
    chats = new Chats(t.app);
    await addStaff(db(), { name: 'Rina Staf', phone: '0813-0000-0001' });
    await insertPeople(db(), [
      { name: 'Siti', kecamatan: 5, status: 'stagnan', chats: [{ channel: 'telegram', address: '9501' }] },
      { name: 'Budi', kecamatan: 5, status: 'stagnan', chats: [{ channel: 'telegram', address: '9502' }] },
      { name: 'Ani', kecamatan: 5, status: 'stagnan', chats: [{ channel: 'telegram', address: '9503' }] },
      { name: 'Dewi', kecamatan: 5, status: 'berkembang', chats: [{ channel: 'telegram', address: '9504' }] },
      { name: 'Eka', kecamatan: 2, status: 'stagnan', chats: [{ channel: 'telegram', address: '9505' }] },
    ]);
  });
  afterAll(() => t.close());

  it('creates, invites the stagnant businesses of Banjarmasin Utara, and the RSVPs fill seats and the waiting list', async () => {
    // The first whole minute at least 35 seconds away, typed as staff would: `28/11/2026 08.37`.
    start = new Date(Math.ceil((Date.now() + 35_000) / MINUTE) * MINUTE);
    const typed = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Makassar', day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(start)
      .replace(',', '')
      .replace(':', '.');
    for (const line of ['/pelatihan', 'Pemasaran Digital', 'Jualan lewat Instagram', typed, 'Aula Dinas', '2']) await staffSays(line);
    expect(await staffSays('ya')).toContain('✅ Pelatihan *#1* tersimpan');

    await staffSays('/pelatihan umumkan 1');
    expect(await staffSays('kecamatan=Banjarmasin Utara, status=stagnan')).toContain('Penerima: *3 orang* — Kecamatan: Banjarmasin Utara · Status: stagnan');
    await staffSays('ya');
    await waitFor(async () => ['9501', '9502', '9503'].every((a) => seen(a).length === 1), 15_000, 'invitations');
    expect(seen('9504')).toEqual([]);
    expect(seen('9505')).toEqual([]);

    expect(await says('9501', 'HADIR')).toContain('sudah kami catat');
    expect(await says('9502', '1')).toContain('sudah kami catat');
    expect(await says('9503', 'hadir')).toContain('*daftar tunggu nomor 1*');
    await waitFor(async () => chats.seen('console', STAFF).some((m) => m.includes('sudah penuh (2 orang)')), 15_000, 'the full notice');
    expect(await staffSays('/rekap 1')).toContain('Diundang: 3\nTerdaftar: 2 dari 2 kursi\nDaftar tunggu: 1');
  }, 30_000);

  it('the reminders reach those with a seat', async () => {
    const reminded = (a: string) => seen(a).filter((m) => m.startsWith('🔔 Pengingat: pelatihan *Pemasaran Digital*'));
    await waitFor(async () => reminded('9501').length === 2 && reminded('9502').length === 2, start.getTime() - Date.now() + 10_000, 'two reminders each');
    expect(reminded('9503')).toEqual([]);
  }, 120_000);

  it('on the day, the code marks who came; staff mark the one without a phone; feedback follows the end', async () => {
    const [, code] = /\*(\d{4})\*/.exec(await staffSays('/pelatihan kode 1'))!;
    expect(await says('9501', `KODE ${code}`)).toContain('kehadiran Bapak/Ibu di pelatihan *Pemasaran Digital* sudah tercatat');
    const budi = (await db().selectFrom('people').select('member_no').where('full_name', '=', 'Budi').executeTakeFirstOrThrow()).member_no!;
    expect(await staffSays(`/pelatihan hadir 1 ${budi}`)).toContain('tercatat');

    const asked = (a: string) => seen(a).some((m) => m.includes('Bagaimana pelatihannya?'));
    await waitFor(async () => asked('9501') && asked('9502'), start.getTime() + 20_000 - Date.now() + 15_000, 'the feedback question');
    expect(asked('9503')).toBe(false);
    await says('9501', '5');
    await says('9501', 'Sangat bermanfaat');
    await says('9502', '4');
    await says('9502', 'lewati');
  }, 120_000);

  it('the report says who was invited, answered, came, and what they thought', async () => {
    const report = await staffSays('/rekap 1');
    expect(report).toContain('Diundang: 3\nTerdaftar: 2 dari 2 kursi\nDaftar tunggu: 1\nMembatalkan: 0\nHadir: 2');
    expect(report).toContain('Nilai rata-rata: *4,5* dari 5 (2 penilaian)');
    expect(report).toContain('• “Sangat bermanfaat”');
    expect(report).toContain('Sebelum pelatihan: data awal pendaftaran 2\nLaporan terakhir: belum ada laporan 2');
  });
});
