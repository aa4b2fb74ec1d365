import { sql, type Kysely } from 'kysely';

// Workshops (pelatihan): the workshop, who was invited by which announcement, who took a
// seat or a place on the waiting list, who came, and what they thought of it. A seat is
// a row in workshop_rsvps; the workshop row is the lock every seat change takes, so the
// count of confirmed seats never passes the capacity however many people answer at once.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workshops')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity > 0`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','cancelled')`))
    // Goes up when the time changes: reminder and feedback jobs of an older version do nothing.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    // The code attendees type on the day (`KODE 4821`); made when staff first ask for it.
    .addColumn('attendance_code', 'text', (c) => c.check(sql`attendance_code ~ '^[0-9]{4}$'`))
    .addColumn('staff_id', 'bigint', (c) => c.references('staff.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    // The staff chat it was created from: told when the seats are full.
    .addColumn('notify_identity_id', 'bigint', (c) => c.references('identities.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('feedback_done_at', 'timestamptz')
    .addCheckConstraint('workshops_ends_after_start', sql`ends_at > starts_at`)
    .execute();
  await sql`create index workshops_open_idx on workshops (starts_at) where status = 'open'`.execute(db);

  await db.schema
    .createTable('workshop_rsvps')
    .addColumn('workshop_id', 'bigint', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('confirmed','waiting','cancelled')`))
    // Order on the waiting list: a new number each time someone joins it.
    .addColumn('waiting_seq', 'bigint')
    // The chat the person answered from: promotions and reminders go there while it is reachable.
    .addColumn('identity_id', 'bigint', (c) => c.references('identities.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('promoted_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addPrimaryKeyConstraint('workshop_rsvps_pkey', ['workshop_id', 'person_id'])
    .execute();
  await sql`create sequence workshop_waiting_seq`.execute(db);
  await sql`create index workshop_rsvps_status_idx on workshop_rsvps (workshop_id, status, waiting_seq)`.execute(db);
  await sql`create index workshop_rsvps_person_idx on workshop_rsvps (person_id) where status <> 'cancelled'`.execute(db);

  await db.schema
    .createTable('workshop_announcements')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('workshop_id', 'bigint', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('staff_id', 'bigint', (c) => c.references('staff.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('segment', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('approved').check(sql`status in ('approved','fanning_out','done')`))
    // People are invited in id order; the last one done lets a killed fan-out resume.
    .addColumn('fanout_cursor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('recipients', 'integer')
    .addColumn('notify_identity_id', 'bigint', (c) => c.references('identities.id').onDelete('set null'))
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('done_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('workshop_invitations')
    .addColumn('workshop_id', 'bigint', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('announcement_id', 'bigint', (c) => c.notNull().references('workshop_announcements.id').onDelete('cascade'))
    .addColumn('identity_id', 'bigint', (c) => c.references('identities.id').onDelete('set null'))
    .addColumn('invited_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('workshop_invitations_pkey', ['workshop_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('workshop_attendance')
    .addColumn('workshop_id', 'bigint', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('code','staff')`))
    .addColumn('staff_id', 'bigint', (c) => c.references('staff.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('marked_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('workshop_attendance_pkey', ['workshop_id', 'person_id'])
    .execute();
  // The segment "not attended any workshop yet" asks this for every candidate.
  await sql`create index workshop_attendance_person_idx on workshop_attendance (person_id)`.execute(db);

  await db.schema
    .createTable('workshop_feedback')
    .addColumn('workshop_id', 'bigint', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('identity_id', 'bigint', (c) => c.references('identities.id').onDelete('set null'))
    .addColumn('asked_at', 'timestamptz')
    .addColumn('rating', 'smallint', (c) => c.check(sql`rating between 1 and 5`))
    // Free text; erased with the person's personal data.
    .addColumn('comment', 'text')
    .addColumn('answered_at', 'timestamptz')
    .addPrimaryKeyConstraint('workshop_feedback_pkey', ['workshop_id', 'person_id'])
    .execute();

  // A reminder round (workshop, version, how long before the start) that went out: the
  // periodic check never queues it again, and a re-run sends nothing twice.
  await db.schema
    .createTable('workshop_reminder_runs')
    .addColumn('workshop_id', 'bigint', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('before_ms', 'bigint', (c) => c.notNull())
    .addColumn('reminded', 'integer', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('workshop_reminder_runs_pkey', ['workshop_id', 'version', 'before_ms'])
    .execute();

  // Every message about a workshop carries the dedupe key `workshop:<id>:<kind>:…`. The id as
  // a column finds the unsent ones of a workshop (to skip them when it is cancelled, or a
  // reminder when its person cancelled) without a scan of the whole outbox.
  await sql`
    alter table outbound_messages add column workshop_id bigint generated always as (
      case when dedupe_key ~ '^workshop:[0-9]+:' then split_part(dedupe_key, ':', 2)::bigint end
    ) stored`.execute(db);
  await sql`create index outbound_workshop_idx on outbound_messages (workshop_id, status) where workshop_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbound_workshop_idx`.execute(db);
  await db.schema.alterTable('outbound_messages').dropColumn('workshop_id').execute();
  for (const table of ['workshop_reminder_runs', 'workshop_feedback', 'workshop_attendance', 'workshop_invitations', 'workshop_announcements', 'workshop_rsvps', 'workshops']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop sequence if exists workshop_waiting_seq`.execute(db);
}
