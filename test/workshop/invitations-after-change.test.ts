import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { inDays, makeWorkshop } from './support.js';

// Issue 16 items 2 and 3: the staff member is told how many PEOPLE an invitation was written
// for (someone in the middle of a question gets two messages, and counts once); a workshop
// changed while its invitations still wait in the bulk queue sends them with the new details,
// and the staff member is told how many.

const STAFF_PHONE = '+6281300000016';
const STAFF = 'rina-change';

describe('invitations, counted and kept up to date', () => {
  let t: TestApp;
  let chats: Chats;
  const staffSays = (s: string) => chats.say('console', STAFF, s, STAFF_PHONE);
  const says = (address: string, s: string) => chats.say('telegram', address, s);
  const seen = (address: string) => chats.seen('telegram', address);
  const db = () => t.app.database.db;
  const people = ['7123456701', '7123456702', '7123456703'];

  beforeAll(async () => {
    t = await createTestApp('wschange', { TELEGRAM_BOT_USERNAME: 'WirabotBjmBot' });
    await t.app.startTurnWorkers(2);
    // Bulk sending starts later: the invitations of the second test wait in the queue meanwhile.
    chats = new Chats(t.app, { bulk: false });
    await addStaff(db(), { name: 'Rina Staf', phone: '0813-0000-0016' });
    await insertPeople(db(), [
      { name: 'Siti', chats: [{ channel: 'telegram', address: people[0]! }] },
      { name: 'Budi', chats: [{ channel: 'telegram', address: people[1]! }] },
      { name: 'Ani', chats: [{ channel: 'telegram', address: people[2]! }] },
    ]);
    await staffSays('/pelatihan daftar');
  });
  afterAll(() => t.close());

  it('someone in the middle of a question gets the question again, and is counted once', async () => {
    await makeWorkshop(t, { title: 'Pemasaran Digital', startsAt: inDays(10), place: 'Aula Dinas' });
    // Budi is in the middle of changing his data when the invitation comes.
    expect((await says(people[1]!, 'ubah'))[0]).toContain('Data mana yang ingin diubah?');
    expect((await staffSays('/pelatihan umumkan 1'))[0]).toContain('Siapa yang diundang');
    expect((await staffSays('semua'))[0]).toContain('Penerima: *3 orang*');
    await staffSays('ya');
    const done = await waitFor(() => db().selectFrom('workshop_announcements').selectAll().where('workshop_id', '=', '1').where('status', '=', 'done').executeTakeFirst(), 15_000, 'the invitation run');
    const rows = await db().selectFrom('outbound_messages').select('id').where('workshop_id', '=', '1').where('topic', '=', 'workshop_invite').execute();
    expect(rows).toHaveLength(4);
    expect(done.recipients).toBe(3);
    await waitFor(async () => chats.seen('console', STAFF).some((m) => m.includes('sudah disiapkan untuk *3 orang*')), 15_000, 'the staff note');
    expect(chats.seen('console', STAFF).some((m) => m.includes('untuk *4 orang*'))).toBe(false);
    await says(people[1]!, 'batal');
  });

  it('a new place, capacity or title reaches the invitations still waiting to be sent; the staff member hears how many', async () => {
    await makeWorkshop(t, { title: 'Desain Kemasan', startsAt: inDays(12, 13), place: 'Gedung PKK', capacity: 20 });
    await staffSays('/pelatihan umumkan 2');
    await staffSays('semua');
    await staffSays('ya');
    await waitFor(() => db().selectFrom('workshop_announcements').select('id').where('workshop_id', '=', '2').where('status', '=', 'done').executeTakeFirst(), 15_000, 'the invitation run');
    // The run's note to the staff member comes on its own, after the run: wait for it, or it
    // can be taken for the reply to the next command.
    await waitFor(async () => chats.seen('console', STAFF).some((m) => m.includes('*#2 Desain Kemasan* sudah disiapkan')), 15_000, 'the staff note');
    const [reply] = await staffSays('/pelatihan ubah 2 tempat Aula Balai Kota');
    expect(reply).toContain('Tempat pelatihan #2 kini Aula Balai Kota. 0 orang (terdaftar dan daftar tunggu) sedang diberi tahu.');
    expect(reply).toContain('3 undangan yang belum terkirim kini memuat data yang baru.');
    const [seats] = await staffSays('/pelatihan ubah 2 kapasitas 25');
    expect(seats).toContain('3 undangan yang belum terkirim kini memuat data yang baru.');
    const [renamed] = await staffSays('/pelatihan ubah 2 judul Desain Kemasan Produk');
    expect(renamed).toContain('Judul pelatihan #2 kini *Desain Kemasan Produk*. 0 orang (terdaftar dan daftar tunggu) sedang diberi tahu.');
    expect(renamed).toContain('3 undangan yang belum terkirim kini memuat data yang baru.');
    chats.startBulk();
    await waitFor(async () => people.every((p) => seen(p).some((m) => m.includes('*Desain Kemasan Produk*'))), 20_000, 'the invitations');
    for (const p of people) {
      const invitation = seen(p).find((m) => m.includes('*Desain Kemasan Produk*'))!;
      expect(invitation).toContain('📍 Aula Balai Kota');
      expect(invitation).toContain('Kursi terbatas: 25 orang.');
      expect(invitation).not.toContain('Gedung PKK');
      expect(invitation).toContain('https://t.me/WirabotBjmBot?start=w2');
    }
    expect(chats.senders.telegram.to(people[0]!).find((m) => m.text.includes('*Desain Kemasan Produk*'))!.choices).toEqual(['HADIR']);
    expect(seen(people[0]!).find((m) => m.includes('*Desain Kemasan Produk*'))).toContain('Halo Siti 👋');
    expect(seen(people[0]!).some((m) => m.includes('*Desain Kemasan*\n'))).toBe(false);
  });
});
