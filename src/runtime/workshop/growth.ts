import { sql, type Kysely } from 'kysely';
import type { Database, GrowthStatus } from '../../db/schema.js';
import type { WorkshopRow } from '../../db/workshop-schema.js';
import { GROWTH_ORDER, median } from '../checkin/report.js';
import { localDay } from './seats.js';

// "Does our training help?" for one workshop: for each person marked present, their omzet and
// growth status in the last check-in before the workshop's month and in the latest one after
// it. The workshop's own month is in neither (its report mixes days before and after). Missing
// reports stay missing (null): a guess would be a wrong number in the office's statistics.

export interface GrowthPoint {
  readonly period: string;
  readonly omzet: number | null;
  readonly status: GrowthStatus | null;
}

export interface GrowthPerson {
  readonly personId: string;
  readonly memberNo: string | null;
  /** Null once the person's data was erased. */
  readonly name: string | null;
  readonly before: GrowthPoint | null;
  readonly after: GrowthPoint | null;
}

export interface GrowthSide {
  /** People with an omzet in a report on this side. */
  readonly reported: number;
  readonly medianOmzet: number | null;
  /** Per growth status; `none` is those with no report or no status on this side. */
  readonly statuses: Readonly<Record<GrowthStatus | 'none', number>>;
}

export interface WorkshopGrowth {
  /** The workshop's month (`2026-11`), the line between before and after. */
  readonly month: string;
  readonly people: readonly GrowthPerson[];
  readonly before: GrowthSide;
  readonly after: GrowthSide;
  /** Those with an omzet on both sides: how many, and the median of their own change (0.125 = +12,5%). */
  readonly paired: { readonly count: number; readonly medianChange: number | null };
}

interface Row {
  person_id: string;
  member_no: string | null;
  full_name: string | null;
  before_period: string | null;
  before_omzet: string | null;
  before_status: GrowthStatus | null;
  after_period: string | null;
  after_omzet: string | null;
  after_status: GrowthStatus | null;
}

export async function workshopGrowth(db: Kysely<Database>, workshop: WorkshopRow, timeZone: string): Promise<WorkshopGrowth> {
  const month = localDay(workshop.starts_at, timeZone).slice(0, 7);
  // A check-in's own status, else the one computed for its period when that period closed.
  const report = (side: 'before' | 'after') => sql`
    select c.period, c.omzet, coalesce(c.growth_status, g.status) as status
      from checkins c
      left join growth_history g on g.person_id = c.person_id and g.period = c.period
     where c.person_id = p.id and c.status = 'completed' and ${side === 'before' ? sql`c.period < ${month}` : sql`c.period > ${month}`}
     order by c.period desc limit 1`;
  const { rows } = await sql<Row>`
    select p.id as person_id, p.member_no, p.full_name,
           b.period as before_period, b.omzet as before_omzet, b.status as before_status,
           l.period as after_period, l.omzet as after_omzet, l.status as after_status
      from workshop_attendance a
      join people p on p.id = a.person_id
      left join lateral (${report('before')}) b on true
      left join lateral (${report('after')}) l on true
     where a.workshop_id = ${workshop.id}
     order by p.member_no nulls last, p.id`.execute(db);
  const point = (period: string | null, omzet: string | null, status: GrowthStatus | null): GrowthPoint | null =>
    period === null ? null : { period, omzet: omzet === null ? null : Number(omzet), status };
  const people = rows.map((r) => ({
    personId: r.person_id,
    memberNo: r.member_no,
    name: r.full_name,
    before: point(r.before_period, r.before_omzet, r.before_status),
    after: point(r.after_period, r.after_omzet, r.after_status),
  }));
  return { month, people, before: side(people.map((p) => p.before)), after: side(people.map((p) => p.after)), paired: paired(people) };
}

function side(points: readonly (GrowthPoint | null)[]): GrowthSide {
  const omzets = points.flatMap((p) => (p?.omzet == null ? [] : [p.omzet])).sort((a, b) => a - b);
  const statuses = Object.fromEntries([...GROWTH_ORDER, 'none'].map((s) => [s, 0])) as Record<GrowthStatus | 'none', number>;
  for (const p of points) statuses[p?.status ?? 'none'] += 1;
  return { reported: omzets.length, medianOmzet: median(omzets), statuses };
}

function paired(people: readonly GrowthPerson[]): WorkshopGrowth['paired'] {
  // A zero omzet before has no percentage change: such a person is not in the median.
  const changes = people
    .flatMap((p) => (p.before?.omzet != null && p.after?.omzet != null && p.before.omzet > 0 ? [(p.after.omzet - p.before.omzet) / p.before.omzet] : []))
    .sort((a, b) => a - b);
  if (changes.length === 0) return { count: 0, medianChange: null };
  const mid = Math.floor(changes.length / 2);
  return { count: changes.length, medianChange: changes.length % 2 === 1 ? changes[mid]! : (changes[mid - 1]! + changes[mid]!) / 2 };
}
