import { sql, type Kysely } from 'kysely';

// `ubah omzet` after registration is a dated correction, not an overwrite of the sign-up
// figure (issue 16, item 4). A correction made in the month of registration says the sign-up
// figure was wrong, so growth compares with it instead; a later one is that month's omzet
// when no check-in reported the month. Two functions give every reader the same answer:
// omzet_history (what growth status compares, oldest first) and latest_omzet (what the
// profile and `people list` show, with its month).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('omzet_corrections')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('omzet', 'bigint', (c) => c.notNull().check(sql`omzet >= 0`))
    // The local month it was given in, YYYY-MM.
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period ~ '^\\d{4}-(0[1-9]|1[0-2])$'`))
    .addColumn('replaces_baseline', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('reported_at', 'timestamptz', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('profile'))
    .execute();
  await sql`create index omzet_corrections_person on omzet_corrections (person_id, period, reported_at)`.execute(db);

  await sql`
    create function omzet_history(pid bigint, before_period text)
    returns table (period text, omzet bigint, source text)
    language sql stable as $$
      select h.period, h.omzet, h.source from (
        select '0000-00'::text as period,
               coalesce(b.omzet, p.baseline_omzet) as omzet,
               'signup'::text as source
          from people p
          left join lateral (select c.omzet from omzet_corrections c
                              where c.person_id = p.id and c.replaces_baseline
                              order by c.reported_at desc, c.id desc limit 1) b on true
         where p.id = pid and p.baseline_omzet is not null
        union all
        select x.period, x.omzet, 'report'
          from checkins x
         where x.person_id = pid and x.status = 'completed' and x.period < before_period and x.omzet is not null
        union all
        select * from (
          select distinct on (c.period) c.period, c.omzet, 'correction'
            from omzet_corrections c
           where c.person_id = pid and not c.replaces_baseline and c.period < before_period
             and not exists (select 1 from checkins x where x.person_id = pid and x.status = 'completed' and x.period = c.period)
           order by c.period, c.reported_at desc, c.id desc
        ) later
      ) h
      order by h.period
    $$`.execute(db);

  await sql`
    create function latest_omzet(pid bigint)
    returns table (omzet bigint, period text, source text)
    language sql stable as $$
      select l.omzet, l.period, l.source from (
        select x.omzet, x.period, x.period as rank, x.completed_at as at, 'report'::text as source
          from checkins x where x.person_id = pid and x.status = 'completed' and x.omzet is not null
        union all
        -- A correction of the sign-up figure ranks before every report.
        select c.omzet, c.period, case when c.replaces_baseline then '0000-00' else c.period end, c.reported_at, 'correction'
          from omzet_corrections c where c.person_id = pid
      ) l
      order by l.rank desc, l.at desc
      limit 1
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists latest_omzet(bigint)`.execute(db);
  await sql`drop function if exists omzet_history(bigint, text)`.execute(db);
  await db.schema.dropTable('omzet_corrections').execute();
}
