import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKIN_QUEUE, CHECKIN_SCHEDULER_ID, scheduleCheckins } from '../../src/runtime/checkin/jobs.js';
import { reportedPeriodAt } from '../../src/engine/checkin/period.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { insertPeopleInOrder as insertPeople } from '../support/seed.js';
import { waitForFanout } from './support.js';

// The monthly schedule: a BullMQ job scheduler in Redis opens last month's period on the
// 1st at 09.00 WITA; each run is idempotent. Staff can open a period by hand.

/** The next 1st of a month at 09.00 in Banjarmasin (UTC+8, no daylight saving). */
function nextFirstAtNineWita(now: Date): number {
  const local = new Date(now.getTime() + 8 * 3600_000);
  const thisMonth = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1, 1, 0);
  return thisMonth > now.getTime() ? thisMonth : Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1, 1, 0);
}

describe('the check-in schedule', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('ck-schedule');
  });
  afterAll(() => t.close());

  it('is one job scheduler, opening on the 1st at 09.00 Asia/Makassar, however often the scheduler starts', async () => {
    await scheduleCheckins(t.app.queues, t.config);
    await scheduleCheckins(t.app.queues, t.config);
    const queue = t.app.queues.get(CHECKIN_QUEUE);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([[CHECKIN_SCHEDULER_ID, '0 9 1 * *', 'Asia/Makassar']]);
    expect(schedulers[0]!.next).toBe(nextFirstAtNineWita(new Date()));
    await queue.removeJobScheduler(CHECKIN_SCHEDULER_ID);
  });
});

describe('scheduled runs', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Every second, so that several runs happen during the test.
    t = await createTestApp('ck-every-second', { CHECKIN_CRON: '* * * * * *' });
    await insertPeople(t.app.database.db, ['Ani', 'Badu', 'Cici'].map((name, i) => ({ name, omzet: 1_000_000, chats: [{ channel: 'telegram' as const, address: `sch-${i}` }] })));
    await t.app.startTurnWorkers(2);
  });
  afterAll(() => t.close());

  it('open last month\'s period once, and the runs after it send nothing twice', async () => {
    const period = reportedPeriodAt(new Date(), 'Asia/Makassar');
    await scheduleCheckins(t.app.queues, t.config);
    await waitForFanout(t, period);
    const queue = t.app.queues.get(CHECKIN_QUEUE);
    await waitFor(async () => (await queue.getJobCounts('completed')).completed! >= 4, 15_000, 'more scheduled runs');
    await queue.removeJobScheduler(CHECKIN_SCHEDULER_ID);
    const db = t.app.database.db;
    const periods = await db.selectFrom('checkin_periods').select(['period', 'opened_by']).execute();
    expect(periods).toEqual([{ period, opened_by: 'scheduler' }]);
    expect(await db.selectFrom('checkins').select('id').execute()).toHaveLength(3);
    expect(await db.selectFrom('outbound_messages').select('id').where('dedupe_key', 'like', `checkin:${period}:%`).execute()).toHaveLength(3);
  });
});

describe('npm run cli -- checkin open', () => {
  let t: TestApp;
  const cli = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
      env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, LOG_LEVEL: 'warn', TZ: 'Asia/Makassar' },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    t = await createTestApp('ck-cli-open');
  });
  afterAll(() => t.close());

  it('opens a period by hand and queues its fan-out; a second time changes nothing', async () => {
    const first = cli('checkin', 'open', '2026-11');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Periode 2026-11 (laporan November 2026) dibuka');
    expect(first.stdout).toMatch(/Pengingat: \d+ \w+ 2026, \d\d\.\d\d WITA dan \d+ \w+ 2026, \d\d\.\d\d WITA\./);
    const second = cli('checkin', 'open', '2026-11');
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Periode 2026-11 sudah dibuka sejak');
    const queue = t.app.queues.get(CHECKIN_QUEUE);
    expect((await queue.getWaiting()).map((j) => j.id)).toEqual(['fanout-2026-11']);
    expect((await queue.getDelayed()).map((j) => j.id).sort()).toEqual(['remind-2026-11-1', 'remind-2026-11-2']);
    const rows = await t.app.database.db.selectFrom('checkin_periods').select(['period', 'opened_by', 'closed_at']).execute();
    expect(rows).toEqual([{ period: '2026-11', opened_by: 'cli', closed_at: null }]);
  });

  it('says clearly what is wrong with a period it cannot open', () => {
    const typo = cli('checkin', 'open', 'november');
    expect(typo.status).toBe(64);
    expect(typo.stdout).toContain('"november" bukan periode: tulis bulannya sebagai YYYY-MM, contoh 2026-11.');
    const older = cli('checkin', 'open', '2026-10');
    expect(older.status).toBe(1);
    expect(older.stdout).toContain('Periode 2026-11 lebih baru dari 2026-10 dan sudah dibuka');
  });
});
