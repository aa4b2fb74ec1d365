import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergePeople } from '../../src/runtime/profile/merge.js';
import { editPerson } from '../../src/runtime/profile/staff-edit.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { seedPeople } from '../support/seed.js';

// After a merge the person talks to the bot as one person from either chat, and HAPUS DATA
// from either erases both records, including what staff edits and the merge wrote in the
// audit log (the values before and after), through the real runtime, Postgres and Redis.

const WA = '6281255556666@c.us';
const TG = '7345678912';
let t: TestApp;
let chats: Chats;
const db = () => t.app.database.db;
let wa = '';
let tg = '';

beforeAll(async () => {
  t = await createTestApp('mergechat');
  await t.app.startTurnWorkers(2);
  chats = new Chats(t.app);
  const seeded = await seedPeople(db(), [
    { name: 'Siti Rahmawati', business: 'Warung Sambal Acil', phone: '+6281255556666', chats: [{ channel: 'whatsapp', address: WA, verifiedPhone: '+6281255556666' }] },
    { name: 'Siti Rahma', business: 'Sambal Acil Siti', phone: '+6281255556666', kecamatan: 2, chats: [{ channel: 'telegram', address: TG, verifiedPhone: '+6281255556666' }] },
  ]);
  [wa = '', tg = ''] = seeded.map((s) => s.id);
  // Both numbers were vouched for by their channel (WhatsApp's sender, a contact shared on Telegram).
  await db().updateTable('people').set({ phone_verified: true }).where('id', 'in', [wa, tg]).execute();
});
afterAll(() => t?.close());

describe('after a merge', () => {
  it('the Telegram chat of the merged record shows the kept profile', async () => {
    const refs = await t.app.services.references.get();
    expect(await editPerson(db(), refs, wa, { activity: 'jual sambal botol' }, { staffId: null, actor: 'cli:rina' }, new Date())).toMatchObject({ kind: 'saved' });
    expect(await mergePeople(db(), wa, tg, { business: 'other' }, { staffId: null, actor: 'cli:rina' }, new Date())).toMatchObject({ kind: 'merged' });
    const profile = (await chats.say('telegram', TG, 'profil')).join('\n');
    expect(profile).toContain('Siti Rahmawati');
    expect(profile).toContain('Sambal Acil Siti');
    expect(profile).not.toContain('Siti Rahma\n');
  });

  it('a new chat vouched for by the same number joins the kept record (the merged one is no rival)', async () => {
    const profile = (await chats.say('telegram', '7999888777', 'profil', '+6281255556666')).join('\n');
    expect(profile).toContain('Sambal Acil Siti');
    expect(await db().selectFrom('identities').select('person_id').where('address', '=', '7999888777').executeTakeFirstOrThrow()).toEqual({ person_id: wa });
  });

  it('HAPUS DATA from that chat erases both records and the values the audit log kept of them', async () => {
    expect((await chats.say('telegram', TG, 'HAPUS DATA')).join('\n')).toMatch(/Yakin ingin menghapus/);
    await chats.say('telegram', TG, 'ya');
    const rows = await db().selectFrom('people').select(['id', 'full_name', 'business_name', 'member_no', 'phone_e164', 'erased_at', 'merged_into']).where('id', 'in', [wa, tg]).orderBy('id').execute();
    for (const r of rows) expect(r).toMatchObject({ full_name: null, business_name: null, member_no: null, phone_e164: null, erased_at: expect.any(Date) });
    expect(rows.find((r) => r.id === tg)?.merged_into).toBe(wa);
    const audit = await sql<{ action: string; details: string }>`select action, details::text as details from audit_log where action in ('person_edited', 'person_merged') order by id`.execute(db());
    expect(audit.rows.map((r) => r.action)).toEqual(['person_edited', 'person_merged']);
    for (const r of audit.rows) {
      expect(r.details).toContain('"personErased": true');
      expect(r.details).not.toMatch(/Siti|Sambal|sambal botol|BJM-|6281255556666|"personId"|"otherPersonId"/u);
    }
  });
});
