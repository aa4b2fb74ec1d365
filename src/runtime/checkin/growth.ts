import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { growthStatus, type GrowthSettings } from '../../engine/checkin/growth.js';
import { shiftPeriod } from '../../engine/checkin/period.js';

// When a period closes, everyone's growth status as of that period is computed from the
// reports they made up to it (the sign-up baseline first, profile corrections in months
// without a report) and kept: in growth_history for
// charts, and in people.growth_status for broadcast segments. Run again, it writes the same.

const BATCH = 2000;

interface ReportRow {
  id: string;
  /** The sign-up figure, then each month's report or correction, up to the period (omzet_history). */
  reports: string[];
}

export async function computeGrowthForPeriod(db: Kysely<Database>, settings: GrowthSettings, period: string): Promise<number> {
  const row = await db.selectFrom('checkin_periods').select(['closed_at']).where('period', '=', period).executeTakeFirst();
  if (!row?.closed_at) return 0;
  const closedAt = row.closed_at;
  let cursor = '0';
  let computed = 0;
  for (;;) {
    const { rows } = await sql<ReportRow>`
      select p.id,
             array(select h.omzet from omzet_history(p.id, ${shiftPeriod(period, 1)}) h order by h.period) as reports
        from people p
       where p.id > ${cursor} and p.baseline_omzet is not null and p.registered_at <= ${closedAt} and p.merged_into is null
       order by p.id limit ${BATCH}`.execute(db);
    if (rows.length === 0) break;
    await store(db, rows, settings, period, closedAt);
    computed += rows.length;
    cursor = rows.at(-1)!.id;
  }
  await db.updateTable('checkin_periods').set({ growth_done_at: new Date() }).where('period', '=', period).execute();
  return computed;
}

async function store(db: Kysely<Database>, rows: readonly ReportRow[], settings: GrowthSettings, period: string, closedAt: Date): Promise<void> {
  const results = rows.map((r) => {
    const reports = r.reports.map(Number);
    return { id: r.id, reports: reports.length, ...growthStatus(reports, settings) };
  });
  const ids = results.map((r) => r.id);
  const statuses = results.map((r) => r.status);
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into growth_history (person_id, period, status, recent_average, previous_average, reports)
      select v.id, ${period}, v.status, v.recent, v.previous, v.reports
        from unnest(${ids}::bigint[], ${statuses}::text[], ${results.map((r) => r.recentAverage)}::bigint[],
                    ${results.map((r) => r.previousAverage)}::bigint[], ${results.map((r) => r.reports)}::int[]) as v(id, status, recent, previous, reports)
      on conflict (person_id, period) do update
        set status = excluded.status, recent_average = excluded.recent_average,
            previous_average = excluded.previous_average, reports = excluded.reports, computed_at = now()`.execute(trx);
    // A status already set by a check-in of the next period is newer: leave it.
    await sql`
      update people p set growth_status = v.status, growth_status_at = ${closedAt}
        from unnest(${ids}::bigint[], ${statuses}::text[]) as v(id, status)
       where p.id = v.id and p.erased_at is null and (p.growth_status_at is null or p.growth_status_at <= ${closedAt})`.execute(trx);
  });
}
