import { sql, type Kysely } from 'kysely';

// Invitations to imported people (issue 13): when the one invitation went to the number on
// record. Never a second one; at most IMPORT_INVITES_PER_DAY a day (a WITA day), counted here.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table people add column invited_at timestamptz`.execute(db);
  await sql`create index people_invited on people (invited_at) where invited_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists people_invited`.execute(db);
  await sql`alter table people drop column invited_at`.execute(db);
}
