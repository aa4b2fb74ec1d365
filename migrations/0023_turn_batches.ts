import { sql, type Kysely } from 'kysely';

// Turns in batches (issue 14). A flood's messages are coalesced a run at a time, which
// empties the chat's backlog at once; so the flood rule counts the chat's recently coalesced
// messages too (or a flooding chat would be answered again the moment its run was coalesced).
// This small partial index finds them.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index inbound_coalesced_idx on inbound_messages (identity_id, received_at) where coalesced_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists inbound_coalesced_idx`.execute(db);
}
