import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { DEV_ID_HASH_KEY, loadConfig } from '../src/config.js';
import { openCheckinPeriod } from '../src/runtime/checkin/jobs.js';
import { sendQueueName } from '../src/outbox/queue.js';
import { createLogger } from '../src/log.js';
import { dropQueueKeys, freshDatabase, mb, REDIS_URL, trackPeakMemory } from './support.js';

// `npm run bench:checkin [-- --people 100000 --batch 500]`: opens a check-in period for that
// many registered people (inserted straight into a fresh database) through the real job:
// the worker creates the check-in rows, runs every person's system turn and queues every
// first question. Prints the time until all that is done, rows written per second and the
// peak memory of the process doing it. Nothing is sent: no channel sender runs.

const { values } = parseArgs({ options: { people: { type: 'string', default: '100000' }, batch: { type: 'string', default: '500' } } });
const PEOPLE = Number(values.people);
const PERIOD = '2026-11';

async function main(): Promise<void> {
  const database = await freshDatabase('checkin');
  const prefix = `bench-checkin-${Date.now()}`;
  const config = loadConfig({ DATABASE_URL: database.url, ID_HASH_KEY: DEV_ID_HASH_KEY, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', CHECKIN_BATCH_SIZE: values.batch, SWEEP_INTERVAL_MS: '600000' });
  const app = await createApp(config, { log: createLogger('warn') });
  const { db } = app.database;

  const seeding = performance.now();
  await sql`
    with p as (
      insert into people (member_no, full_name, business_name, sector_id, kecamatan_id, business_started_year, baseline_omzet, registered_at)
      select 'BEN-' || lpad(g::text, 6, '0'), 'Pengusaha ' || g, 'Usaha ' || g, 1 + g % 7, 1 + g % 5, 2015 + g % 10, 500000 + (g % 100) * 100000, now() - interval '60 days'
        from generate_series(1, ${PEOPLE}) g
      returning id, member_no
    ), c as (
      insert into consents (person_id, purpose, text_version, lang, granted, channel, decided_at)
      select id, 'registration', 'bench', 'id', true, 'telegram', now() from p
    )
    insert into identities (channel, address, person_id, last_seen_at)
    select 'telegram', substr(member_no, 5), id, now() from p`.execute(db);
  await sql`analyze`.execute(db);
  console.log(`seeded ${PEOPLE} people in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  await app.startTurnWorkers(1);
  const memory = trackPeakMemory();
  const started = performance.now();
  await openCheckinPeriod({ db, queues: app.queues, turnDeps: app.runtime.turnDeps, config, log: app.log }, PERIOD, 'bench');

  let rowsDoneAt = 0;
  for (;;) {
    const { rows } = await sql<{ rows: string; done: Date | null; pending: string }>`
      select (select count(*) from checkins where period = ${PERIOD}) as rows,
             (select fanout_done_at from checkin_periods where period = ${PERIOD}) as done,
             (select count(*) from outbound_messages where status = 'pending') as pending`.execute(db);
    const r = rows[0]!;
    if (!rowsDoneAt && Number(r.rows) >= PEOPLE) rowsDoneAt = performance.now();
    if (r.done && Number(r.pending) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = memory.stop();

  const { rows } = await sql<Record<string, string>>`
    select (select count(*) from checkins where period = ${PERIOD} and invited_at is not null) as invited,
           (select count(*) from outbound_messages where dedupe_key like ${`checkin:${PERIOD}:%`} and status = 'queued') as queued,
           (select count(*) from conversations where state -> 'checkin' ->> 'period' = ${PERIOD}) as conversations`.execute(db);
  const counts = rows[0]!;
  const jobs = await app.queues.get(sendQueueName('telegram', 'bulk')).getJobCounts('waiting', 'prioritized');
  // Each person: a check-in row (written twice: made, then marked invited), a conversation
  // row (made and updated), an outbox row (inserted, then marked queued).
  const written = Number(counts.invited) * 2 + Number(counts.conversations) * 2 + Number(counts.queued) * 2;

  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} RAM, Node ${process.version}`);
  console.log(`people: ${PEOPLE}, batch: ${values.batch} conversations per transaction`);
  console.log(`check-in rows: ${counts.invited} invited; first questions queued: ${counts.queued} (send jobs waiting: ${(jobs.waiting ?? 0) + (jobs.prioritized ?? 0)})`);
  console.log(`all check-in rows exist after ${((rowsDoneAt - started) / 1000).toFixed(1)} s`);
  console.log(`every first question queued after ${seconds.toFixed(1)} s (${(PEOPLE / seconds).toFixed(0)} people/s)`);
  console.log(`rows written: ${written} (${(written / seconds).toFixed(0)} rows/s: check-ins, conversations, outbox, each inserted and updated)`);
  console.log(`peak memory (rss, worker and bench in one process): ${mb(peak)}`);

  await app.close();
  await dropQueueKeys(prefix);
  await database.drop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
