import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { up } from '../../migrations/0012_verified_phones.js';
import { seedPeople } from '../support/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// Migration 0012 on rows written before it: a number counts as vouched for only when every
// chat of the person vouches for it. A registration a WhatsApp chat joined through a typed
// number stays unverified, so `people review-links` lists that chat.

describe('migration 0012: which existing numbers were vouched for', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase('verifiedphones');
    handle = await connectDatabase({ url: database.url });
    await migrateToLatest(handle.db);
    // Back to the table as it was before 0012, then the old rows, then 0012 itself.
    await handle.db.schema.alterTable('people').dropColumn('phone_verified').execute();
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
  });

  it('marks vouched numbers verified and leaves typed ones, and those joined through them, unverified', async () => {
    const people = await seedPeople(handle.db, [
      { name: 'WhatsApp only', phone: '+6281400000001', chats: [{ channel: 'whatsapp', address: '6281400000001@c.us', verifiedPhone: '+6281400000001' }] },
      { name: 'Both vouch', phone: '+6281400000002', chats: [{ channel: 'whatsapp', address: '6281400000002@c.us', verifiedPhone: '+6281400000002' }, { channel: 'telegram', address: '7123400002', verifiedPhone: '+6281400000002' }] },
      { name: 'Typed on console', phone: '+6281400000003', chats: [{ channel: 'console', address: 'typed-3' }] },
      { name: 'Typed then joined', phone: '+6281400000004', chats: [{ channel: 'console', address: 'typed-4' }, { channel: 'whatsapp', address: '6281400000004@c.us', verifiedPhone: '+6281400000004' }] },
      { name: 'No number', phone: null, chats: [{ channel: 'telegram', address: '7123400005' }] },
    ]);
    await up(handle.db);
    const rows = await handle.db.selectFrom('people').select(['id', 'phone_verified']).orderBy('id').execute();
    expect(rows.map((r) => r.phone_verified)).toEqual([true, true, false, false, false]);
    expect(rows.map((r) => r.id)).toEqual(people.map((p) => p.id));
  });
});
