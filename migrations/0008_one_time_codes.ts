import { sql, type Kysely } from 'kysely';

// One-time codes (src/codes/): staff invitations, linking a chat to a registration,
// dashboard sign-in. Only a keyed hash of a code is stored, never the code. A code is used
// once (`used_at`), until `expires_at`, and locks after `max_attempts` wrong codes typed for
// its subject. Wrong codes are also counted per subject or per sender in
// one_time_code_failures, so guessing is slowed however many codes are issued.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('one_time_codes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose ~ '^[a-z][a-z_]*$'`))
    // HMAC-SHA256 of purpose and code under a key kept outside the database, hex.
    .addColumn('code_hash', 'text', (c) => c.notNull().check(sql`code_hash ~ '^[0-9a-f]{64}$'`))
    // Whose code it is (a staff id, a person id), as text; null when bound to nobody.
    .addColumn('subject', 'text')
    .addColumn('meta', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().check(sql`max_attempts > 0`))
    .addColumn('used_at', 'timestamptz')
    .addColumn('locked_at', 'timestamptz')
    .addCheckConstraint('one_time_codes_expire_after_creation', sql`expires_at > created_at`)
    .execute();
  // No two live codes alike for one purpose (a used or locked one may be drawn again).
  await sql`create unique index one_time_codes_live_hash on one_time_codes (purpose, code_hash) where used_at is null and locked_at is null`.execute(db);
  await sql`create index one_time_codes_hash on one_time_codes (purpose, code_hash)`.execute(db);
  await sql`create index one_time_codes_subject on one_time_codes (purpose, subject) where used_at is null and locked_at is null`.execute(db);

  await db.schema
    .createTable('one_time_code_failures')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    // Who was being guessed (`subject:<id>`) or who was guessing (`by:<sender>`).
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index one_time_code_failures_key on one_time_code_failures (purpose, key, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('one_time_code_failures').execute();
  await db.schema.dropTable('one_time_codes').execute();
}
