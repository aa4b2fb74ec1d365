import { sql, type Kysely } from 'kysely';

// What every turn needs but rarely changes (the vocabulary with staff additions, the FAQ,
// sectors and kecamatan) is kept in each process's memory (issue 14). A change, by any
// process or by hand in psql, is announced on the `wirabot_changes` channel by these
// statement triggers; a process listening drops its copy then. One not listening (its
// connection lost) asks the database each time, as before.

const WATCHED = [
  ['vocabulary_version', 'vocabulary'],
  ['faq_entries', 'faq'],
  ['sectors', 'references'],
  ['kecamatan', 'references'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function wirabot_notify_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('wirabot_changes', tg_argv[0]);
      return null;
    end $$`.execute(db);
  for (const [table, topic] of WATCHED) {
    await sql`create trigger ${sql.raw(`${table}_changed`)} after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function wirabot_notify_change(${sql.lit(topic)})`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table] of WATCHED) await sql`drop trigger if exists ${sql.raw(`${table}_changed`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function if exists wirabot_notify_change()`.execute(db);
}
