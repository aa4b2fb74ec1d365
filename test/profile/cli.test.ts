import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedPeople } from '../support/seed.js';

// `people edit` and `people merge` (issue 13) as staff type them at a terminal, through the
// compiled command line's entry (`npm run cli`), on a database of the test's own: the same
// functions as the dashboard's person page, the same audit entries.

// Each run starts a Node process of its own (a few seconds each on a busy machine).
vi.setConfig({ testTimeout: 180_000 });

let t: TestApp;
const db = () => t.app.database.db;
const STAFF_TELEGRAM = '7123456789';
let staffId = '';
let wa = { id: '', memberNo: '' };
let tg = { id: '', memberNo: '' };

const cli = (...args: string[]) => {
  const run = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
    env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  return { out: run.stdout, err: run.stderr, code: run.status };
};

beforeAll(async () => {
  t = await createTestApp('profilecli');
  staffId = (await db().insertInto('staff').values({ name: 'Rina Hayati', telegram_user_id: STAFF_TELEGRAM }).returning('id').executeTakeFirstOrThrow()).id;
  const seeded = await seedPeople(db(), [
    { name: 'Siti Rahmawati', business: 'Warung Sambal Acil', phone: '+6281255556666', chats: [{ channel: 'whatsapp', address: '6281255556666@c.us', verifiedPhone: '+6281255556666' }] },
    { name: 'Siti Rahmawati', business: 'Sambal Acil Siti', phone: null, kecamatan: 2, chats: [{ channel: 'telegram', address: '7345678912' }] },
  ]);
  const rows = await db().selectFrom('people').select(['id', 'member_no']).where('id', 'in', seeded.map((s) => s.id)).orderBy('id').execute();
  [wa, tg] = rows.map((r) => ({ id: r.id, memberNo: r.member_no! })) as [typeof wa, typeof tg];
}, 60_000);
afterAll(() => t?.close());

