import { sql, type Kysely } from 'kysely';

// Questions to staff (issue 12): a ticket per question a person asks, its messages both
// ways, the notices staff received about it (so a Telegram reply to a notice answers the
// ticket, and HAPUS DATA can erase them), and the FAQ kept in the database, seeded from the
// city's faq.json. An inbound message keeps which message it replied to and what kind of
// media it was.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table inbound_messages add column reply_to text, add column media text`.execute(db);

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('person_id', 'bigint', (c) => c.references('people.id'))
    .addColumn('identity_id', 'bigint', (c) => c.references('identities.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'closed')`))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('first_answer_at', 'timestamptz')
    .addColumn('taken_by_staff_id', 'bigint', (c) => c.references('staff.id'))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'text')
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create index tickets_open on tickets (opened_at) where status = 'open'`.execute(db);
  await sql`create index tickets_person on tickets (person_id, status)`.execute(db);
  await sql`create index tickets_identity on tickets (identity_id, status)`.execute(db);

  await db.schema
    .createTable('ticket_messages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
    .addColumn('author', 'text', (c) => c.notNull().check(sql`author in ('person', 'staff')`))
    .addColumn('staff_id', 'bigint', (c) => c.references('staff.id'))
    // Null once erased (HAPUS DATA).
    .addColumn('text', 'text')
    .addColumn('media', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index ticket_messages_ticket on ticket_messages (ticket_id, id)`.execute(db);

  await db.schema
    .createTable('ticket_notices')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
    .addColumn('staff_id', 'bigint', (c) => c.notNull().references('staff.id'))
    .addColumn('outbound_id', 'bigint', (c) => c.notNull().references('outbound_messages.id'))
    .execute();
  await sql`create index ticket_notices_ticket on ticket_notices (ticket_id)`.execute(db);
  await sql`create index ticket_notices_outbound on ticket_notices (outbound_id)`.execute(db);

  await db.schema
    .createTable('faq_entries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(40))
    // FaqEntry.match and .bare (src/engine/parse/vocabulary.ts), as JSON.
    .addColumn('match', 'jsonb', (c) => c.notNull())
    .addColumn('bare', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer_id', 'text', (c) => c.notNull())
    .addColumn('answer_en', 'text')
    .addColumn('source_ticket_id', 'bigint', (c) => c.references('tickets.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('removed_at', 'timestamptz')
    .execute();
  // Filled from the city's faq.json at every start (src/city/sync.ts seedFaq): a migration
  // reads no application code, so it also runs compiled from dist/migrations.
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('faq_entries').execute();
  await db.schema.dropTable('ticket_notices').execute();
  await db.schema.dropTable('ticket_messages').execute();
  await db.schema.dropTable('tickets').execute();
  await sql`alter table inbound_messages drop column reply_to, drop column media`.execute(db);
}
