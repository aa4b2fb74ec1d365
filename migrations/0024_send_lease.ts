import type { Kysely } from 'kysely';

// Who is sending a row right now. A send job that Redis lost (a restart without persistence)
// may still be running in its worker when the sweeper, seeing no job, queues its rows again:
// two jobs would then send the same row. Before sending, a job takes the row until
// `sending_until`; another job finds it taken and waits until it is sent or the lease has
// lapsed (its worker died half-way: the only duplicate allowed).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbound_messages').addColumn('sending_until', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbound_messages').dropColumn('sending_until').execute();
}
