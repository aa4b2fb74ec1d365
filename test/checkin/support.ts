import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { openCheckinPeriod, type CheckinJobDeps } from '../../src/runtime/checkin/jobs.js';
import { waitFor, type TestApp } from '../support/app.js';

// Check-in test helpers: opening a period by hand as staff do, waiting for its fan-out,
// and a person's stored answers. (People are seeded with test/support/seed.ts.)

export function checkinDeps(t: TestApp): CheckinJobDeps {
  const app = t.app;
  return { db: app.database.db, queues: app.queues, turnDeps: app.runtime.turnDeps, config: app.config, log: app.log };
}

export function openByHand(t: TestApp, period: string) {
  return openCheckinPeriod(checkinDeps(t), period, 'test');
}

export async function waitForFanout(t: TestApp, period: string, timeoutMs = 30_000): Promise<void> {
  const db = t.app.database.db;
  await waitFor(async () => (await db.selectFrom('checkin_periods').select('fanout_done_at').where('period', '=', period).executeTakeFirst())?.fanout_done_at, timeoutMs, `fan-out of ${period}`);
}

export async function answersOf(db: Kysely<Database>, personId: string, period: string) {
  return db
    .selectFrom('checkin_answers as a')
    .innerJoin('checkins as c', 'c.id', 'a.checkin_id')
    .select(['a.question_id', 'a.value', 'a.detail', 'a.survey_version'])
    .where('c.person_id', '=', personId)
    .where('c.period', '=', period)
    .orderBy('a.answered_at')
    .execute();
}
