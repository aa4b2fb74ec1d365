import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { DEV_ID_HASH_KEY, loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { createSession } from '../src/web/auth.js';
import { buildWebServer } from '../src/web/server.js';
import { dropQueueKeys, freshDatabase, percentile, REDIS_URL } from './support.js';

// `npm run bench:web-overview [-- --people 100000 --periods 12]`: the dashboard's Ringkasan
// data (every chart, one request to /api/ringkasan as the browser's session) with that many
// registered people and check-in periods, a workshop funnel, all prepared with SQL in a
// fresh database. Prints the first (cold) request and the median and p95 of ten more.

const { values } = parseArgs({ options: { people: { type: 'string', default: '100000' }, periods: { type: 'string', default: '12' } } });
const PEOPLE = Number(values.people);
const PERIODS = Number(values.periods);

async function main(): Promise<void> {
  const database = await freshDatabase('weboverview');
  const prefix = `bench-web-${Date.now()}`;
  const config = loadConfig({ DATABASE_URL: database.url, ID_HASH_KEY: DEV_ID_HASH_KEY, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' });
  const app = await createApp(config, { log: createLogger('warn') });
  const { db } = app.database;

  const seeding = performance.now();
  await sql`
    insert into people (member_no, full_name, business_name, sector_id, kecamatan_id, business_started_year, baseline_omzet, registered_at, growth_status)
    select 'BEN-' || lpad(g::text, 6, '0'), 'Pengusaha ' || g, 'Usaha ' || g, 1 + g % 7, 1 + g % 5, 2015 + g % 10, 500000 + (g % 100) * 100000,
           timestamptz '2025-12-01' + (g % 365) * interval '1 day',
           (array['berkembang', 'stagnan', 'menurun', 'belum_cukup_data'])[1 + g % 4]
      from generate_series(1, ${PEOPLE}) g`.execute(db);
  await sql`insert into survey_definitions (version, definition) values (900, '{}'::jsonb) on conflict do nothing`.execute(db);
  await sql`
    insert into checkin_periods (period, survey_version, opened_by, closed_at)
    select to_char(date '2025-12-01' + m * interval '1 month', 'YYYY-MM'), 900, 'bench', case when m < ${PERIODS - 1} then now() end
      from generate_series(0, ${PERIODS - 1}) m`.execute(db);
  // Every period asks everyone; about 60 % answer, with an omzet that drifts by month.
  await sql`
    insert into checkins (person_id, period, survey_version, status, invited_at, completed_at, omzet)
    select p.id, cp.period, 900, case when (p.id + ascii(right(cp.period, 1))) % 5 < 3 then 'completed' else 'open' end,
           now(), case when (p.id + ascii(right(cp.period, 1))) % 5 < 3 then now() end,
           case when (p.id + ascii(right(cp.period, 1))) % 5 < 3 then 1000000 + (p.id % 90) * 100000 + right(cp.period, 2)::int * 50000 end
      from people p cross join checkin_periods cp`.execute(db);
  const workshop = await db
    .insertInto('workshops')
    .values({ title: 'Bench', starts_at: new Date('2026-11-20T01:00:00Z'), ends_at: new Date('2026-11-20T04:00:00Z'), place: 'Aula', capacity: 5000, actor: 'bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const announcement = await db.insertInto('workshop_announcements').values({ workshop_id: workshop.id, actor: 'bench', segment: '{}' }).returning('id').executeTakeFirstOrThrow();
  await sql`insert into workshop_invitations (workshop_id, person_id, announcement_id, invited_at) select ${workshop.id}, id, ${announcement.id}, now() from people where id % 10 = 0`.execute(db);
  await sql`insert into workshop_rsvps (workshop_id, person_id, status, created_at, updated_at, confirmed_at) select ${workshop.id}, id, 'confirmed', now(), now(), now() from people where id % 40 = 0`.execute(db);
  await sql`insert into workshop_attendance (workshop_id, person_id, source, actor, marked_at) select ${workshop.id}, id, 'code', 'bench', now() from people where id % 80 = 0`.execute(db);
  await sql`insert into workshop_feedback (workshop_id, person_id, rating) select ${workshop.id}, id, 4 from people where id % 160 = 0`.execute(db);
  await sql`analyze`.execute(db);
  const checkins = await db.selectFrom('checkins').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  console.log(`seeded ${PEOPLE} people and ${checkins.n} check-ins (${PERIODS} periods) in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const staff = await db.insertInto('staff').values({ name: 'Bench', telegram_user_id: '7123456789' }).returning('id').executeTakeFirstOrThrow();
  const token = await createSession(db, staff.id, 'password', new Date(), { idleMs: 3_600_000, maxMs: 3_600_000 });
  const server = await buildWebServer(app);
  const request = async () => {
    const started = performance.now();
    const res = await server.inject({ method: 'GET', url: '/api/ringkasan', headers: { cookie: `wirabot_session=${token}` } });
    if (res.statusCode !== 200) throw new Error(`overview answered ${res.statusCode}`);
    return { ms: performance.now() - started, bytes: res.body.length };
  };
  const cold = await request();
  const warm: number[] = [];
  for (let i = 0; i < 10; i++) warm.push((await request()).ms);
  warm.sort((a, b) => a - b);

  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  console.log(`overview JSON (6 charts, ${cold.bytes} bytes): first ${cold.ms.toFixed(0)} ms, median ${percentile(warm, 50).toFixed(0)} ms, p95 ${percentile(warm, 95).toFixed(0)} ms`);

  await server.close();
  await app.close();
  await dropQueueKeys(prefix);
  await database.drop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
