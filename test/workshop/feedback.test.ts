import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSHOP_QUEUE } from '../../src/runtime/workshop/jobs.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { makeWorkshop } from './support.js';

// After a workshop ends, a delayed job asks those present (and only they) for a rating of
// 1 to 5 and an optional comment, as a system turn: the reply is read against the
// question. Someone in the middle of something else is asked once they are done.

const STAFF_PHONE = '+6281300000001';
const STAFF = 'rina-feedback';

describe('feedback after a workshop', () => {
  let t: TestApp;
  let chats: Chats;
  let workshopId: string;
  let members: Map<string, string>;
  const db = () => t.app.database.db;
  const says = (address: string, s: string) => chats.say('telegram', address, s);
  const asked = (address: string) => chats.seen('telegram', address).filter((m) => m.includes('Bagaimana pelatihannya?'));

  beforeAll(async () => {
    t = await createTestApp('wsfeedback');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
    await addStaff(db(), { name: 'Rina Staf', phone: '0813-0000-0001' });
    const ids = await insertPeople(db(), [
      { name: 'Siti', chats: [{ channel: 'telegram', address: '9301' }] },
      { name: 'Budi', chats: [{ channel: 'telegram', address: '9302' }] },
      { name: 'Dewi', chats: [{ channel: 'telegram', address: '9303' }] },
      { name: 'Ani', chats: [{ channel: 'telegram', address: '9304' }] },
    ]);
    const rows = await db().selectFrom('people').select(['id', 'member_no']).execute();
    members = new Map([...ids].map(([name, id]) => [name, rows.find((r) => r.id === id)!.member_no!]));
    // Under way now, ending in a few seconds.
    const w = await makeWorkshop(t, { title: 'Pembukuan Sederhana', startsAt: new Date(Date.now() - 1_000), endsAt: new Date(Date.now() + 5_000) });
    workshopId = w.id;
  });
  afterAll(() => t.close());

  it('is one delayed job at the end of the workshop', async () => {
    const delayed = (await t.app.queues.get(WORKSHOP_QUEUE).getDelayed()).filter((j) => j.name === 'feedback');
    expect(delayed.map((j) => [j.id, j.data])).toEqual([[`wf-${workshopId}-v1`, { workshopId, version: 1 }]]);
  });

  it('goes to those present, not to those who were not; someone busy is asked when free', async () => {
    for (const name of ['Siti', 'Budi', 'Dewi']) expect((await chats.say('console', STAFF, `/pelatihan hadir ${workshopId} ${members.get(name)}`, STAFF_PHONE))[0]).toContain('tercatat');
    await says('9303', 'ubah nama');
    await waitFor(async () => asked('9301').length === 1 && asked('9302').length === 1, 20_000, 'the feedback question');
    expect(asked('9301')[0]).toBe('Terima kasih sudah ikut pelatihan *Pembukuan Sederhana* 🙏\nBagaimana pelatihannya? Beri nilai *1* (kurang) sampai *5* (sangat bermanfaat).');
    expect(chats.senders.telegram.to('9301').at(-1)!.choices).toEqual(['⭐', '⭐⭐', '⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐⭐']);
    expect(asked('9304')).toEqual([]);
    expect(asked('9303')).toEqual([]);
    const done = await says('9303', 'Dewi Lestari');
    expect(done.join('\n')).toContain('Bagaimana pelatihannya?');
  });

  it('a rating and a comment are stored; a comment can be skipped', async () => {
    expect((await says('9301', '5'))[0]).toContain('Ada saran atau komentar');
    expect((await says('9301', 'Sangat bermanfaat, mohon ada kelas lanjutan'))[0]).toContain('Terima kasih atas penilaiannya!');
    expect((await says('9302', '⭐⭐⭐'))[0]).toContain('Ada saran atau komentar');
    expect((await says('9302', 'lewati'))[0]).toContain('Terima kasih atas penilaiannya!');
    expect((await says('9303', 'sembilan'))[0]).toMatch(/^Mohon jawab dengan angka 1 sampai 5\.\n\nTerima kasih sudah ikut/);
    await says('9303', '4');
    await says('9303', 'Tempatnya agak panas');
    const rows = await db()
      .selectFrom('workshop_feedback as f')
      .innerJoin('people as p', 'p.id', 'f.person_id')
      .select(['p.full_name', 'f.rating', 'f.comment'])
      .orderBy('p.full_name')
      .execute();
    expect(rows).toEqual([
      { full_name: 'Budi', rating: 3, comment: null },
      { full_name: 'Dewi Lestari', rating: 4, comment: 'Tempatnya agak panas' },
      { full_name: 'Siti', rating: 5, comment: 'Sangat bermanfaat, mohon ada kelas lanjutan' },
    ]);
  });
});
