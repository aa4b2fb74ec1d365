import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { maskMiss } from '../../src/runtime/core/misses.js';
import { UNDERSTAND_QUEUE } from '../../src/runtime/understand/jobs.js';
import { purgeMisses } from '../../src/runtime/understand/misses.js';
import { addVocabulary } from '../../src/runtime/understand/vocabulary.js';
import { readConsent, readKecamatan, readRsvp } from '../../src/engine/parse/understand/index.js';
import { REDIS_URL, createTestApp, deleteQueueKeys, uniquePrefix, type TestApp } from '../support/app.js';
import { RecordingSender, TestPerson } from '../support/chat.js';

// Learning from misses (issue 10 item 7), against a real database: what was not understood
// is kept without the person, masked and cut; it goes after twelve months; and a word
// staff add on the command line is understood from the next message on, in another
// process too (a second app on the same database), with no restart.

const TO_SECTOR = ['halo', 'iya', 'Siti Aminah', 'Warung Siti'];

describe('understanding misses and the vocabulary added by staff', () => {
  let t: TestApp;
  let second: App;
  let secondPrefix: string;
  const sender = new RecordingSender();
  const db = () => t.app.database.db;

  const cli = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { env: { ...process.env, DATABASE_URL: t.database.url, LOG_LEVEL: 'warn' }, encoding: 'utf8' });

  beforeAll(async () => {
    t = await createTestApp('understand');
    await t.app.startTurnWorkers(2);
    secondPrefix = uniquePrefix('understand-2');
    const config = loadConfig({ DATABASE_URL: t.database.url, REDIS_URL, QUEUE_PREFIX: secondPrefix, LOG_LEVEL: 'silent', ID_HASH_KEY: t.config.ID_HASH_KEY });
    second = await createApp(config, { log: createLogger('silent') });
    await second.startTurnWorkers(2);
  });
  afterAll(async () => {
    await second.close();
    await deleteQueueKeys(secondPrefix);
    await t.close();
  });

  it('an answer not understood is kept with its question, masked, cut, and with no link to the person', async () => {
    const person = new TestPerson(t.app, sender, 'miss-1');
    for (const line of TO_SECTOR) await person.say(line);
    const replies = await person.say('hubungi saya di 0812 3456 7890 ya');
    expect(replies.join('\n')).toMatch(/bidang apa/);
    await person.say(`qqq ${'zzzzzzzzzz '.repeat(25)}`);

    const rows = await db().selectFrom('understand_misses').selectAll().where('question', '=', 'sector').orderBy('id').execute();
    expect(rows.map((r) => r.text)).toEqual(['hubungi saya di #### #### #### ya', `qqq ${'zzzzzzzzzz '.repeat(25)}`.slice(0, 200)]);
    expect(rows[1]!.text).toHaveLength(200);
    const { rows: columns } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns where table_name = 'understand_misses' order by ordinal_position`.execute(db());
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'question', 'text', 'at']);
  });

  it('digit runs of eight or more are masked, shorter ones kept', () => {
    expect(maskMiss('omzet 12.500.000 no 081234567890 thn 2019')).toBe('omzet ##.###.### no ############ thn 2019');
    expect(maskMiss('x'.repeat(250))).toHaveLength(200);
  });

  it('`understand add sector kelakai kuliner` is understood from the next message on, in both processes, and audited', async () => {
    const first = new TestPerson(t.app, sender, 'kelakai-1');
    const other = new TestPerson(second, new RecordingSender(), 'kelakai-2');
    for (const line of TO_SECTOR) {
      await first.say(line);
      await other.say(line);
    }
    // Both processes have read the vocabulary by now, and neither knows the word.
    expect((await first.say('kelakai')).join('\n')).toMatch(/belum saya kenali/);
    expect((await other.say('kelakai')).join('\n')).toMatch(/belum saya kenali/);

    const listed = cli('understand', 'misses', '--question', 'sector');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^\s+2\s+sector\s+kelakai$/m);

    const added = cli('understand', 'add', 'sector', 'Kelakai', 'kuliner');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('kelakai');

    expect((await other.say('kelakai')).join('\n')).toMatch(/kecamatan mana/);
    expect((await first.say('kelakai')).join('\n')).toMatch(/kecamatan mana/);
    const drafts = await db()
      .selectFrom('conversations as c')
      .innerJoin('identities as i', 'i.id', 'c.identity_id')
      .select(['i.address', 'c.state'])
      .where('i.address', 'in', ['kelakai-1', 'kelakai-2'])
      .execute();
    for (const d of drafts) expect((d.state as { flow: { draft: object } }).flow.draft).toMatchObject({ sectorId: 1, activity: 'kelakai' });

    const audit = await db().selectFrom('audit_log').select(['action', 'actor', 'details']).where('action', '=', 'understand_word_added').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toMatch(/^cli:/);
    expect(audit[0]!.details).toMatchObject({ kind: 'sector', phrase: 'kelakai', target: 'kuliner' });
  });

  it('kecamatan, yes, no and rsvp additions are read by the readers of the merged vocabulary', async () => {
    const base = t.app.services.references.cityVocabulary();
    const cliActor = { staffId: null, actor: 'cli:test' };
    expect(readKecamatan('gang nuri ujung', base).kind).not.toBe('value');
    expect(readConsent('gaskeun', base).kind).not.toBe('value');
    await addVocabulary(db(), { kind: 'kecamatan', phrase: 'gang nuri ujung', target: 'bjm-timur' }, base, cliActor);
    await addVocabulary(db(), { kind: 'yes', phrase: 'gaskeun' }, base, cliActor);
    await addVocabulary(db(), { kind: 'no', phrase: 'ogah ah' }, base, cliActor);
    await addVocabulary(db(), { kind: 'rsvp', phrase: 'merapat' , target: 'attend' }, base, cliActor);
    const { vocabulary } = await t.app.services.references.get();
    expect(readKecamatan('gang nuri ujung', vocabulary)).toEqual({ kind: 'value', value: 'bjm-timur' });
    expect(readConsent('gaskeun', vocabulary)).toEqual({ kind: 'value', value: true });
    expect(readConsent('ogah ah', vocabulary)).toEqual({ kind: 'value', value: false });
    expect(readRsvp('merapat', vocabulary, { options: ['attend'] })).toEqual({ kind: 'value', value: 'attend' });
  });

  it('a word for a sector that does not exist is refused, and nothing changes', async () => {
    const before = await db().selectFrom('vocabulary_version').select('version').executeTakeFirstOrThrow();
    const refused = cli('understand', 'add', 'sector', 'jual pentol', 'makanan');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/not a sector target/);
    const after = await db().selectFrom('vocabulary_version').select('version').executeTakeFirstOrThrow();
    expect(after.version).toBe(before.version);
  });

  it('misses older than twelve months are deleted by the purge, newer ones kept; the purge is scheduled daily', async () => {
    const now = new Date('2026-12-02T03:00:00Z');
    await db()
      .insertInto('understand_misses')
      .values([
        { question: 'kecamatan', text: 'old one', at: new Date('2025-11-30T00:00:00Z') },
        { question: 'kecamatan', text: 'recent one', at: new Date('2025-12-05T00:00:00Z') },
      ])
      .execute();
    expect(await purgeMisses(db(), now)).toBe(1);
    const left = await db().selectFrom('understand_misses').select('text').where('question', '=', 'kecamatan').execute();
    expect(left.map((r) => r.text)).toEqual(['recent one']);
    expect(await purgeMisses(db(), now)).toBe(0);

    await t.app.schedule();
    const schedulers = await t.app.queues.get(UNDERSTAND_QUEUE).getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('purge-misses');
  });
});
