import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { GrowthStatus } from '../../engine/checkin/growth.js';

// The figures of one period for staff: who was asked, who reported, what they reported.
// Loaded once (one row per check-in) and summed here, so the overall line and every
// breakdown are computed the same way.

export interface CheckinFact {
  readonly sector: string | null;
  readonly sectorOrder: number;
  readonly kecamatan: string | null;
  readonly kecamatanOrder: number;
  /** Asked (or reported without being asked); a row skipped at invitation time is not. */
  readonly invited: boolean;
  readonly completed: boolean;
  readonly omzet: number | null;
  readonly growth: GrowthStatus | null;
}

export interface CheckinSummary {
  readonly label: string;
  readonly invited: number;
  readonly reported: number;
  /** Reported / invited, 0–1; null when nobody was invited. */
  readonly responseRate: number | null;
  readonly medianOmzet: number | null;
  readonly totalOmzet: number;
  readonly growth: Readonly<Record<GrowthStatus, number>>;
}

export const GROWTH_ORDER: readonly GrowthStatus[] = ['berkembang', 'stagnan', 'menurun', 'belum_cukup_data'];

export async function loadCheckinFacts(db: Kysely<Database>, period: string): Promise<CheckinFact[]> {
  const { rows } = await sql<{ sector: string | null; sector_order: number | null; kecamatan: string | null; kecamatan_order: number | null; invited: boolean; completed: boolean; omzet: string | null; growth: GrowthStatus | null }>`
    select s.name as sector, s.sort_order as sector_order, k.name as kecamatan, k.sort_order as kecamatan_order,
           (ck.skip_reason is null or ck.status = 'completed') as invited, ck.status = 'completed' as completed,
           ck.omzet, ck.growth_status as growth
      from checkins ck
      join people p on p.id = ck.person_id
      left join sectors s on s.id = p.sector_id
      left join kecamatan k on k.id = p.kecamatan_id
     where ck.period = ${period}
       and not exists (select 1 from staff_people sp where sp.person_id = p.id)`.execute(db);
  return rows.map((r) => ({
    sector: r.sector,
    sectorOrder: r.sector_order ?? Number.MAX_SAFE_INTEGER,
    kecamatan: r.kecamatan,
    kecamatanOrder: r.kecamatan_order ?? Number.MAX_SAFE_INTEGER,
    invited: r.invited,
    completed: r.completed,
    omzet: r.omzet === null ? null : Number(r.omzet),
    growth: r.growth,
  }));
}

export function summarize(label: string, facts: readonly CheckinFact[]): CheckinSummary {
  const invited = facts.filter((f) => f.invited).length;
  const reports = facts.filter((f) => f.completed);
  const omzets = reports.flatMap((f) => (f.omzet === null ? [] : [f.omzet])).sort((a, b) => a - b);
  const growth = Object.fromEntries(GROWTH_ORDER.map((s) => [s, reports.filter((f) => f.growth === s).length])) as Record<GrowthStatus, number>;
  return {
    label,
    invited,
    reported: reports.length,
    responseRate: invited === 0 ? null : reports.length / invited,
    medianOmzet: median(omzets),
    totalOmzet: omzets.reduce((a, b) => a + b, 0),
    growth,
  };
}

/** One summary per group, in the reference lists' order; people without one come last as "-". */
export function summarizeBy(facts: readonly CheckinFact[], by: 'sector' | 'kecamatan'): CheckinSummary[] {
  const groups = new Map<string, { order: number; facts: CheckinFact[] }>();
  for (const fact of facts) {
    const label = fact[by] ?? '-';
    const order = by === 'sector' ? fact.sectorOrder : fact.kecamatanOrder;
    const group = groups.get(label) ?? { order, facts: [] };
    group.facts.push(fact);
    groups.set(label, group);
  }
  return [...groups.entries()].sort(([a, x], [b, y]) => x.order - y.order || a.localeCompare(b)).map(([label, g]) => summarize(label, g.facts));
}

export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
