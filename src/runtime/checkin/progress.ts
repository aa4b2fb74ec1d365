import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

// How far a period has got: one count per stage, for `checkin status` and the dashboard.

export const PROGRESS_COLUMNS = ['total', 'invited', 'waiting', 'skipped', 'completed', 'reminded1', 'reminded2'] as const;
export type PeriodProgress = Readonly<Record<(typeof PROGRESS_COLUMNS)[number], number>>;

export async function periodProgress(db: Kysely<Database>, period: string): Promise<PeriodProgress> {
  const { rows } = await sql<Record<string, string>>`
    select count(*) as total,
           count(*) filter (where invited_at is not null and skip_reason is null) as invited,
           count(*) filter (where invited_at is null and status = 'open') as waiting,
           count(*) filter (where skip_reason is not null) as skipped,
           count(*) filter (where status = 'completed') as completed,
           count(*) filter (where reminders_sent >= 1) as reminded1,
           count(*) filter (where reminders_sent >= 2) as reminded2
      from checkins where period = ${period}`.execute(db);
  const r = rows[0]!;
  return Object.fromEntries(PROGRESS_COLUMNS.map((k) => [k, Number(r[k])])) as PeriodProgress;
}
