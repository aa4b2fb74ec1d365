import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, type TestApp, type TestDatabaseKind } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { context, keysOf, play, registered } from '../support/engine.js';
import { insertPeople } from '../support/seed.js';

// `/statistik`: registrations this month (in the office's time zone) and in all, by
// kecamatan. A staff command like the others: to anyone else it is an unknown `/word`.

describe('/statistik in the engine', () => {
  const asStaff = context({ staff: { id: '7', name: 'Rina' } });

  it('a staff member asks for the statistics', () => {
    expect(play(['/statistik'], asStaff).last.events).toEqual([{ type: 'statistics_requested', staffId: '7' }]);
  });

  it('in the middle of /umumkan it answers, then asks the open question again', () => {
    const { last } = play(['/umumkan', '/statistik'], asStaff);
    expect(last.events[0]).toEqual({ type: 'statistics_requested', staffId: '7' });
    expect(keysOf(last.events)).toEqual(['common.resume', 'staff.ask_text']);
    expect(last.state.staffFlow?.name).toBe('broadcast');
  });

  it('anyone else gets the unknown command', () => {
    const { last } = play(['/statistik'], context({ person: registered }));
    expect(last.events.map((e) => e.type)).not.toContain('statistics_requested');
    expect(keysOf(last.events)).toEqual(['common.unknown_command', 'menu.registered']);
  });
});

// 15 June 2026, 10.00 WITA (UTC+8).
const NOW = new Date('2026-06-15T02:00:00Z');
const STAFF_PHONE = '+6281300000001';

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('/statistik on %s', (kind) => {
  let t: TestApp;
  let chats: Chats;

  beforeAll(async () => {
    t = await createTestApp(`stats-${kind}`, {}, { clock: () => NOW, database: kind });
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
    const db = t.app.database.db;
    await addStaff(db, { name: 'Rina Staf', phone: '0813-0000-0001' });
    const ids = await insertPeople(db, [
      { name: 'Siti', kecamatan: 5, chats: [{ address: 'siti' }] },
      { name: 'Budi', kecamatan: 5, chats: [{ address: 'budi' }] },
      { name: 'Ani', kecamatan: 1, optedOut: true, chats: [{ address: 'ani' }] },
      { name: 'Dewi', kecamatan: 1, chats: [{ address: 'dewi' }] },
      { name: 'Eka', kecamatan: 2, chats: [{ address: 'eka' }] },
      { name: 'Fajar', kecamatan: 2, erased: true, chats: [] },
      { name: 'Rina', kecamatan: 2, phone: STAFF_PHONE, chats: [] },
    ]);
    // Just after midnight on 1 June in Banjarmasin is still May in UTC; just before it is May.
    const registeredAt: Record<string, string> = {
      Siti: '2026-05-31T16:30:00Z',
      Budi: '2026-05-31T15:30:00Z',
      Ani: '2026-06-10T03:00:00Z',
      Dewi: '2026-01-05T03:00:00Z',
      Eka: '2026-06-14T03:00:00Z',
      Fajar: '2026-06-14T03:00:00Z',
      Rina: '2026-06-14T03:00:00Z',
    };
    for (const [name, at] of Object.entries(registeredAt)) {
      await db.updateTable('people').set({ registered_at: new Date(at) }).where('id', '=', ids.get(name)!).execute();
    }
  });
  afterAll(() => t.close());

  it('counts the registered people by kecamatan, leaving out the erased and staff', async () => {
    const replies = await chats.say('console', 'rina', '/statistik', STAFF_PHONE);
    expect(replies).toEqual([
      '📊 *Pendaftaran pelaku usaha*\nBulan ini: *3 orang*\nSeluruhnya: *5 orang*\n\n' +
        '*Per kecamatan* (bulan ini / seluruhnya):\n• Banjarmasin Barat: 1 / 2\n• Banjarmasin Utara: 1 / 2\n• Banjarmasin Selatan: 1 / 1',
    ]);
    const audit = await t.app.database.db.selectFrom('audit_log').select(['action', 'actor']).execute();
    expect(audit).toContainEqual({ action: 'statistics_viewed', actor: 'chat:console' });
  });

  it('is an unknown command for an entrepreneur', async () => {
    const [reply] = await chats.say('console', 'siti', '/statistik');
    expect(reply).not.toMatch(/Pendaftaran/);
  });
});
