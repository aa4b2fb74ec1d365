import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { inDays, makeWorkshop } from './support.js';

// RSVPs through the real runtime: an invitation in chat, seats while they last, then the
// waiting list with its position; BATAL HADIR frees a seat and the first waiting is moved
// up and told; with two workshops open the bot asks which; capacity changes by staff.

const STAFF_PHONE = '+6281300000001';
const STAFF = 'rina-rsvp';

describe('RSVP to a workshop', () => {
  let t: TestApp;
  let chats: Chats;
  const staffSays = (s: string) => chats.say('console', STAFF, s, STAFF_PHONE);
  const says = (address: string, s: string) => chats.say('telegram', address, s);
  const seen = (address: string) => chats.seen('telegram', address);
  const db = () => t.app.database.db;
  const seats = async (workshopId: string) =>
    Object.fromEntries(
      (
        await db()
          .selectFrom('workshop_rsvps as r')
          .innerJoin('people as p', 'p.id', 'r.person_id')
          .select(['p.full_name', 'r.status'])
          .where('r.workshop_id', '=', workshopId)
          .execute()
      ).map((r) => [r.full_name, r.status]),
    );

  beforeAll(async () => {
    t = await createTestApp('wsrsvp', { TELEGRAM_BOT_USERNAME: 'WirabotBjmBot' });
    await t.app.startTurnWorkers(4);
    chats = new Chats(t.app);
    await addStaff(db(), { name: 'Rina Staf', phone: '0813-0000-0001' });
    await insertPeople(db(), [
      { name: 'Siti', chats: [{ channel: 'telegram', address: '8001' }] },
      { name: 'Budi', chats: [{ channel: 'telegram', address: '8002' }] },
      { name: 'Ani', chats: [{ channel: 'telegram', address: '8003' }] },
      { name: 'Dewi', chats: [{ channel: 'telegram', address: '8004' }] },
      { name: 'Eka', chats: [{ channel: 'telegram', address: '8005' }] },
    ]);
    await makeWorkshop(t, { title: 'Pemasaran Digital', startsAt: inDays(10), capacity: 2, place: 'Aula Dinas' });
    // The staff member's chat is the one told when the seats are full.
    await staffSays('/pelatihan daftar');
    await db().updateTable('workshops').set({ notify_identity_id: db().selectFrom('identities').select('id').where('address', '=', STAFF) }).execute();
  });
  afterAll(() => t.close());

  it('the invitation reaches everyone invited, with HADIR, the number 1 and the Telegram deep link', async () => {
    expect((await staffSays('/pelatihan umumkan 1'))[0]).toContain('Siapa yang diundang ke pelatihan #1');
    const [preview] = await staffSays('semua');
    expect(preview).toContain('Penerima: *5 orang* — Semua pelaku usaha');
    expect(preview).toContain('Halo Siti 👋');
    expect((await staffSays('ya'))[0]).toContain('sedang dikirim');
    await waitFor(async () => ['8001', '8002', '8003', '8004', '8005'].every((a) => seen(a).length === 1), 15_000, 'invitations');
    const invitation = seen('8002')[0]!;
    expect(invitation).toContain('Halo Budi 👋\nDiskopumker Banjarmasin mengundang Bapak/Ibu ke pelatihan:\n*Pemasaran Digital*');
    expect(invitation).toContain('📍 Aula Dinas\nKursi terbatas: 2 orang.');
    expect(invitation).toContain('Ingin ikut? Balas *HADIR* (atau ketik *1*).');
    expect(invitation).toContain('https://t.me/WirabotBjmBot?start=w1');
    expect(chats.senders.telegram.to('8002')[0]!.choices).toEqual(['HADIR']);
    await waitFor(async () => chats.seen('console', STAFF).some((m) => m.includes('sudah disiapkan untuk *5 orang*')), 15_000, 'the staff note');
  });

  it('the first two get seats; the next are told their place on the waiting list', async () => {
    expect((await says('8001', 'HADIR'))[0]).toContain('✅ Terima kasih! Kursi Bapak/Ibu di pelatihan *Pemasaran Digital* sudah kami catat.');
    expect((await says('8002', '1'))[0]).toContain('sudah kami catat');
    expect((await says('8003', 'hadir'))[0]).toBe(
      'Mohon maaf, kursi pelatihan *Pemasaran Digital* sudah penuh. Bapak/Ibu masuk *daftar tunggu nomor 1*. Jika ada kursi yang kosong, kami kabari lewat chat ini.',
    );
    expect((await says('8004', '/start w1'))[0]).toContain('*daftar tunggu nomor 2*');
    expect(await seats('1')).toEqual({ Siti: 'confirmed', Budi: 'confirmed', Ani: 'waiting', Dewi: 'waiting' });
    await waitFor(async () => chats.seen('console', STAFF).some((m) => m.includes('🪑 Kursi pelatihan *#1 Pemasaran Digital* sudah penuh (2 orang)')), 15_000, 'the full notice');
  });

  it('HADIR again is answered with what is stored', async () => {
    expect((await says('8001', 'HADIR'))[0]).toContain('Bapak/Ibu sudah terdaftar di pelatihan *Pemasaran Digital*');
    expect((await says('8004', 'HADIR'))[0]).toContain('sudah ada di daftar tunggu pelatihan *Pemasaran Digital*, saat ini *nomor 2*');
  });

  it('BATAL HADIR frees the seat; the first waiting is moved up and told, the next moves to number 1', async () => {
    expect((await says('8002', 'BATAL HADIR'))[0]).toContain('kehadiran Bapak/Ibu di pelatihan *Pemasaran Digital* sudah dibatalkan');
    await waitFor(async () => seen('8003').some((m) => m.includes('🎉 Kabar baik!')), 15_000, 'the promotion notice');
    expect(seen('8003').at(-1)).toContain('Bapak/Ibu kini *terdaftar* di pelatihan *Pemasaran Digital*');
    expect(await seats('1')).toEqual({ Siti: 'confirmed', Budi: 'cancelled', Ani: 'confirmed', Dewi: 'waiting' });
    expect((await says('8004', 'HADIR'))[0]).toContain('saat ini *nomor 1*');
    expect((await says('8002', 'BATAL HADIR'))[0]).toBe('Bapak/Ibu belum terdaftar di pelatihan mana pun yang akan datang.');
  });

  it('leaving the waiting list moves nobody up', async () => {
    expect((await says('8004', 'BATAL HADIR'))[0]).toContain('sudah kami keluarkan dari daftar tunggu pelatihan *Pemasaran Digital*');
    expect(await seats('1')).toMatchObject({ Siti: 'confirmed', Ani: 'confirmed', Dewi: 'cancelled' });
  });

  it('with two workshops open, HADIR with no invitation asks which, and the pick is booked', async () => {
    await makeWorkshop(t, { title: 'Desain Kemasan', startsAt: inDays(12, 13), capacity: 10, place: 'Gedung PKK' });
    await insertPeople(db(), [{ name: 'Fajar', chats: [{ channel: 'telegram', address: '8006' }] }]);
    const [which] = await says('8006', 'HADIR');
    expect(which).toContain('Ada beberapa pelatihan yang dibuka. Pelatihan mana yang ingin Bapak/Ibu ikuti?');
    expect(chats.senders.telegram.to('8006').at(-1)!.choices).toEqual([expect.stringMatching(/^Pemasaran Digital — \d+ \w+ \d{4}, 09\.00 WITA$/), expect.stringMatching(/^Desain Kemasan — \d+ \w+ \d{4}, 13\.00 WITA$/)]);
    expect((await says('8006', '2'))[0]).toContain('Kursi Bapak/Ibu di pelatihan *Desain Kemasan* sudah kami catat');
    // Eka was invited to #1: her HADIR means #1 (full), read against what she last saw.
    expect((await says('8005', 'HADIR'))[0]).toContain('pelatihan *Pemasaran Digital* sudah penuh');
  });

  it('lowering the capacity below those registered keeps them all and tells the staff member', async () => {
    const [reply] = await staffSays('/pelatihan ubah 1 kapasitas 1');
    expect(reply).toContain('Kapasitas pelatihan #1 kini 1 kursi (sebelumnya 2), tetapi sudah ada *2 orang terdaftar*. Tidak ada yang dikeluarkan');
    expect(await seats('1')).toMatchObject({ Siti: 'confirmed', Ani: 'confirmed', Eka: 'waiting' });
  });

  it('raising it moves people up from the waiting list and tells them', async () => {
    const before = seen('8005').length;
    const [reply] = await staffSays('/pelatihan ubah 1 kapasitas 4');
    expect(reply).toContain('Kapasitas pelatihan #1 kini 4 kursi (sebelumnya 1). Terisi 3; 1 orang dari daftar tunggu naik dan sedang diberi tahu.');
    await waitFor(async () => seen('8005').length > before, 15_000, 'the promotion notice');
    expect(seen('8005').at(-1)).toContain('🎉 Kabar baik!');
    expect(await seats('1')).toMatchObject({ Siti: 'confirmed', Ani: 'confirmed', Eka: 'confirmed' });
  });

  it('HAPUS DATA gives up the seat: the first waiting moves up and is told', async () => {
    const w = await makeWorkshop(t, { title: 'Kelas Foto Produk', startsAt: inDays(14), capacity: 1 });
    expect((await says('8004', `HADIR ${w.id}`))[0]).toContain('sudah kami catat');
    expect((await says('8002', `HADIR ${w.id}`))[0]).toContain('daftar tunggu nomor 1');
    await says('8004', 'HAPUS DATA');
    await says('8004', 'ya');
    await waitFor(async () => seen('8002').at(-1)?.includes('*Kelas Foto Produk*') ?? false, 15_000, 'the promotion notice');
    expect(seen('8002').at(-1)).toContain('🎉 Kabar baik!');
    expect(await seats(w.id)).toEqual({ Budi: 'confirmed', null: 'cancelled' });
  });

  it('the staff list shows the seats and the waiting list', async () => {
    const [list] = await staffSays('/pelatihan daftar');
    expect(list).toContain('*#1 Pemasaran Digital* — pendaftaran dibuka');
    expect(list).toContain('Kursi terisi 3/4 · daftar tunggu 0');
    expect(list).toContain('*#2 Desain Kemasan* — pendaftaran dibuka');
  });
});
