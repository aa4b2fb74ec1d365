import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestDatabaseKind } from '../support/app.js';
import { RecordingSender, TestPerson } from '../support/chat.js';

// The runtime against a real database: what a person answers ends up in the rows, once.
// These tests do not depend on concurrent connections, so they also run on embedded PGlite.

const SIGNUP = ['halo', 'iya', 'Siti Aminah', 'Kopi & Roti Asli', 'kulner', 'utara', '0812-3456-7890', 'sejak 2019', 'Rp 7.500.000,-', 'ya'];

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('runtime on %s', (kind) => {
  let t: TestApp;
  const sender = new RecordingSender();

  beforeAll(async () => {
    t = await createTestApp(`rt-${kind}`, {}, { database: kind });
    await t.app.startTurnWorkers(4);
  });
  afterAll(() => t.close());

  const db = () => t.app.database.db;

  it('a person who signs up by chat is stored exactly as answered, with consent', async () => {
    const person = new TestPerson(t.app, sender, `siti-${kind}`);
    let lastReplies: string[] = [];
    for (const line of SIGNUP) lastReplies = await person.say(line);
    expect(lastReplies[0]).toMatch(/Pendaftaran berhasil/);
    expect(lastReplies[0]).toMatch(/BJM-\d{6}/);

    const row = await db()
      .selectFrom('people as p')
      .innerJoin('sectors as s', 's.id', 'p.sector_id')
      .innerJoin('kecamatan as k', 'k.id', 'p.kecamatan_id')
      .select(['p.id', 'p.member_no', 'p.full_name', 'p.business_name', 'p.phone_e164', 'p.business_started_year', 'p.baseline_omzet', 's.name as sector', 'k.name as kecamatan'])
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      full_name: 'Siti Aminah',
      business_name: 'Kopi & Roti Asli',
      phone_e164: '+6281234567890',
      business_started_year: 2019,
      baseline_omzet: '7500000',
      sector: 'Kuliner',
      kecamatan: 'Banjarmasin Utara',
    });
    expect(lastReplies[0]).toContain(row.member_no!);

    const consent = await db().selectFrom('consents').selectAll().where('person_id', '=', row.id).executeTakeFirstOrThrow();
    expect(consent).toMatchObject({ granted: true, purpose: 'registration', lang: 'id', channel: 'console' });
    expect(consent.text_version).toMatch(/^consent-[0-9a-f]{12}$/);

    const identity = await db().selectFrom('identities').selectAll().where('address', '=', `siti-${kind}`).executeTakeFirstOrThrow();
    expect(identity.person_id).toBe(row.id);
    const pending = await db().selectFrom('inbound_messages').select('id').where('handled_at', 'is', null).execute();
    expect(pending).toEqual([]);
  });

  it('every reply the person saw is stored as sent, with the text they saw', async () => {
    const rows = await db().selectFrom('outbound_messages').select(['text', 'status', 'platform_message_id']).where('address', '=', `siti-${kind}`).orderBy('id').execute();
    expect(rows.map((r) => r.text)).toEqual(sender.to(`siti-${kind}`).map((m) => m.text));
    expect(rows.every((r) => r.status === 'sent' && r.platform_message_id)).toBe(true);
  });

  it('the same message delivered twice is recorded once and answered once', async () => {
    const inbound = { channel: 'console' as const, externalId: `dup-${kind}`, address: `dup-${kind}`, kind: 'text' as const, text: 'halo', receivedAt: new Date() };
    const person = new TestPerson(t.app, sender, `dup-${kind}`);
    expect(await t.app.runtime.handleInbound(inbound)).toBe(true);
    expect(await t.app.runtime.handleInbound(inbound)).toBe(false);
    await person.settled(`dup-${kind}`);
    const count = await db().selectFrom('inbound_messages').select((eb) => eb.fn.countAll<string>().as('n')).where('external_id', '=', t.app.runtime.externalKey('console', `dup-${kind}`)).executeTakeFirstOrThrow();
    expect(count.n).toBe('1');
    expect(sender.to(`dup-${kind}`).map((m) => m.text.split('\n')[0])).toHaveLength(2); // welcome + consent, once
  });

  it('BERHENTI and MULAI switch announcements off and on', async () => {
    const person = new TestPerson(t.app, sender, `siti-${kind}`);
    expect((await person.say('BERHENTI'))[0]).toMatch(/tidak akan menerima pengumuman/);
    const stopped = await db().selectFrom('people').select('opted_out_at').where('full_name', '=', 'Siti Aminah').executeTakeFirstOrThrow();
    expect(stopped.opted_out_at).not.toBeNull();
    await person.say('mulai');
    const resumed = await db().selectFrom('people').select('opted_out_at').where('full_name', '=', 'Siti Aminah').executeTakeFirstOrThrow();
    expect(resumed.opted_out_at).toBeNull();
  });

  it('"ubah omzet" keeps a dated correction and leaves the sign-up figure as it was (issue 16 item 4)', async () => {
    const person = new TestPerson(t.app, sender, `siti-${kind}`);
    await person.say('ubah omzet');
    expect((await person.say('9,5 jt'))[0]).toMatch(/Omzet sudah diperbarui/);
    const row = await db().selectFrom('people').select(['id', 'baseline_omzet']).where('full_name', '=', 'Siti Aminah').executeTakeFirstOrThrow();
    expect(row.baseline_omzet).toBe('7500000');
    const corrections = await db().selectFrom('omzet_corrections').select(['omzet', 'replaces_baseline', 'source']).where('person_id', '=', row.id).execute();
    // Registered this month: the sign-up figure was wrong, growth compares with the new one.
    expect(corrections).toEqual([{ omzet: '9500000', replaces_baseline: true, source: 'profile' }]);
    const profile = (await person.say('profil'))[0]!;
    expect(profile).toMatch(/Omzet terakhir: Rp9\.500\.000 \((Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}\)/);
    expect(profile).toContain('Omzet saat mendaftar: Rp7.500.000');
  });

  it('"bahasa en" answers in English from then on and is remembered', async () => {
    const person = new TestPerson(t.app, sender, `siti-${kind}`);
    expect((await person.say('bahasa en'))[0]).toMatch(/English/);
    expect((await person.say('profil'))[0]).toMatch(/Your profile/);
    await person.say('bahasa id');
    const row = await db().selectFrom('people').select('lang').where('full_name', '=', 'Siti Aminah').executeTakeFirstOrThrow();
    expect(row.lang).toBe('id');
  });

  it('HAPUS DATA erases name, phone, chats and texts but keeps anonymous statistics', async () => {
    const person = new TestPerson(t.app, sender, `siti-${kind}`);
    const before = await db().selectFrom('people').select('id').where('full_name', '=', 'Siti Aminah').executeTakeFirstOrThrow();
    await person.say('HAPUS DATA');
    const confirmation = await person.say('ya');
    expect(confirmation[0]).toMatch(/sudah dihapus/);

    const row = await db().selectFrom('people').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ full_name: null, business_name: null, phone_e164: null, member_no: null, baseline_omzet: '7500000' });
    expect(row.sector_id).not.toBeNull();
    expect(row.kecamatan_id).not.toBeNull();
    expect(row.erased_at).not.toBeNull();
    expect(await db().selectFrom('identities').select('id').where('person_id', '=', before.id).execute()).toEqual([]);
    expect(await db().selectFrom('consents').select('id').where('person_id', '=', before.id).execute()).toEqual([]);
    const texts = await sql<{ n: string }>`select count(*) as n from inbound_messages where text like '%Siti%' or text like '%0812%'`.execute(db());
    expect(texts.rows[0]!.n).toBe('0');
    const outTexts = await sql<{ n: string }>`select count(*) as n from outbound_messages where text like '%Siti%' or address = ${`siti-${kind}`}`.execute(db());
    expect(outTexts.rows[0]!.n).toBe('0');
  });

  it('after erasing, the same chat starts afresh as a stranger', async () => {
    const person = new TestPerson(t.app, sender, `siti-${kind}`);
    expect((await person.say('profil'))[0]).toMatch(/belum terdaftar/);
  });
});
