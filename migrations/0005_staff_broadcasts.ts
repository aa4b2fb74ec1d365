import { sql, type Kysely } from 'kysely';

// Office staff, what they did (the audit log), and their broadcasts. A chat belongs to a
// staff member when its platform-verified phone or its Telegram user id matches an active
// staff row; such chats are never people in segments, check-ins or reports.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone_e164', 'text')
    // A private Telegram chat's id is the user's id, so this is also the chat address.
    .addColumn('telegram_user_id', 'text')
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('removed_at', 'timestamptz')
    .addCheckConstraint('staff_has_identity', sql`phone_e164 is not null or telegram_user_id is not null`)
    .execute();
  await sql`create unique index staff_active_phone on staff (phone_e164) where removed_at is null and phone_e164 is not null`.execute(db);
  await sql`create unique index staff_active_telegram on staff (telegram_user_id) where removed_at is null and telegram_user_id is not null`.execute(db);

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('staff_id', 'bigint', (c) => c.references('staff.id'))
    // Who, in words: the staff member's name, or `cli:<os user>` for the command line.
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_staff_idx').on('audit_log').columns(['staff_id', 'id']).execute();

  await db.schema
    .createTable('broadcasts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('staff_id', 'bigint', (c) => c.references('staff.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('segment', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('approved').check(sql`status in ('approved','fanning_out','sending','finished')`),
    )
    // Fan-out walks people in id order; the last id done lets a killed fan-out resume.
    .addColumn('fanout_cursor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('recipients', 'integer')
    // Where the delivery summary goes: the chat the broadcast was confirmed from.
    .addColumn('notify_identity_id', 'bigint', (c) => c.references('identities.id').onDelete('set null'))
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('fanned_out_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await sql`create index broadcasts_open_idx on broadcasts (id) where status <> 'finished'`.execute(db);

  // A broadcast's messages carry the dedupe key `broadcast:<id>:<personId>`; the id as a
  // column makes "how did broadcast 12 go" an index lookup rather than a LIKE over the outbox.
  await sql`
    alter table outbound_messages add column broadcast_id bigint generated always as (
      case when dedupe_key ~ '^broadcast:[0-9]+:' then split_part(dedupe_key, ':', 2)::bigint end
    ) stored`.execute(db);
  await sql`create index outbound_broadcast_idx on outbound_messages (broadcast_id, status) where broadcast_id is not null`.execute(db);

  // People who are (also) staff: a chat of theirs is a staff identity, or their phone is a
  // staff phone. Segments, check-ins and reports leave them out.
  await sql`
    create view staff_people as
      select i.person_id
        from identities i
        join staff s on s.removed_at is null
         and ((i.verified_phone is not null and i.verified_phone = s.phone_e164)
           or (i.channel = 'telegram' and i.address = s.telegram_user_id))
       where i.person_id is not null
      union
      select p.id as person_id
        from people p
        join staff s on s.removed_at is null and p.phone_e164 = s.phone_e164`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists staff_people`.execute(db);
  await sql`drop index if exists outbound_broadcast_idx`.execute(db);
  await db.schema.alterTable('outbound_messages').dropColumn('broadcast_id').execute();
  for (const table of ['broadcasts', 'audit_log', 'staff']) await db.schema.dropTable(table).ifExists().execute();
}
