import { sql, type Kysely } from 'kysely';

// The staff web dashboard (issue 13): staff get a role (`admin` may manage staff, announce to
// everyone and import; `operator` works with people and reports), an optional password
// (scrypt, set from the command line), and server-side sessions. Staff added before this
// migration were trusted with everything, so they become `admin`.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table staff
    add column role text not null default 'admin' check (role in ('admin', 'operator')),
    add column password_hash text`.execute(db);

  await db.schema
    .createTable('web_sessions')
    // SHA-256 of the cookie's random token: a copy of the table opens no session.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'bigint', (c) => c.notNull().references('staff.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('code', 'password')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .execute();
  await sql`create index web_sessions_staff on web_sessions (staff_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('web_sessions').execute();
  await sql`alter table staff drop column role, drop column password_hash`.execute(db);
}
