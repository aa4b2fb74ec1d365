import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SURVEY_FILE } from '../../src/runtime/checkin/survey-file.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { RecordingSender, TestPerson } from '../support/chat.js';
import { answersOf, openByHand, waitForFanout } from './support.js';
import { insertPeopleInOrder as insertPeople } from '../support/seed.js';

// The office changes the survey (a new question, a new version): the next period asks it,
// and its answers are stored with the new version.

describe('a changed survey definition', () => {
  let t: TestApp;
  const sender = new RecordingSender();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'survey-')), 'survey.json');
  const survey = JSON.parse(readFileSync(DEFAULT_SURVEY_FILE, 'utf8')) as { version: number; questions: unknown[] };

  beforeAll(async () => {
    survey.version = 2;
    survey.questions.push({
      id: 'ikut_pelatihan',
      type: 'yes_no',
      text: { id: 'Apakah bulan itu Bapak/Ibu ikut pelatihan dari Dinas? (ya/tidak)', en: 'Did you attend a training by the office that month? (yes/no)' },
    });
    writeFileSync(file, JSON.stringify(survey, null, 2));
    t = await createTestApp('survey-v2', { CHECKIN_SURVEY_FILE: file });
    await t.app.startTurnWorkers(2);
  });
  afterAll(() => t.close());

  it('asks the new question and stores every answer with version 2', async () => {
    const [id] = await insertPeople(t.app.database.db, [{ name: 'Yusuf', omzet: 4_000_000, chats: [{ address: 'sv-yusuf' }] }]);
    const yusuf = new TestPerson(t.app, sender, 'sv-yusuf');
    const opened = await openByHand(t, '2026-11');
    expect(opened.surveyVersion).toBe(2);
    await waitForFanout(t, '2026-11');
    await waitFor(async () => sender.to('sv-yusuf').length > 0, 15_000, 'first question');
    expect(sender.to('sv-yusuf')[0]!.text).toContain('5 pertanyaan singkat');
    for (const answer of ['4,4 juta', '2', 'tidak']) await yusuf.say(answer);
    expect((await yusuf.say('bahan baku')).join('\n')).toContain('Apakah bulan itu Bapak/Ibu ikut pelatihan dari Dinas?');
    expect((await yusuf.say('ya')).join('\n')).toContain('Ringkasan *laporan November 2026*');
    expect((await yusuf.say('ya')).join('\n')).toContain('Terima kasih, *laporan November 2026* sudah kami terima');
    const answers = await answersOf(t.app.database.db, id!, '2026-11');
    expect(answers.map((a) => [a.question_id, a.value, a.survey_version])).toEqual([
      ['omzet', 4_400_000, 2],
      ['pekerja', 2, 2],
      ['jualan_online', false, 2],
      ['hambatan', 'bahan_baku', 2],
      ['ikut_pelatihan', true, 2],
    ]);
    const stored = await t.app.database.db.selectFrom('survey_definitions').select('version').execute();
    expect(stored.map((s) => s.version)).toEqual([2]);
  });

  it('refuses to open a period when the questions changed but the version did not', async () => {
    survey.questions.pop();
    writeFileSync(file, JSON.stringify(survey, null, 2));
    await expect(openByHand(t, '2026-12')).rejects.toThrow(/survey version 2 is already stored with other questions: raise "version"/);
    const periods = await t.app.database.db.selectFrom('checkin_periods').select(['period', 'closed_at']).execute();
    expect(periods).toEqual([{ period: '2026-11', closed_at: null }]);
  });
});
