import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { inDays, makeWorkshop } from './support.js';

// Issue 16 item 7: `/peserta 3` gives staff in chat the people with a seat and those waiting,
// with member numbers and phone numbers to call them; the viewing is in the audit log.

const STAFF_PHONE = '+6281300000017';
const STAFF = 'rina-peserta';

describe('/peserta in staff chat', () => {
  let t: TestApp;
  let chats: Chats;
  const staffSays = (s: string) => chats.say('console', STAFF, s, STAFF_PHONE);
  const db = () => t.app.database.db;

  beforeAll(async () => {
    t = await createTestApp('wspeserta');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
    await addStaff(db(), { name: 'Rina Staf', phone: '0813-0000-0017' });
    await insertPeople(db(), [
      { name: 'Siti Aminah', phone: '+6281234567801', chats: [{ channel: 'telegram', address: '7123456781' }] },
      { name: 'Budi Santoso', phone: '+6281234567802', chats: [{ channel: 'telegram', address: '7123456782' }] },
    ]);
  });
  afterAll(() => t.close());

  it('lists names, member numbers and phone numbers, the waiting list apart', async () => {
    const w = await makeWorkshop(t, { title: 'Pemasaran Digital', startsAt: inDays(10), capacity: 1 });
    expect((await staffSays(`/peserta ${w.id}`))[0]).toContain('Belum ada yang terdaftar atau di daftar tunggu.');
    await chats.say('telegram', '7123456781', 'HADIR');
    await chats.say('telegram', '7123456782', 'HADIR');
    const members = Object.fromEntries((await db().selectFrom('people').select(['full_name', 'member_no']).execute()).map((p) => [p.full_name, p.member_no]));
    const [list] = await staffSays(`/peserta ${w.id}`);
    expect(list).toContain(`*Peserta pelatihan #${w.id} Pemasaran Digital*`);
    expect(list).toContain(`*Terdaftar (1 orang):*\n1. Siti Aminah · ${members['Siti Aminah']} · 0812-3456-7801`);
    expect(list).toContain(`*Daftar tunggu (1 orang):*\n1. Budi Santoso · ${members['Budi Santoso']} · 0812-3456-7802`);
    const audit = await db().selectFrom('audit_log').select(['action', 'actor']).where('action', '=', 'workshop_participants_viewed').execute();
    expect(audit).toHaveLength(2);
    expect((await staffSays('/peserta'))[0]).toBe('Ketik nomor pelatihannya, misalnya */peserta 3*.');
  });

  it('is a staff command only: to an entrepreneur it is an unknown command', async () => {
    const [reply] = await chats.say('telegram', '7123456781', '/peserta 1');
    expect(reply).not.toContain('Budi');
    expect(reply).not.toContain('0812-3456-7802');
  });
});
