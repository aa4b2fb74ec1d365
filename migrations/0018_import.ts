import { sql, type Kysely } from 'kysely';

// Importing the office's existing register (issue 13): an imported person is "diundang, belum
// setuju" — on record with a typed (not vouched for) number, no chat and no consent. Nothing is
// sent to them until staff send the invitation, which asks for consent.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table people
    add column imported_at timestamptz,
    add column consent_pending boolean not null default false`.execute(db);
  await sql`create index people_imported on people (imported_at) where imported_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists people_imported`.execute(db);
  await sql`alter table people drop column imported_at, drop column consent_pending`.execute(db);
}
