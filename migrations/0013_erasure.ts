import { sql, type Kysely } from 'kysely';

// What `HAPUS DATA` and a refused consent need (issue 11, items 4 and 5):
// - `mentions` on the messages of a turn that named people other than the chat's own
//   (a staff member's `/pelatihan hadir 1 BJM-000001`, its reply, a preview, a report), by
//   person id, so erasing someone can scrub exactly those texts;
// - `consent_refusals`: a chat that said no to the consent, kept only as a keyed hash of
//   its address and the day, once everything else of that chat is gone.
// Platform message ids written from now on are keyed hashes (`k1:` …); the ones written
// before keep their form until their chat is erased, which hashes them too.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbound_messages').addColumn('mentions', sql`bigint[]`).execute();
  await db.schema.alterTable('inbound_messages').addColumn('mentions', sql`bigint[]`).execute();
  await sql`create index outbound_mentions_idx on outbound_messages using gin (mentions) where mentions is not null`.execute(db);
  await sql`create index inbound_mentions_idx on inbound_messages using gin (mentions) where mentions is not null`.execute(db);
  await db.schema
    .createTable('consent_refusals')
    .addColumn('chat_key', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('refused_on', 'date', (c) => c.notNull())
    .execute();
  // The sign-up draft purge looks for old chats that never became a person.
  await sql`create index identities_unregistered_seen_idx on identities (last_seen_at) where person_id is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists identities_unregistered_seen_idx`.execute(db);
  await db.schema.dropTable('consent_refusals').execute();
  await sql`drop index if exists inbound_mentions_idx`.execute(db);
  await sql`drop index if exists outbound_mentions_idx`.execute(db);
  await db.schema.alterTable('inbound_messages').dropColumn('mentions').execute();
  await db.schema.alterTable('outbound_messages').dropColumn('mentions').execute();
}
