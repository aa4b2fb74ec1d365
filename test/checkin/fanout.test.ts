import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKIN_QUEUE } from '../../src/runtime/checkin/jobs.js';
import { sendQueueName } from '../../src/outbox/queue.js';
import { runFanout } from '../../src/runtime/checkin/fanout.js';
import { openPeriod } from '../../src/runtime/checkin/periods.js';
import { loadSurveyFile } from '../../src/runtime/checkin/survey-file.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { insertManyPeople, insertPeopleInOrder as insertPeople } from '../support/seed.js';
import { openByHand, waitForFanout } from './support.js';

// Opening a period reaches every eligible person exactly once: on one chat, through the
// engine (their conversation now expects the omzet answer), on the bulk path. Opening
// twice, or a fan-out stopped half-way and run again, sends nothing twice and misses no one.

async function tally(t: TestApp, period: string) {
  const { rows } = await sql<Record<string, string>>`
    select (select count(*) from checkins where period = ${period}) as rows,
           (select count(*) from checkins where period = ${period} and invited_at is not null) as invited,
           (select count(*) from outbound_messages where dedupe_key like ${`checkin:${period}:%`}) as messages,
           (select count(distinct identity_id) from outbound_messages where dedupe_key like ${`checkin:${period}:%`}) as chats,
           (select count(*) from conversations where state -> 'checkin' ->> 'period' = ${period} and state -> 'flow' ->> 'question' = 'omzet') as asking`.execute(t.app.database.db);
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
}

describe('who a period reaches', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('fanout-who', { CHECKIN_BATCH_SIZE: '4' });
    const db = t.app.database.db;
    await sql`insert into staff (name, phone_e164) values ('Petugas Dinas', '+628111000111')`.execute(db);
    const eligible = Array.from({ length: 10 }, (_, i) => ({ name: `Warga ${i}`, omzet: 1_000_000 * (i + 1), chats: [{ channel: 'telegram' as const, address: `who-${i}` }] }));
    await insertPeople(db, [
      ...eligible,
      { name: 'Berhenti', omzet: 1, optedOut: true, chats: [{ channel: 'telegram', address: 'who-opted' }] },
      { name: 'Dihapus', omzet: 1, erased: true, chats: [] },
      { name: 'Diblokir', omzet: 1, chats: [{ channel: 'telegram', address: 'who-blocked', unreachable: true }] },
      { name: 'Tanpa persetujuan', omzet: 1, consent: false, chats: [{ channel: 'telegram', address: 'who-noconsent' }] },
      { name: 'Petugas', omzet: 1, phone: '+628111000111', chats: [{ channel: 'telegram', address: 'who-staff' }] },
      { name: 'Dua kanal', omzet: 1, chats: [{ channel: 'telegram', address: 'who-two-old', seenMinutesAgo: 300 }, { channel: 'whatsapp', address: 'who-two-new', seenMinutesAgo: 5 }] },
      { name: 'Baru diblokir', omzet: 1, chats: [{ channel: 'telegram', address: 'who-ok-old', seenMinutesAgo: 300 }, { channel: 'whatsapp', address: 'who-blocked-new', seenMinutesAgo: 5, unreachable: true }] },
    ]);
    await t.app.startTurnWorkers(2);
  });
  afterAll(() => t.close());

  it('every eligible person gets the first question once, on their most recent reachable chat', async () => {
    await openByHand(t, '2026-11');
    await waitForFanout(t, '2026-11');
    const db = t.app.database.db;
    const sent = await db
      .selectFrom('outbound_messages as o')
      .innerJoin('identities as i', 'i.id', 'o.identity_id')
      .select(['i.address', 'o.path', 'o.status', 'o.text', 'o.expires_at'])
      .where('o.dedupe_key', 'like', 'checkin:2026-11:%')
      .orderBy('i.address')
      .execute();
    expect(sent.map((s) => s.address)).toEqual([...Array.from({ length: 10 }, (_, i) => `who-${i}`), 'who-ok-old', 'who-two-new'].sort());
    expect(sent.every((s) => s.path === 'bulk' && s.status === 'queued' && s.expires_at !== null)).toBe(true);
    expect(sent.find((s) => s.address === 'who-3')?.text).toContain('Halo Warga 3 👋 Saatnya *laporan bulanan November 2026*');
    expect(await tally(t, '2026-11')).toEqual({ rows: 12, invited: 12, messages: 12, chats: 12, asking: 12 });
    const telegram = await t.app.queues.get(sendQueueName('telegram', 'bulk')).getJobCounts('waiting', 'prioritized');
    const whatsapp = await t.app.queues.get(sendQueueName('whatsapp', 'bulk')).getJobCounts('waiting', 'prioritized');
    expect((telegram.waiting ?? 0) + (telegram.prioritized ?? 0)).toBe(11);
    expect((whatsapp.waiting ?? 0) + (whatsapp.prioritized ?? 0)).toBe(1);
  });

  it('opening the same period again sends nothing twice', async () => {
    const again = await openByHand(t, '2026-11');
    expect(again.created).toBe(false);
    const direct = await runFanout({ db: t.app.database.db, queues: t.app.queues, turnDeps: t.app.runtime.turnDeps, batchSize: 4 }, '2026-11');
    expect(direct).toEqual({ created: 0, asked: 0, remembered: 0, skipped: 0 });
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the re-queued job run too
    expect(await tally(t, '2026-11')).toEqual({ rows: 12, invited: 12, messages: 12, chats: 12, asking: 12 });
  });

  it('the CLI refuses to reopen a closed period or open an older one', async () => {
    await openByHand(t, '2026-12');
    await expect(openByHand(t, '2026-11')).rejects.toThrow('Periode 2026-11 sudah ditutup');
    await expect(openByHand(t, '2026-10')).rejects.toThrow('Periode 2026-12 lebih baru dari 2026-10');
    await waitForFanout(t, '2026-12');
  });
});

