import type { Kysely } from 'kysely';

// A line said after a message's choices ("Butuh bantuan? Ketik menu …" under the numbered
// options), kept apart from the text so each channel can put it below its list or keyboard.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbound_messages').addColumn('footer', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbound_messages').dropColumn('footer').execute();
}
