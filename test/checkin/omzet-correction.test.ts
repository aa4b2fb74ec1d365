import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { RecordingSender, TestPerson } from '../support/chat.js';
import { seedPeople } from '../support/seed.js';
import { openByHand } from './support.js';

// Issue 16 item 4: `ubah omzet` after registration is a dated correction. The sign-up figure
// stays; a correction in the month of registration is what growth and the check-in feedback
// compare with; the profile and `people list` show the latest figure with its month and the
// sign-up figure apart.

describe('"ubah omzet" after registration', () => {
  let t: TestApp;
  const sender = new RecordingSender();
  let rina: TestPerson;
  let rinaId: string;
  const db = () => t.app.database.db;

  beforeAll(async () => {
    t = await createTestApp('omzet-fix');
    await t.app.startTurnWorkers(2);
    const [seeded] = await seedPeople(db(), [{ name: 'Rina Marlina', omzet: 5_000_000, chats: [{ address: 'oc-rina' }] }]);
    rinaId = seeded!.id;
    // Registered this month, with a figure she then corrects.
    await db().updateTable('people').set({ registered_at: new Date() }).where('id', '=', rinaId).execute();
    rina = new TestPerson(t.app, sender, 'oc-rina');
    await openByHand(t, '2026-11');
  }, 60_000);
  afterAll(() => t.close());

  it('keeps the sign-up figure and records the correction with its date', async () => {
    await rina.say('ubah omzet');
    expect((await rina.say('3 juta')).join('\n')).toContain('Omzet sudah diperbarui');
    const person = await db().selectFrom('people').select('baseline_omzet').where('id', '=', rinaId).executeTakeFirstOrThrow();
    expect(person.baseline_omzet).toBe('5000000');
    const rows = await db().selectFrom('omzet_corrections').select(['omzet', 'replaces_baseline', 'reported_at']).where('person_id', '=', rinaId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ omzet: '3000000', replaces_baseline: true });
  });

  it('the profile shows the latest figure with its month and the sign-up figure apart', async () => {
    const profile = (await rina.say('profil')).join('\n');
    expect(profile).toMatch(/Omzet terakhir: Rp3\.000\.000 \([A-Z][a-z]+ \d{4}\)/);
    expect(profile).toContain('Omzet saat mendaftar: Rp5.000.000');
  });

  it('the check-in compares with the corrected figure, not the one overwritten before', async () => {
    await rina.say('LAPOR');
    for (const answer of ['3,3 juta', '1', 'tidak', 'modal']) await rina.say(answer);
    const done = (await rina.say('ya')).join('\n');
    expect(done).toContain('naik Rp300.000 (10%) dibanding omzet saat mendaftar (Rp3.000.000)');
    expect(done).toContain('*Stagnan*');
    const checkin = await db().selectFrom('checkins').select(['previous_omzet', 'growth_status']).where('person_id', '=', rinaId).executeTakeFirstOrThrow();
    expect(checkin).toEqual({ previous_omzet: '3000000', growth_status: 'stagnan' });
  });

  it('"people list" shows the latest reported omzet with its month and the sign-up omzet', () => {
    const result = spawnSync('npm', ['run', '--silent', 'cli', '--', 'people', 'list'], { env: { ...process.env, DATABASE_URL: t.database.url, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/Omzet terakhir\s+Omzet daftar/);
    const row = lines.find((l) => l.includes('Rina Marlina'))!;
    expect(row).toMatch(/Rp3\.300\.000 \(2026-11\)\s+Rp5\.000\.000/);
  });

  it('omzet_history: a later correction stands for its month only when no check-in reported that month', async () => {
    const [dodi] = await seedPeople(db(), [{ name: 'Dodi', omzet: 2_000_000, chats: [{ address: 'oc-dodi' }] }]);
    const id = dodi!.id;
    await db().insertInto('omzet_corrections').values([
      { person_id: id, omzet: 2_500_000, period: '2026-09', reported_at: new Date('2026-09-20T02:00:00Z') },
      { person_id: id, omzet: 2_700_000, period: '2026-10', reported_at: new Date('2026-10-10T02:00:00Z') },
      { person_id: id, omzet: 2_800_000, period: '2026-10', reported_at: new Date('2026-10-20T02:00:00Z') },
    ]).execute();
    await db().insertInto('checkin_periods').values({ period: '2026-09', survey_version: 1, opened_at: new Date('2026-10-01T01:00:00Z'), opened_by: 'test', closed_at: new Date('2026-10-20T01:00:00Z') }).execute();
    await db().insertInto('checkins').values({ person_id: id, period: '2026-09', survey_version: 1, status: 'completed', omzet: 2_400_000, completed_at: new Date('2026-10-02T02:00:00Z') }).execute();
    const { rows } = await sql<{ period: string; omzet: string; source: string }>`select * from omzet_history(${id}, '2026-11')`.execute(db());
    expect(rows).toEqual([
      { period: '0000-00', omzet: '2000000', source: 'signup' },
      { period: '2026-09', omzet: '2400000', source: 'report' },
      { period: '2026-10', omzet: '2800000', source: 'correction' },
    ]);
    const latest = await sql<{ omzet: string; period: string }>`select omzet, period from latest_omzet(${id})`.execute(db());
    expect(latest.rows).toEqual([{ omzet: '2800000', period: '2026-10' }]);
  });
});
