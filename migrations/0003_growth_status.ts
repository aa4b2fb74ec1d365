import { sql, type Kysely } from 'kysely';

// The latest growth status per person (berkembang, stagnan, menurun, belum_cukup_data),
// written when a check-in period closes and read by broadcast segments.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('people')
    .addColumn('growth_status', 'text', (c) => c.check(sqlIn(['berkembang', 'stagnan', 'menurun', 'belum_cukup_data'])))
    .addColumn('growth_status_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('growth_status').dropColumn('growth_status_at').execute();
}

function sqlIn(values: string[]) {
  return sql`growth_status is null or growth_status in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
