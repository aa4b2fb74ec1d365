import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { issueCode } from '../../src/codes/codes.js';
import { MERGE_STEPS, NOT_MOVED, mergePeople } from '../../src/runtime/profile/merge.js';
import { editPerson } from '../../src/runtime/profile/staff-edit.js';
import { markAttendanceByMember } from '../../src/runtime/workshop/seats.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedPeople, type PersonSpec } from '../support/seed.js';

// Issue 13: one person, two records (WhatsApp sign-up and Telegram sign-up; or imported and
// self-registered). Merging moves every row that points at the other record to the kept one
// in one transaction, keeps the better of two clashing rows and says which, marks the other
// record merged, and audits it; staff edits are read like `ubah <field>` in chat and audited
// with the values before and after. Real Postgres, rows checked with SQL.

let t: TestApp;
const db = (): Kysely<Database> => t.app.database.db;
const admin = { staffId: null, actor: 'cli:rina' };
const NOW = new Date('2026-12-02T03:00:00Z');

beforeAll(async () => {
  t = await createTestApp('merge');
  await sql`insert into survey_definitions (version, definition) values (901, '{}'::jsonb) on conflict do nothing`.execute(db());
  for (const period of ['2026-09', '2026-10', '2026-11']) {
    await db().insertInto('checkin_periods').values({ period, survey_version: 901, opened_by: 'test', closed_at: period === '2026-11' ? null : new Date(`${period}-28T00:00:00Z`) }).execute();
  }
});
afterAll(() => t?.close());

const at = (iso: string) => new Date(iso);
const people = async (...specs: PersonSpec[]): Promise<string[]> => (await seedPeople(db(), specs)).map((p) => p.id);

