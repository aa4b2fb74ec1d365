import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

// A person's omzet before a period, oldest first, as growth status compares it: the sign-up
// figure, then each completed report.

export async function omzetHistory(db: Kysely<Database>, personId: string, period: string): Promise<number[]> {
  const { rows } = await sql<{ baseline: string | null; reports: string[] }>`
    select p.baseline_omzet as baseline,
           array(select x.omzet from checkins x
                  where x.person_id = p.id and x.status = 'completed' and x.period < ${period} and x.omzet is not null
                  order by x.period) as reports
      from people p where p.id = ${personId}`.execute(db);
  const row = rows[0];
  if (!row) return [];
  return [...(row.baseline === null ? [] : [Number(row.baseline)]), ...row.reports.map(Number)];
}
