import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainText } from '../../src/cli/plain.js';
import type { GrowthStatus } from '../../src/db/schema.js';
import { loadSurveyFile } from '../../src/runtime/checkin/survey-file.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { makeWorkshop } from './support.js';

// The report that answers "did the training help?", checked line by line against a
// prepared history: who was invited, who answered, who came, what they thought, and for
// those who came their growth status before the workshop (the last period before its
// month, else the sign-up baseline) and at their latest check-in. Chat and command line
// say the same.

const STAFF_PHONE = '+6281300000001';

interface Prepared {
  readonly name: string;
  readonly rsvp?: 'confirmed' | 'waiting' | 'cancelled';
  readonly present?: boolean;
  readonly history?: Record<string, GrowthStatus>;
  readonly checkins?: Record<string, GrowthStatus>;
  readonly rating?: number;
  readonly comment?: string;
}

const PEOPLE: Prepared[] = [
  { name: 'Siti Aminah', rsvp: 'confirmed', present: true, history: { '2026-07': 'menurun', '2026-08': 'stagnan' }, checkins: { '2026-10': 'stagnan', '2026-11': 'berkembang' }, rating: 5, comment: 'Sangat bermanfaat, langsung saya coba' },
  // The September period is the workshop's own month: not "before".
  { name: 'Budi Santoso', rsvp: 'confirmed', present: true, history: { '2026-08': 'menurun', '2026-09': 'stagnan' }, checkins: { '2026-11': 'menurun' }, rating: 4 },
  { name: 'Ani', rsvp: 'confirmed', present: true, rating: 4, comment: 'Mohon ada kelas lanjutan' },
  { name: 'Dewi', rsvp: 'confirmed' },
  { name: 'Eka', rsvp: 'waiting' },
  { name: 'Fajar', rsvp: 'cancelled' },
  { name: 'Gita' },
  { name: 'Hadi' },
];

const EXPECTED = [
  '*Rekap pelatihan #1: Pemasaran Digital*\n12 September 2026, 09.00–12.00 WITA · Aula Dinas · selesai',
  'Diundang: 8\nTerdaftar: 4 dari 30 kursi\nDaftar tunggu: 1\nMembatalkan: 1\nHadir: 3',
  'Nilai rata-rata: *4,3* dari 5 (3 penilaian)',
  'Saran dan komentar peserta:',
  '• “Sangat bermanfaat, langsung saya coba”\n• “Mohon ada kelas lanjutan”',
  'Status usaha peserta yang hadir (sebelum pelatihan → laporan terakhir):',
  '• {Siti Aminah} Siti Aminah: stagnan → berkembang\n• {Budi Santoso} Budi Santoso: menurun → menurun\n• {Ani} Ani: data awal pendaftaran → belum ada laporan',
  'Sebelum pelatihan: stagnan 1, menurun 1, data awal pendaftaran 1\nLaporan terakhir: berkembang 1, menurun 1, belum ada laporan 1',
];

describe('the workshop report', () => {
  let t: TestApp;
  let chats: Chats;
  let expected: string;
  const db = () => t.app.database.db;

  beforeAll(async () => {
    t = await createTestApp('wsreport');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
    await addStaff(db(), { name: 'Rina Staf', phone: '0813-0000-0001' });
    const ids = await insertPeople(db(), PEOPLE.map((p) => ({ name: p.name, chats: [{ channel: 'telegram' as const, address: `r-${p.name}` }] })));
    const survey = await loadSurveyFile();
    await db().insertInto('survey_definitions').values({ version: 1, definition: JSON.stringify(survey) }).execute();
    for (const period of ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11']) {
      await db().insertInto('checkin_periods').values({ period, survey_version: 1, opened_by: 'test', closed_at: new Date() }).execute();
    }
    const workshop = await makeWorkshop(t, { title: 'Pemasaran Digital', startsAt: new Date('2026-09-12T09:00:00+08:00'), endsAt: new Date('2026-09-12T12:00:00+08:00'), place: 'Aula Dinas', capacity: 30 }, false);
    const announcement = await db().insertInto('workshop_announcements').values({ workshop_id: workshop.id, actor: 'test', segment: '{"filters":[]}', status: 'done' }).returning('id').executeTakeFirstOrThrow();
    const at = new Date('2026-09-01T02:00:00Z');
    for (const p of PEOPLE) {
      const person = ids.get(p.name)!;
      await db().insertInto('workshop_invitations').values({ workshop_id: workshop.id, person_id: person, announcement_id: announcement.id, invited_at: at }).execute();
      if (p.rsvp) await db().insertInto('workshop_rsvps').values({ workshop_id: workshop.id, person_id: person, status: p.rsvp, waiting_seq: p.rsvp === 'waiting' ? 1 : null, created_at: at, updated_at: at }).execute();
      if (p.present) await db().insertInto('workshop_attendance').values({ workshop_id: workshop.id, person_id: person, source: 'code', actor: 'code', marked_at: new Date('2026-09-12T09:10:00+08:00') }).execute();
      if (p.rating) await db().insertInto('workshop_feedback').values({ workshop_id: workshop.id, person_id: person, rating: p.rating, comment: p.comment ?? null, asked_at: at, answered_at: new Date(at.getTime() + (p.comment === 'Mohon ada kelas lanjutan' ? 2 : 1) * 60_000) }).execute();
      for (const [period, status] of Object.entries(p.history ?? {})) {
        await db().insertInto('growth_history').values({ person_id: person, period, status, reports: 3 }).execute();
      }
      for (const [period, status] of Object.entries(p.checkins ?? {})) {
        await db().insertInto('checkins').values({ person_id: person, period, survey_version: 1, status: 'completed', completed_at: at, omzet: 5_000_000, growth_status: status }).execute();
      }
    }
    const memberNo = new Map((await db().selectFrom('people').select(['full_name', 'member_no']).execute()).map((r) => [r.full_name!, r.member_no!]));
    expected = EXPECTED.join('\n\n').replace(/\{([^}]+)\}/g, (_, name: string) => memberNo.get(name)!);
  });
  afterAll(() => t.close());

  it('"/rekap 1" in chat says it all', async () => {
    const [report] = await chats.say('console', 'rina-report', '/rekap 1', STAFF_PHONE);
    expect(report).toBe(expected);
  });

  it('"npm run cli -- workshop report 1" prints the same, without chat markup', () => {
    const run = spawnSync('npm', ['run', '--silent', 'cli', '--', 'workshop', 'report', '1'], {
      env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // The same words, without the chat's markup (issue 16 item 7).
    expect(run.stdout.trim()).toBe(plainText(expected));
    expect(run.stdout).not.toContain('*');
  }, 60_000);

  it('a workshop that does not exist is named', async () => {
    expect((await chats.say('console', 'rina-report', '/rekap 99', STAFF_PHONE))[0]).toBe('Pelatihan #99 tidak ditemukan. Ketik */pelatihan daftar* untuk melihat nomornya.');
  });
});