async function checkin(personId: string, period: string, status: 'open' | 'completed', omzet: number | null, completedAt: string | null = null): Promise<string> {
  const row = await db()
    .insertInto('checkins')
    .values({ person_id: personId, period, survey_version: 901, status, invited_at: at(`${period}-01T01:00:00Z`), omzet, completed_at: completedAt ? at(completedAt) : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (omzet !== null) await db().insertInto('checkin_answers').values({ checkin_id: row.id, question_id: 'omzet', survey_version: 901, value: JSON.stringify(omzet), detail: null, answered_at: at(`${period}-02T01:00:00Z`) }).execute();
  return row.id;
}

async function workshop(title: string): Promise<{ id: string; announcement: string }> {
  const w = await db().insertInto('workshops').values({ title, starts_at: at('2026-11-20T01:00:00Z'), ends_at: at('2026-11-20T04:00:00Z'), place: 'Aula Dinas', capacity: 30, actor: 'test' }).returning('id').executeTakeFirstOrThrow();
  const a = await db().insertInto('workshop_announcements').values({ workshop_id: w.id, actor: 'test', segment: JSON.stringify({}) }).returning('id').executeTakeFirstOrThrow();
  return { id: w.id, announcement: a.id };
}

const count = async (table: string, personId: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where person_id = ${personId}`.execute(db())).rows[0]!.n);

describe('every column that points at a person is handled by the merge', () => {
  it('names each foreign key to people and each person_id or mentions column of the schema', async () => {
    const { rows } = await sql<{ col: string }>`
      select c.conrelid::regclass::text || '.' || a.attname as col
        from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
       where c.contype = 'f' and c.confrelid = 'people'::regclass
      union
      select table_name || '.' || column_name from information_schema.columns
       where table_schema = 'public' and (column_name like '%person%' or column_name like '%people%' or column_name = 'mentions')`.execute(db());
    const handled = new Set([...MERGE_STEPS.flatMap((s) => s.columns), ...Object.keys(NOT_MOVED)]);
    // A person's id kept without a foreign key: a chat-linking code's subject (runtime/profile/link.ts).
    expect(handled.has('one_time_codes.subject')).toBe(true);
    const found = rows.map((r) => r.col).sort();
    expect(found.length).toBeGreaterThanOrEqual(12);
    expect(found.filter((c) => !handled.has(c))).toEqual([]);
  });
});

describe('merging two records of the same person', () => {
  let wa = '';
  let tg = '';
  let ws1 = { id: '', announcement: '' };
  let ws2 = { id: '', announcement: '' };
  let linkCode = '';

  beforeAll(async () => {
    [wa = '', tg = ''] = await people(
      { name: 'Siti Aminah', business: 'Kue Bingka Siti', phone: '+6281251234477', kecamatan: 5, sector: 1, omzet: 3_000_000, chats: [{ channel: 'whatsapp', address: '6281251234477@c.us', verifiedPhone: '+6281251234477' }] },
      { name: 'Siti Aminah Rahmah', business: 'Bingka Bu Siti', phone: null, kecamatan: 3, sector: 6, omzet: 2_500_000, optedOut: true, chats: [{ channel: 'telegram', address: '7234567890' }] },
    );
    // Reports: 2026-10 both completed (the later one stays), 2026-11 open on WhatsApp and completed on Telegram, 2026-09 only on Telegram.
    await checkin(wa, '2026-10', 'completed', 3_200_000, '2026-10-03T01:00:00Z');
    await checkin(tg, '2026-10', 'completed', 3_300_000, '2026-10-05T01:00:00Z');
    await checkin(wa, '2026-11', 'open', null);
    await checkin(tg, '2026-11', 'completed', 3_500_000, '2026-11-04T01:00:00Z');
    await checkin(tg, '2026-09', 'completed', 2_900_000, '2026-09-04T01:00:00Z');
    for (const [p, period] of [[wa, '2026-10'], [tg, '2026-10'], [tg, '2026-09']] as const) {
      await db().insertInto('growth_history').values({ person_id: p, period, status: 'stagnan', recent_average: 1, previous_average: 1, reports: 2 }).execute();
    }
    await db().insertInto('omzet_corrections').values({ person_id: tg, omzet: 3_000_000, period: '2026-08', reported_at: at('2026-09-01T00:00:00Z'), source: 'profile' }).execute();
    // Workshops: both invited to the first (WhatsApp earlier), waiting on WhatsApp and confirmed on Telegram, present and rated on Telegram only.
    ws1 = await workshop('Pemasaran Digital');
    ws2 = await workshop('Foto Produk');
    await db().insertInto('workshop_invitations').values([
      { workshop_id: ws1.id, person_id: wa, announcement_id: ws1.announcement, invited_at: at('2026-11-10T01:00:00Z') },
      { workshop_id: ws1.id, person_id: tg, announcement_id: ws1.announcement, invited_at: at('2026-11-11T01:00:00Z') },
      { workshop_id: ws2.id, person_id: tg, announcement_id: ws2.announcement, invited_at: at('2026-11-11T01:00:00Z') },
    ]).execute();
    await db().insertInto('workshop_rsvps').values([
      { workshop_id: ws1.id, person_id: wa, status: 'waiting', waiting_seq: '1', created_at: at('2026-11-10T02:00:00Z'), updated_at: at('2026-11-10T02:00:00Z') },
      { workshop_id: ws1.id, person_id: tg, status: 'confirmed', created_at: at('2026-11-11T02:00:00Z'), updated_at: at('2026-11-11T02:00:00Z'), confirmed_at: at('2026-11-11T02:00:00Z') },
    ]).execute();
    await db().insertInto('workshop_attendance').values([
      { workshop_id: ws1.id, person_id: wa, source: 'code', actor: 'chat', marked_at: at('2026-11-20T02:00:00Z') },
      { workshop_id: ws1.id, person_id: tg, source: 'staff', actor: 'cli:rina', marked_at: at('2026-11-20T01:30:00Z') },
    ]).execute();
    await db().insertInto('workshop_feedback').values([
      { workshop_id: ws1.id, person_id: wa, asked_at: at('2026-11-20T05:00:00Z') },
      { workshop_id: ws1.id, person_id: tg, asked_at: at('2026-11-20T05:00:00Z'), rating: 5, comment: 'Sangat bermanfaat, terima kasih', answered_at: at('2026-11-20T06:00:00Z') },
    ]).execute();
    const tgChat = await db().selectFrom('identities').select('id').where('address', '=', '7234567890').executeTakeFirstOrThrow();
    await db().insertInto('tickets').values({ person_id: tg, identity_id: tgChat.id, opened_at: at('2026-11-12T01:00:00Z') }).execute();
    await db().insertInto('outbound_messages').values({ identity_id: tgChat.id, person_id: tg, channel: 'telegram', address: '7234567890', text: 'Halo Ibu Siti', path: 'bulk', status: 'sent', mentions: null }).execute();
    await db().insertInto('outbound_messages').values({ identity_id: null, person_id: null, channel: 'console', address: 'rina', text: `Kehadiran Siti Aminah Rahmah`, path: 'reply', status: 'sent', mentions: [tg] }).execute();
    linkCode = (await issueCode({ db: db(), key: t.config.ID_HASH_KEY }, { purpose: 'link_chat', subject: tg, meta: { identityId: tgChat.id } }, NOW)).id;
    await db().insertInto('inbound_messages').values({ channel: 'console', external_id: 'k1:merge-1', identity_id: null, kind: 'text', text: '/pelatihan hadir 1 BJM-900002', received_at: NOW, mentions: [tg, wa] }).execute();
  });

  it('moves every row of the other record, keeps the better of two clashing rows and says which', async () => {
    const result = await mergePeople(db(), wa, tg, { business: 'other', kecamatan: 'other' }, admin, NOW);
    expect(result.kind).toBe('merged');
    if (result.kind !== 'merged') return;
    for (const table of ['identities', 'consents', 'checkins', 'growth_history', 'omzet_corrections', 'outbound_messages', 'tickets', 'workshop_invitations', 'workshop_rsvps', 'workshop_attendance', 'workshop_feedback']) {
      expect({ table, left: await count(table, tg) }).toEqual({ table, left: 0 });
    }
    expect(await count('identities', wa)).toBe(2);
    expect(await count('consents', wa)).toBe(2);
    expect(await count('tickets', wa)).toBe(1);

    const reports = await db().selectFrom('checkins').select(['period', 'status', 'omzet']).where('person_id', '=', wa).orderBy('period').execute();
    expect(reports).toEqual([
      { period: '2026-09', status: 'completed', omzet: '2900000' },
      { period: '2026-10', status: 'completed', omzet: '3300000' },
      { period: '2026-11', status: 'completed', omzet: '3500000' },
    ]);
    // The dropped report's answers went with it; the kept ones' answers are there.
    const answers = await db().selectFrom('checkin_answers as a').innerJoin('checkins as c', 'c.id', 'a.checkin_id').select(['c.period', 'a.value']).where('c.person_id', '=', wa).orderBy('c.period').execute();
    expect(answers.map((a) => [a.period, Number(a.value)])).toEqual([['2026-09', 2_900_000], ['2026-10', 3_300_000], ['2026-11', 3_500_000]]);

    const rsvp = await db().selectFrom('workshop_rsvps').select(['status']).where('person_id', '=', wa).execute();
    expect(rsvp).toEqual([{ status: 'confirmed' }]);
    const invited = await db().selectFrom('workshop_invitations').select(['workshop_id', 'invited_at']).where('person_id', '=', wa).orderBy('workshop_id').execute();
    expect(invited).toEqual([{ workshop_id: ws1.id, invited_at: at('2026-11-10T01:00:00Z') }, { workshop_id: ws2.id, invited_at: at('2026-11-11T01:00:00Z') }]);
    expect(await db().selectFrom('workshop_attendance').select(['source', 'marked_at']).where('person_id', '=', wa).execute()).toEqual([{ source: 'staff', marked_at: at('2026-11-20T01:30:00Z') }]);
    expect(await db().selectFrom('workshop_feedback').select(['rating', 'comment']).where('person_id', '=', wa).execute()).toEqual([{ rating: 5, comment: 'Sangat bermanfaat, terima kasih' }]);

    const byTable = Object.fromEntries(result.conflicts.map((c) => [`${c.table}:${c.key}`, c.kept]));
    expect(byTable).toEqual({
      'checkins:2026-10': 'other',
      'checkins:2026-11': 'other',
      'growth_history:2026-10': 'keep',
      [`workshop_invitations:${ws1.id}`]: 'keep',
      [`workshop_rsvps:${ws1.id}`]: 'other',
      [`workshop_attendance:${ws1.id}`]: 'other',
      [`workshop_feedback:${ws1.id}`]: 'other',
    });

    expect(await db().selectFrom('one_time_codes').select('subject').where('id', '=', linkCode).executeTakeFirstOrThrow()).toEqual({ subject: wa });

    const mentions = await db().selectFrom('inbound_messages').select('mentions').where('external_id', '=', 'k1:merge-1').executeTakeFirstOrThrow();
    expect(mentions.mentions).toEqual([wa]);
    const staffText = await db().selectFrom('outbound_messages').select('mentions').where('channel', '=', 'console').executeTakeFirstOrThrow();
    expect(staffText.mentions).toEqual([wa]);

    // The chosen values: business and kecamatan from the Telegram record, the rest kept; BERHENTI on either record stays.
    const kept = await db().selectFrom('people').selectAll().where('id', '=', wa).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ full_name: 'Siti Aminah', business_name: 'Bingka Bu Siti', kecamatan_id: 3, sector_id: 1, phone_e164: '+6281251234477', merged_into: null });
    expect(kept.opted_out_at).not.toBeNull();
    const other = await db().selectFrom('people').selectAll().where('id', '=', tg).executeTakeFirstOrThrow();
    expect(other).toMatchObject({ merged_into: wa, merged_at: NOW, full_name: 'Siti Aminah Rahmah', erased_at: null });
    expect(other.member_no).toMatch(/^BJM-\d+$/);

    const audit = await db().selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'person_merged').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('cli:rina');
    expect(audit[0]!.details).toMatchObject({
      personId: wa,
      otherPersonId: tg,
      taken: ['business', 'kecamatan'],
      before: { keep: { name: 'Siti Aminah', business: 'Kue Bingka Siti' }, other: { name: 'Siti Aminah Rahmah', business: 'Bingka Bu Siti', phone: null } },
      moved: { identities: 1, consents: 1 },
    });
    expect((audit[0]!.details as { conflicts: unknown[] }).conflicts).toHaveLength(7);
  });

  it('the same merge again changes nothing; a merged, erased or the same record is refused', async () => {
    const before = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(await mergePeople(db(), wa, tg, {}, admin, NOW)).toMatchObject({ kind: 'already_merged' });
    expect(await mergePeople(db(), tg, wa, {}, admin, NOW)).toMatchObject({ kind: 'refused', reason: 'merged' });
    expect(await mergePeople(db(), wa, wa, {}, admin, NOW)).toEqual({ kind: 'refused', reason: 'same' });
    const [erased = ''] = await people({ name: 'Dihapus', erased: true, chats: [] });
    expect(await mergePeople(db(), wa, erased, {}, admin, NOW)).toMatchObject({ kind: 'refused', reason: 'erased' });
    expect(await mergePeople(db(), erased, wa, {}, admin, NOW)).toMatchObject({ kind: 'refused', reason: 'erased' });
    expect(await mergePeople(db(), wa, '999999999', {}, admin, NOW)).toEqual({ kind: 'refused', reason: 'not_found' });
    const after = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await count('identities', wa)).toBe(2);
  });

  it('an imported record without a member number kept: the self-registered one gives its number', async () => {
    const imported = await db()
      .insertInto('people')
      .values({ full_name: 'Hj. Rahmah', business_name: 'Amplang Hj Rahmah', phone_e164: '+6281151002233', imported_at: NOW, consent_pending: true, sector_id: 1, kecamatan_id: 2 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [signedUp = ''] = await people({ name: 'Rahmah', business: 'Amplang Rahmah', phone: '+6281151002233', chats: [{ channel: 'whatsapp', address: '6281151002233@c.us', verifiedPhone: '+6281151002233' }] });
    const memberNo = (await db().selectFrom('people').select('member_no').where('id', '=', signedUp).executeTakeFirstOrThrow()).member_no;
    const result = await mergePeople(db(), imported.id, signedUp, {}, admin, NOW);
    expect(result).toMatchObject({ kind: 'merged', keep: { id: imported.id, memberNo } });
    const kept = await db().selectFrom('people').selectAll().where('id', '=', imported.id).executeTakeFirstOrThrow();
    // Agreed in chat: no longer "diundang, belum setuju".
    expect(kept).toMatchObject({ member_no: memberNo, consent_pending: false, full_name: 'Hj. Rahmah', imported_at: NOW });
    expect(await count('consents', imported.id)).toBe(1);
  });

  it('an imported record merged away is no longer waiting for an invitation', async () => {
    const [registered = ''] = await people({ name: 'Hj. Masliana', phone: '+6281351234567', chats: [{ channel: 'whatsapp', address: '6281351234567@c.us', verifiedPhone: '+6281351234567' }] });
    const imported = await db()
      .insertInto('people')
      .values({ full_name: 'Masliana', business_name: 'Amplang Masliana', phone_e164: '+6281351239999', imported_at: NOW, consent_pending: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await mergePeople(db(), registered, imported.id, { business: 'other' }, admin, NOW)).toMatchObject({ kind: 'merged' });
    expect(await db().selectFrom('people').select(['consent_pending', 'merged_into', 'phone_e164']).where('id', '=', imported.id).executeTakeFirstOrThrow()).toEqual({ consent_pending: false, merged_into: registered, phone_e164: '+6281351239999' });
    expect(await db().selectFrom('people').select(['business_name', 'consent_pending']).where('id', '=', registered).executeTakeFirstOrThrow()).toEqual({ business_name: 'Amplang Masliana', consent_pending: false });
  });
});

describe('a record kept in one merge and merged away in the next', () => {
  it('takes the records merged into it along: every merged record points at the one that remains', async () => {
    const [a = '', b = '', c = ''] = await people(
      { name: 'Rusmilawati', chats: [{ channel: 'telegram', address: '7567890123' }] },
      { name: 'Rusmilawati', chats: [{ channel: 'whatsapp', address: '6281355566677@c.us' }] },
      { name: 'Rusmilawati', chats: [] },
    );
    expect(await mergePeople(db(), a, b, {}, admin, NOW)).toMatchObject({ kind: 'merged' });
    expect(await mergePeople(db(), c, a, {}, admin, NOW)).toMatchObject({ kind: 'merged' });
    const rows = await db().selectFrom('people').select(['id', 'merged_into']).where('id', 'in', [a, b]).orderBy('id').execute();
    expect(rows).toEqual([{ id: a, merged_into: c }, { id: b, merged_into: c }]);
    expect(await count('identities', c)).toBe(2);
  });

  it('staff marking a workshop present with a merged member number mark the kept record', async () => {
    const [keep = '', other = ''] = await people({ name: 'Hairani', chats: [] }, { name: 'Hairani', chats: [] });
    await mergePeople(db(), keep, other, {}, admin, NOW);
    const otherNo = (await db().selectFrom('people').select('member_no').where('id', '=', other).executeTakeFirstOrThrow()).member_no!;
    const w = await workshop('Kemasan Produk');
    const marked = await markAttendanceByMember(db(), w.id, otherNo, admin, new Date('2026-11-20T02:00:00Z'), 'Asia/Makassar');
    expect(marked).toMatchObject({ kind: 'marked', person: { id: keep } });
    expect(await count('workshop_attendance', other)).toBe(0);
  });
});

describe('two merges at once', () => {
  it('of the same two records in opposite directions: exactly one happens, the other is refused', async () => {
    const [a = '', b = ''] = await people(
      { name: 'Ahmad Fauzi', chats: [{ channel: 'telegram', address: '7345678901' }] },
      { name: 'Ahmad Fauzi', chats: [{ channel: 'whatsapp', address: '6281377788899@c.us' }] },
    );
    const results = await Promise.all([mergePeople(db(), a, b, {}, admin, NOW), mergePeople(db(), b, a, {}, admin, NOW)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['merged', 'refused']);
    const rows = await db().selectFrom('people').select(['id', 'merged_into']).where('id', 'in', [a, b]).execute();
    expect(rows.filter((r) => r.merged_into !== null)).toHaveLength(1);
    const survivor = rows.find((r) => r.merged_into === null)!.id;
    expect(await count('identities', survivor)).toBe(2);
  });

  it('of one record into two others: it goes to one of them only', async () => {
    const [a = '', b = '', c = ''] = await people(
      { name: 'Nurul Hidayah', chats: [{ channel: 'telegram', address: '7456789012' }] },
      { name: 'Nurul Hidayah', chats: [{ channel: 'telegram', address: '7456789013' }] },
      { name: 'Nurul Hidayah', chats: [{ channel: 'whatsapp', address: '6281399911122@c.us' }] },
    );
    const results = await Promise.all([mergePeople(db(), a, c, {}, admin, NOW), mergePeople(db(), b, c, {}, admin, NOW)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['merged', 'refused']);
    expect((await count('identities', a)) + (await count('identities', b))).toBe(3);
  });
});

describe('staff edits, read as chat reads `ubah <field>`', () => {
  let id = '';
  beforeAll(async () => {
    [id = ''] = await people({ name: 'Budi Santoso', business: 'Bengkel Budi', phone: '+6281322223333', chats: [{ channel: 'whatsapp', address: '6281322223333@c.us', verifiedPhone: '+6281322223333' }] });
  });
  const refs = () => t.app.services.references.get();

  it('saves what reads well, with the values before and after in the audit log', async () => {
    const result = await editPerson(db(), await refs(), id, { name: 'Budi Santoso, S.E.', business: 'Bengkel Motor Budi Jaya', activity: 'servis motor dan ganti oli', sector: 'jasa', kecamatan: 'banjarmasin tengah', phone: '0813-2222-3333' }, admin, NOW);
    expect(result).toMatchObject({ kind: 'saved' });
    const p = await db().selectFrom('people').select(['full_name', 'business_name', 'business_activity', 'sector_id', 'kecamatan_id', 'phone_e164']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(p).toEqual({ full_name: 'Budi Santoso, S.E.', business_name: 'Bengkel Motor Budi Jaya', business_activity: 'servis motor dan ganti oli', sector_id: 4, kecamatan_id: 3, phone_e164: '+6281322223333' });
    const audit = await db().selectFrom('audit_log').select('details').where('action', '=', 'person_edited').where(sql`details->>'personId'`, '=', id).executeTakeFirstOrThrow();
    // The number typed another way is the same number: not a change.
    expect(audit.details).toMatchObject({
      personId: id,
      changes: [
        { field: 'name', before: 'Budi Santoso', after: 'Budi Santoso, S.E.' },
        { field: 'business', before: 'Bengkel Budi', after: 'Bengkel Motor Budi Jaya' },
        { field: 'activity', before: null, after: 'servis motor dan ganti oli' },
        { field: 'sector', before: 'Kuliner', after: 'Jasa' },
        { field: 'kecamatan', before: 'Banjarmasin Utara', after: 'Banjarmasin Tengah' },
      ],
    });
  });

  it('a new number typed by staff is not vouched for unless one of the person\'s chats is that number', async () => {
    await editPerson(db(), await refs(), id, { phone: '+62 812 5555 7777' }, admin, NOW);
    expect(await db().selectFrom('people').select(['phone_e164', 'phone_verified']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ phone_e164: '+6281255557777', phone_verified: false });
    await editPerson(db(), await refs(), id, { phone: '081322223333' }, admin, NOW);
    expect(await db().selectFrom('people').select(['phone_e164', 'phone_verified']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ phone_e164: '+6281322223333', phone_verified: true });
  });

  it.each([
    [{ phone: '0511 3252 111' }, 'phone'],
    [{ phone: '0812 xxxx 7890' }, 'phone'],
    [{ phone: '+1 415 555 2671' }, 'phone'],
    [{ name: "Robert'); DROP TABLE people;--" }, 'name'],
    [{ name: '<script>alert(1)</script>' }, 'name'],
    [{ name: 'Budi\u0000' }, 'name'],
    [{ name: '😀😀😀' }, 'name'],
    [{ sector: 'pertambangan batu bara' }, 'sector'],
    [{ kecamatan: '99' }, 'kecamatan'],
    [{ activity: 'x'.repeat(121) }, 'activity'],
  ])('%j is refused and nothing is saved, not even the good fields beside it', async (bad, field) => {
    const before = await db().selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const result = await editPerson(db(), await refs(), id, { business: 'Bengkel Lain Sekali', ...bad }, admin, NOW);
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.problems.map((p) => p.field)).toEqual([field]);
    expect(await db().selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('nothing new is not a change and writes no audit entry; a merged record is not edited', async () => {
    const n = async () => (await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'person_edited').executeTakeFirstOrThrow()).n;
    const before = await n();
    expect(await editPerson(db(), await refs(), id, { business: 'Bengkel Motor Budi Jaya' }, admin, NOW)).toEqual({ kind: 'unchanged' });
    expect(await n()).toBe(before);
    const merged = await db().selectFrom('people').select(['id', 'merged_into']).where('merged_into', 'is not', null).executeTakeFirstOrThrow();
    expect(await editPerson(db(), await refs(), merged.id, { business: 'Toko Baru Sekali' }, admin, NOW)).toEqual({ kind: 'merged', into: merged.merged_into });
  });
});
