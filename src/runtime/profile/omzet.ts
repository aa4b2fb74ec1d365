import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { periodAt } from '../../engine/checkin/period.js';

// `ubah omzet` after registration (issue 16, item 4): the sign-up figure stays as it was and
// the new figure is kept with its date. Given in the month of registration, it says the
// sign-up figure was wrong, and growth compares with it instead (see migration 0010).

const timeZone = (): string => process.env['TZ'] || 'Asia/Makassar';

export async function recordOmzetCorrection(trx: Kysely<Database>, personId: string, omzet: number, now: Date): Promise<void> {
  const period = periodAt(now, timeZone());
  await sql`
    insert into omzet_corrections (person_id, omzet, period, replaces_baseline, reported_at, source)
    select p.id, ${omzet}, ${period}, to_char(p.registered_at at time zone ${timeZone()}, 'YYYY-MM') = ${period}, ${now}, 'profile'
      from people p where p.id = ${personId}`.execute(trx);
}

export interface LatestOmzet {
  readonly omzet: number;
  readonly period: string;
}

/** The latest omzet reported (a check-in or a correction) with its month, per person. */
export async function latestOmzets(db: Kysely<Database>, personIds: readonly string[]): Promise<Map<string, LatestOmzet>> {
  if (personIds.length === 0) return new Map();
  const { rows } = await sql<{ id: string; omzet: string; period: string }>`
    select p.id, l.omzet, l.period
      from unnest(${personIds}::bigint[]) as p(id)
      cross join lateral latest_omzet(p.id) l`.execute(db);
  return new Map(rows.map((r) => [String(r.id), { omzet: Number(r.omzet), period: r.period }]));
}