describe('a fan-out stopped between batches', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('fanout-abort');
    await insertManyPeople(t.app.database.db, 300, 'ab');
  });
  afterAll(() => t.close());

  it('continues where it stopped when run again: no doubles, no gaps', async () => {
    const deps = { db: t.app.database.db, queues: t.app.queues, turnDeps: t.app.runtime.turnDeps, batchSize: 20 };
    await openPeriod(t.app.database.db, await loadSurveyFile(), '2026-11', 'test', new Date());
    const stop = new AbortController();
    const first = runFanout(deps, '2026-11', { signal: stop.signal, onBatch: (n) => n === 3 && stop.abort() });
    await expect(first).rejects.toThrow(/abort/i);
    expect(await tally(t, '2026-11')).toEqual({ rows: 300, invited: 60, messages: 60, chats: 60, asking: 60 });

    expect(await runFanout(deps, '2026-11')).toEqual({ created: 0, asked: 240, remembered: 0, skipped: 0 });
    expect(await tally(t, '2026-11')).toEqual({ rows: 300, invited: 300, messages: 300, chats: 300, asking: 300 });
    expect(await runFanout(deps, '2026-11')).toEqual({ created: 0, asked: 0, remembered: 0, skipped: 0 });
    const queued = await t.app.queues.get(sendQueueName('telegram', 'bulk')).getJobCounts('waiting', 'prioritized');
    expect((queued.waiting ?? 0) + (queued.prioritized ?? 0)).toBe(300);
  });
});

describe('a worker process killed during the fan-out', () => {
  let t: TestApp;
  let child: ChildProcess | null = null;
  const PEOPLE = 4000;

  beforeAll(async () => {
    t = await createTestApp('fanout-kill', { CHECKIN_BATCH_SIZE: '25', SWEEP_INTERVAL_MS: '1000' });
    await insertManyPeople(t.app.database.db, PEOPLE, 'kill');
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await t.close();
  });

  it('is finished by another worker: everyone asked exactly once, every question queued once', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, ROLES: 'worker', LOG_LEVEL: 'warn', CHECKIN_BATCH_SIZE: '25' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[worker ${child?.pid}] ${d.toString()}`));
    const checkins = t.app.queues.get(CHECKIN_QUEUE);
    await waitFor(async () => (await checkins.getWorkers()).length >= 1, 60_000, 'worker process');

    await openByHand(t, '2026-11');
    const invitedAtKill = await waitFor(async () => {
      const { invited } = await tally(t, '2026-11');
      return invited !== undefined && invited >= 200 ? invited : null;
    }, 60_000, 'fan-out under way');
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    const stopped = await tally(t, '2026-11');
    expect(invitedAtKill).toBeLessThan(PEOPLE);
    expect(stopped.invited).toBeLessThan(PEOPLE); // really half-way

    // Another worker notices the job's lock lapsed and runs it again.
    await t.app.startTurnWorkers(1);
    await waitForFanout(t, '2026-11', 90_000);
    expect(await tally(t, '2026-11')).toEqual({ rows: PEOPLE, invited: PEOPLE, messages: PEOPLE, chats: PEOPLE, asking: PEOPLE });
    // Rows the killed worker committed but never queued are queued by the sweeper.
    const db = t.app.database.db;
    await waitFor(async () => !(await db.selectFrom('outbound_messages').select('id').where('status', '=', 'pending').executeTakeFirst()), 30_000, 'all queued');
    const queued = await t.app.queues.get(sendQueueName('telegram', 'bulk')).getJobCounts('waiting', 'prioritized');
    expect((queued.waiting ?? 0) + (queued.prioritized ?? 0)).toBe(PEOPLE);
  }, 180_000);
});

describe('a period that makes most of the table at once', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('fanout-stats', { CHECKIN_BATCH_SIZE: '500' });
    await insertManyPeople(t.app.database.db, 1500, 'stats');
  });
  afterAll(() => t.close());

  it('leaves the planner statistics for the new check-in rows (no whole-table reads per batch until autovacuum comes)', async () => {
    const db = t.app.database.db;
    const reltuples = async () => Number((await sql<{ n: number }>`select reltuples as n from pg_class where oid = 'checkins'::regclass`.execute(db)).rows[0]!.n);
    expect(await reltuples()).toBeLessThan(0); // never analysed yet
    await openPeriod(db, await loadSurveyFile(), '2026-11', 'test', new Date());
    const result = await runFanout({ db, queues: t.app.queues, turnDeps: t.app.runtime.turnDeps, batchSize: 500 }, '2026-11');
    expect(result.created).toBe(1500);
    expect(await reltuples()).toBe(1500);
  });
});
