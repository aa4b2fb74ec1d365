import { sql, type Kysely } from 'kysely';

// Merging two records of the same person (issue 13): the record that was merged away stays,
// pointing at the one kept (`merged_into`), so nothing disappears silently and its member
// number still leads somewhere. Its chats, reports, consents and workshops moved to the kept one.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table people
    add column merged_into bigint references people(id),
    add column merged_at timestamptz,
    add constraint people_merged_not_self check (merged_into is null or merged_into <> id)`.execute(db);
  await sql`create index people_merged_into on people (merged_into) where merged_into is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists people_merged_into`.execute(db);
  await sql`alter table people drop constraint people_merged_not_self, drop column merged_at, drop column merged_into`.execute(db);
}
