import { sql, type Kysely } from 'kysely';

// Understanding people as they write (issue 10):
// - people.business_activity: the person's own words for what they do ("jualan kue bingka"),
//   kept next to the sector it was read as, for staff to see.
// - understand_misses: answers the bot did not understand, with the question they answered
//   and nothing that links them to a person; digit runs are masked and the text cut before
//   it is written; purged after twelve months.
// - vocabulary_additions: words staff taught the bot (`understand add sector "jual pulsa"
//   perdagangan`), read on top of the city files.
// - vocabulary_version: one row, bumped with every addition, so every process notices a
//   change before its next turn and reloads the additions.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('business_activity', 'text').execute();

  await db.schema
    .createTable('understand_misses')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().check(sql`char_length(text) <= 200`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index understand_misses_question on understand_misses (question, at)`.execute(db);
  await sql`create index understand_misses_at on understand_misses (at)`.execute(db);

  await db.schema
    .createTable('vocabulary_additions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('sector', 'kecamatan', 'yes', 'no', 'rsvp')`))
    .addColumn('phrase', 'text', (c) => c.notNull().check(sql`char_length(phrase) between 1 and 100`))
    // A sector or kecamatan code, or `attend` / `withdraw` for rsvp; empty for yes and no.
    .addColumn('target', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('vocabulary_additions_once', ['kind', 'phrase'])
    .execute();

  await db.schema
    .createTable('vocabulary_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into vocabulary_version (id, version) values (1, 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('vocabulary_version').execute();
  await db.schema.dropTable('vocabulary_additions').execute();
  await db.schema.dropTable('understand_misses').execute();
  await db.schema.alterTable('people').dropColumn('business_activity').execute();
}
