import { sql, type Kysely } from 'kysely';

// Bulk messages (broadcasts, check-ins, reminders) are created by jobs that may run twice:
// a key per intended message makes the second run insert nothing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbound_messages').addColumn('dedupe_key', 'text').execute();
  await sql`create unique index outbound_dedupe_key on outbound_messages (dedupe_key) where dedupe_key is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbound_messages').dropColumn('dedupe_key').execute();
}
