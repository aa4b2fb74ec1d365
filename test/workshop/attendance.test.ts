import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRecipients } from '../../src/segments.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { makeWorkshop } from './support.js';

// Attendance codes on a clock the test sets: staff get a 4-digit code per workshop; an
// attendee's `KODE 4821` counts only on the workshop's day (WITA) and only for that
// workshop; a wrong code is answered politely and marks nobody. Staff can also mark
// someone present by member number.

const STAFF_PHONE = '+6281300000001';
const STAFF = 'rina-attend';
const wita = (iso: string) => new Date(`${iso}+08:00`);

describe('attendance', () => {
  let t: TestApp;
  let chats: Chats;
  let now = wita('2030-12-11T10:00:00');
  let members: Map<string, string>;
  const codes: Record<string, string> = {};
  const db = () => t.app.database.db;
  const says = (address: string, s: string) => chats.say('telegram', address, s);
  const staffSays = (s: string) => chats.say('console', STAFF, s, STAFF_PHONE);
  const present = async () =>
    (
      await db()
        .selectFrom('workshop_attendance as a')
        .innerJoin('people as p', 'p.id', 'a.person_id')
        .select(['a.workshop_id', 'p.full_name', 'a.source'])
        .orderBy('a.workshop_id')
        .orderBy('p.full_name')
        .execute()
    ).map((r) => `#${r.workshop_id} ${r.full_name} (${r.source})`);

  beforeAll(async () => {
    t = await createTestApp('wsattend', {}, { clock: () => now });
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
    await addStaff(db(), { name: 'Rina Staf', phone: '0813-0000-0001' });
    const ids = await insertPeople(db(), [
      { name: 'Siti', chats: [{ channel: 'telegram', address: '9201' }] },
      { name: 'Budi', chats: [{ channel: 'telegram', address: '9202' }] },
      { name: 'Ani', chats: [{ channel: 'telegram', address: '9203' }] },
      { name: 'Rudi', chats: [{ channel: 'telegram', address: '9204' }] },
    ]);
    const rows = await db().selectFrom('people').select(['id', 'member_no']).execute();
    members = new Map([...ids].map(([name, id]) => [name, rows.find((r) => r.id === id)!.member_no!]));
    await makeWorkshop(t, { title: 'Pemasaran Digital', startsAt: wita('2030-12-12T09:00:00'), endsAt: wita('2030-12-12T12:00:00') });
    await makeWorkshop(t, { title: 'Desain Kemasan', startsAt: wita('2030-12-12T13:00:00'), endsAt: wita('2030-12-12T16:00:00') });
  });
  afterAll(() => t.close());

  it('staff get a 4-digit code per workshop, the same each time they ask, different for two on one day', async () => {
    const [first] = await staffSays('/pelatihan kode 1');
    codes['1'] = /\*(\d{4})\*/.exec(first!)?.[1] ?? '';
    expect(first).toBe(`Kode hadir pelatihan *#1 Pemasaran Digital*: *${codes['1']}*\nBerlaku hanya pada 12 Desember 2030. Minta peserta mengetik *KODE ${codes['1']}* ke chat ini.`);
    expect((await staffSays('/pelatihan kode 1'))[0]).toContain(`*${codes['1']}*`);
    codes['2'] = /\*(\d{4})\*/.exec((await staffSays('/pelatihan kode 2'))[0]!)?.[1] ?? '';
    expect(codes['2']).toMatch(/^\d{4}$/);
    expect(codes['2']).not.toBe(codes['1']);
  });

  it('the day before, the right code is answered politely and marks nobody; staff cannot mark yet', async () => {
    expect((await says('9201', `KODE ${codes['1']}`))[0]).toBe(
      'Kode itu untuk pelatihan *Pemasaran Digital* dan hanya berlaku pada hari pelatihannya (12 Desember 2030, 09.00 WITA). Silakan kirim lagi pada hari itu.',
    );
    expect((await staffSays(`/pelatihan hadir 1 ${members.get('Ani')}`))[0]).toBe('Pelatihan #1 baru berlangsung pada 12 Desember 2030; kehadiran bisa dicatat mulai hari itu.');
    expect(await present()).toEqual([]);
  });

  it('on the day, a wrong code is answered politely and marks nobody', async () => {
    now = wita('2030-12-12T09:20:00');
    const wrong = ['1111', '2222', '3333'].find((c) => c !== codes['1'] && c !== codes['2'])!;
    expect((await says('9201', `KODE ${wrong}`))[0]).toBe('Maaf, kode itu belum cocok dengan pelatihan hari ini. Mohon periksa lagi kode dari petugas, lalu kirim misalnya *KODE 4821*.');
    expect((await says('9201', 'KODE 12'))[0]).toContain('kode itu belum cocok');
    expect(await present()).toEqual([]);
  });

  it('the right code marks the sender present at that workshop only', async () => {
    expect((await says('9201', `kode ${codes['1']}`))[0]).toBe('✅ Terima kasih, kehadiran Bapak/Ibu di pelatihan *Pemasaran Digital* sudah tercatat. Selamat belajar!');
    expect((await says('9201', `KODE ${codes['1']}`))[0]).toContain('sudah tercatat sebelumnya');
    expect((await says('9202', `KODE ${codes['2']}`))[0]).toContain('pelatihan *Desain Kemasan* sudah tercatat');
    expect(await present()).toEqual(['#1 Siti (code)', '#2 Budi (code)']);
  });

  it('staff mark someone present by member number; an unknown number is named', async () => {
    const ani = members.get('Ani')!;
    expect((await staffSays(`/pelatihan hadir 1 ${ani.toLowerCase()}`))[0]).toBe(`✅ Kehadiran Ani (${ani}) di pelatihan #1 Pemasaran Digital tercatat.`);
    expect((await staffSays(`/pelatihan hadir 1 ${ani}`))[0]).toContain('sudah tercatat sebelumnya');
    expect((await staffSays('/pelatihan hadir 1 BJM-999999'))[0]).toBe('Nomor anggota BJM-999999 tidak ditemukan. Periksa lagi nomornya (misalnya BJM-000123).');
    expect(await present()).toEqual(['#1 Ani (staff)', '#1 Siti (code)', '#2 Budi (code)']);
  });

  it('the segment "not attended any workshop yet" now leaves out everyone marked present', async () => {
    expect(await countRecipients(db(), { filters: [] })).toEqual(new Map([['telegram', 4]]));
    expect(await countRecipients(db(), { filters: [{ kind: 'workshop', values: ['belum'] }] })).toEqual(new Map([['telegram', 1]]));
  });

  it('the day after, the code no longer counts', async () => {
    now = wita('2030-12-13T09:00:00');
    expect((await says('9203', `KODE ${codes['1']}`))[0]).toContain('hanya berlaku pada hari pelatihannya');
    expect(await present()).toHaveLength(3);
  });
});
