import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';

// Issue 16 item 5, through the runtime: an announcement that arrives after the menu is the
// last message; the menu's number for BERHENTI typed then stops nothing.

const STAFF_PHONE = '+6281300000018';
const STAFF = 'rina-stale';
const SITI = '7123456791';

describe('menu numbers after an announcement', () => {
  let t: TestApp;
  let chats: Chats;
  const staffSays = (s: string) => chats.say('console', STAFF, s, STAFF_PHONE);
  const db = () => t.app.database.db;

  beforeAll(async () => {
    t = await createTestApp('menustale');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
    await addStaff(db(), { name: 'Rina Staf', phone: '0813-0000-0018' });
    await insertPeople(db(), [{ name: 'Siti', chats: [{ channel: 'telegram', address: SITI }] }]);
  });
  afterAll(() => t.close());

  it('the number of BERHENTI from the menu before the announcement does not stop her', async () => {
    await chats.say('telegram', SITI, 'menu');
    const menu = chats.senders.telegram.to(SITI).at(-1)!;
    const stop = String(menu.choices.indexOf('Berhenti') + 1);
    expect(stop).not.toBe('0');
    await staffSays('/umumkan');
    await staffSays('Halo {nama}, pasar murah UMKM hari Sabtu.');
    await staffSays('semua');
    await staffSays('ya');
    await waitFor(async () => chats.senders.telegram.to(SITI).at(-1)?.text.includes('pasar murah'), 15_000, 'the announcement');
    const [reply] = await chats.say('telegram', SITI, stop);
    expect(reply).not.toContain('tidak akan menerima pengumuman');
    expect(reply).not.toContain('Berhenti menerima pengumuman');
    const siti = await db().selectFrom('people').select('opted_out_at').where('full_name', '=', 'Siti').executeTakeFirstOrThrow();
    expect(siti.opted_out_at).toBeNull();
    // Right after the menu, the same number asks first.
    await chats.say('telegram', SITI, 'menu');
    expect((await chats.say('telegram', SITI, stop))[0]).toContain('Berhenti menerima pengumuman');
  });
});
