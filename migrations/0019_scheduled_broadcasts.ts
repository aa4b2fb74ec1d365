import { sql, type Kysely } from 'kysely';

// Scheduled announcements (issue 13): a broadcast can wait for a time (`scheduled`) and be
// cancelled before it goes (`cancelled`). The row is the truth: the periodic broadcast check
// starts a scheduled one once its time has come, so neither a restart nor a lost Redis loses it.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table broadcasts drop constraint broadcasts_status_check`.execute(db);
  await sql`alter table broadcasts
    add constraint broadcasts_status_check check (status in ('scheduled','approved','fanning_out','sending','finished','cancelled')),
    add column scheduled_at timestamptz,
    add column cancelled_at timestamptz`.execute(db);
  await sql`drop index if exists broadcasts_open_idx`.execute(db);
  await sql`create index broadcasts_open_idx on broadcasts (id) where status not in ('finished', 'cancelled')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists broadcasts_open_idx`.execute(db);
  await sql`create index broadcasts_open_idx on broadcasts (id) where status <> 'finished'`.execute(db);
  await sql`alter table broadcasts drop constraint broadcasts_status_check`.execute(db);
  await sql`alter table broadcasts drop column scheduled_at, drop column cancelled_at`.execute(db);
  await sql`alter table broadcasts add constraint broadcasts_status_check check (status in ('approved','fanning_out','sending','finished'))`.execute(db);
}
