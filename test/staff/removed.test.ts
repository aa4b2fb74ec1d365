import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, removeStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';

// Issue 11, item 10: a staff member removed with an announcement at its preview, and added
// again later, must not send that old announcement with a bare "ya".

describe('removing a staff member', () => {
  let t: TestApp;
  let chats: Chats;

  beforeAll(async () => {
    t = await createTestApp('staffremoved');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
    await insertPeople(t.app.database.db, [{ name: 'Siti Aminah', chats: [{ channel: 'telegram', address: '7123450001' }] }]);
  });
  afterAll(() => t.close());

  it('ends their half-done staff flow: re-added, a bare "ya" sends nothing old', async () => {
    const db = t.app.database.db;
    const rina = await addStaff(db, { name: 'Rina Staf', telegramId: '7123456789' });
    const says = (text: string) => chats.say('telegram', '7123456789', text);
    await says('/umumkan');
    await says('Pelatihan lama yang sudah batal.');
    const [preview] = await says('semua');
    expect(preview).toMatch(/Ketik \*ya\* untuk mengirim/);

    await removeStaff(db, rina.id);
    await addStaff(db, { name: 'Rina Staf', telegramId: '7123456789' });
    const reply = (await says('ya')).join('\n');
    expect(reply).not.toMatch(/sedang dikirim/);
    expect(await db.selectFrom('broadcasts').select('id').execute()).toEqual([]);
    expect(chats.seen('telegram', '7123450001')).toEqual([]);
  }, 60_000);
});
