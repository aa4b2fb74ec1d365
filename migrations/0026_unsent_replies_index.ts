import { sql, type Kysely } from 'kysely';

// "Is an earlier reply to this chat still unsent?" is asked for every reply written by a
// turn (outbox/direct.ts) and for every row a send job takes (outbox/deliver.ts). Through
// the chat's whole history that is a scan of every message it was ever sent; this index
// holds only the few rows still waiting to go.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index outbound_unsent_by_chat_idx on outbound_messages (identity_id, id) where status in ('pending', 'queued')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbound_unsent_by_chat_idx`.execute(db);
}
