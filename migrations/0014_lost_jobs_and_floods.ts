import { sql, type Kysely } from 'kysely';

// Which send job carries a queued outbox row. Redis without persistence can lose its jobs
// (a restart): the sweeper then finds `queued` rows whose job no longer exists, or has
// finished without sending them, and queues them again under a new job id. Rows queued
// before this migration have none; they are left to the old ten-minute hold limit.
//
// And floods: `backlog` is how many of the chat's messages from the 10 s before were still
// unanswered when a message was recorded (counted up to 20). Past 20 the message is
// coalesced: recorded and marked handled (`coalesced_at`) but not answered one by one; the
// chat gets one "mohon tunggu sebentar".

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbound_messages').addColumn('send_job_id', 'text').execute();
  await sql`create index outbound_queued_idx on outbound_messages (id) where status = 'queued'`.execute(db);
  await db.schema.alterTable('inbound_messages').addColumn('backlog', 'smallint').addColumn('coalesced_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inbound_messages').dropColumn('coalesced_at').dropColumn('backlog').execute();
  await sql`drop index if exists outbound_queued_idx`.execute(db);
  await db.schema.alterTable('outbound_messages').dropColumn('send_job_id').execute();
}