const person = (id: string) => db().selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('people edit', () => {
  it('changes what reads well and says what changed; the audit log names the staff member', () => {
    const run = cli('people', 'edit', wa.memberNo, '--name', 'bu Siti Rahmawati, S.E.', '--kecamatan', 'banjarmasin timur', '--staff', STAFF_TELEGRAM);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Data ${wa.memberNo} diubah: Nama Siti Rahmawati → Siti Rahmawati, S.E.; Kecamatan Banjarmasin Utara → Banjarmasin Timur.`);
  });

  it('the change is stored and audited with the values before and after', async () => {
    expect(await person(wa.id)).toMatchObject({ full_name: 'Siti Rahmawati, S.E.', kecamatan_id: 4 });
    const audit = await db().selectFrom('audit_log').select(['staff_id', 'actor', 'details']).where('action', '=', 'person_edited').executeTakeFirstOrThrow();
    expect(audit.staff_id).toBe(staffId);
    expect(audit.actor).toMatch(/^cli:/);
    expect(audit.details).toMatchObject({ personId: wa.id, changes: [{ field: 'name', before: 'Siti Rahmawati', after: 'Siti Rahmawati, S.E.' }, { field: 'kecamatan', before: 'Banjarmasin Utara', after: 'Banjarmasin Timur' }] });
  });

  it('a landline, a missing field or an unknown person: one clear line, exit 1, nothing saved', async () => {
    const landline = cli('people', 'edit', wa.memberNo, '--phone', '(0511) 3252 111', '--business', 'Warung Baru');
    expect([landline.code, landline.out.trim()]).toEqual([1, 'Tidak disimpan. Nomor HP: bukan nomor HP Indonesia yang berlaku (contoh: 0812-5123-4477)']);
    const nothing = cli('people', 'edit', wa.memberNo);
    expect(nothing.code).toBe(1);
    expect(nothing.out).toContain('Tidak ada yang diubah');
    const unknown = cli('people', 'edit', 'BJM-000999999', '--name', 'Siti');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('Tidak ada pelaku usaha dengan BJM-000999999');
    expect(unknown.err).not.toMatch(/at .*\.ts:\d+/);
    expect((await person(wa.id)).business_name).toBe('Warung Sambal Acil');
  });
});

describe('people merge', () => {
  it('without --yes shows both records side by side and merges nothing', async () => {
    const run = cli('people', 'merge', wa.memberNo, tg.memberNo, '--take', 'business');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Nama usaha\s+Warung Sambal Acil\s+Sambal Acil Siti \*/);
    expect(run.out).toMatch(/Nomor HP\s+\+6281255556666 \*\s+-/);
    expect(run.out).toContain('--yes');
    expect((await person(tg.id)).merged_into).toBeNull();
  });

  it('an unknown field in --take is one clear line', () => {
    const run = cli('people', 'merge', wa.memberNo, tg.memberNo, '--take', 'nama,usaha', '--yes');
    expect(run.code).toBe(1);
    expect(run.out.trim()).toBe('Kolom tidak dikenal: nama, usaha. Pilihan: name,business,activity,sector,kecamatan,phone,year,omzet.');
  });

  it('with --yes merges, moves the chats, takes the chosen values, audits; again changes nothing; backwards is refused', async () => {
    const run = cli('people', 'merge', wa.memberNo, tg.memberNo, '--take', 'business', '--yes', '--staff', STAFF_TELEGRAM);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(new RegExp(`${tg.memberNo} digabung ke ${wa.memberNo}: \\d+ baris dipindah\\.`));
    expect(await person(wa.id)).toMatchObject({ business_name: 'Sambal Acil Siti', full_name: 'Siti Rahmawati, S.E.', phone_e164: '+6281255556666' });
    expect(await person(tg.id)).toMatchObject({ merged_into: wa.id });
    const chats = await db().selectFrom('identities').select('address').where('person_id', '=', wa.id).orderBy('address').execute();
    expect(chats.map((c) => c.address)).toEqual(['6281255556666@c.us', '7345678912']);
    const audit = await db().selectFrom('audit_log').select(['staff_id', 'details']).where('action', '=', 'person_merged').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staff_id: staffId, details: { personId: wa.id, otherPersonId: tg.id, taken: ['business'] } });

    const again = cli('people', 'merge', wa.memberNo, tg.memberNo, '--yes');
    expect([again.code, again.out.trim()]).toEqual([0, `${tg.memberNo} sudah digabung ke ${wa.memberNo} sebelumnya; tidak ada yang berubah.`]);
    const backwards = cli('people', 'merge', tg.memberNo, wa.memberNo, '--yes');
    expect(backwards.code).toBe(1);
    expect(backwards.out).toContain(`Data ${tg.memberNo} sudah digabung ke data lain`);
    const self = cli('people', 'merge', wa.memberNo, wa.memberNo, '--yes');
    expect([self.code, self.out.trim()]).toEqual([1, 'Tidak bisa menggabungkan data dengan dirinya sendiri.']);
    const { rows } = await sql<{ n: string }>`select count(*) as n from audit_log where action = 'person_merged'`.execute(db());
    expect(Number(rows[0]!.n)).toBe(1);
    const show = cli('people', 'show', tg.memberNo);
    expect([show.code, show.out.trim()]).toEqual([0, `${tg.memberNo} sudah digabung ke ${wa.memberNo}: data orang ini ada di sana (people show ${wa.memberNo}).`]);
    // The merged record is no longer listed among the entrepreneurs.
    const list = cli('people', 'list', '--json');
    expect((JSON.parse(list.out) as { member_no: string }[]).map((p) => p.member_no)).toEqual([wa.memberNo]);
  });
});

describe('people list --limit', () => {
  it('lists at most that many; a limit that is not a whole number from 1 to 100,000 is one clear line and exit 1', () => {
    const one = cli('people', 'list', '--json', '--limit', '1');
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out)).toHaveLength(1);
    for (const limit of ['lima', '0', '-3', '2.5', '1; drop table people', '100001']) {
      const bad = cli('people', 'list', '--limit', limit);
      expect([bad.code, bad.out.trim()]).toEqual([1, '--limit harus bilangan bulat 1 sampai 100000, misalnya 50.']);
    }
  });
});
