import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CsvRow } from '../cli/csv.js';
import type { Say } from './i18n.js';

// The Ringkasan charts. Each is a small table (columns with headers, rows) computed by one
// SQL statement: the browser draws it with ECharts and the same table is the CSV download.

export type ChartKind = 'bar' | 'line' | 'pie' | 'stacked' | 'funnel';

export interface ChartTable {
  readonly id: ChartId;
  readonly title: string;
  readonly kind: ChartKind;
  readonly columns: readonly { key: string; header: string }[];
  readonly rows: readonly CsvRow[];
}

const STATUSES = ['berkembang', 'stagnan', 'menurun', 'belum_cukup_data', 'none'] as const;

interface ChartDef {
  readonly title: string;
  readonly kind: ChartKind;
  build(db: Kysely<Database>, say: Say, timeZone: string): Promise<Pick<ChartTable, 'columns' | 'rows'>>;
}

/** Registered, not erased: the people the office counts. */
// A record merged into another (runtime/profile/merge.ts) is the same person: counted once, as the kept one.
const REGISTERED = sql`p.member_no is not null and p.erased_at is null and p.merged_into is null`;

const CHARTS = {
  registrations: {
    title: 'chart_registrations',
    kind: 'bar',
    async build(db, say, timeZone) {
      const { rows } = await sql<{ month: string; n: string }>`
        select to_char(p.registered_at at time zone ${timeZone}, 'YYYY-MM') as month, count(*) as n
          from people p where ${REGISTERED}
         group by 1 order by 1 desc limit 24`.execute(db);
      return {
        columns: [{ key: 'month', header: say('col_month') }, { key: 'registrations', header: say('col_registrations') }],
        rows: rows.reverse().map((r) => ({ month: r.month, registrations: Number(r.n) })),
      };
    },
  },
  response_rate: {
    title: 'chart_response_rate',
    kind: 'pie',
    async build(db, say) {
      const { rows } = await sql<{ period: string; invited: string; answered: string }>`
        with latest as (select period from checkin_periods order by period desc limit 1)
        select latest.period,
               count(c.id) filter (where c.invited_at is not null) as invited,
               count(c.id) filter (where c.invited_at is not null and c.status = 'completed') as answered
          from latest left join checkins c on c.period = latest.period
         group by latest.period`.execute(db);
      return {
        columns: [
          { key: 'period', header: say('col_period') },
          { key: 'invited', header: say('col_invited') },
          { key: 'answered', header: say('col_answered') },
          { key: 'rate', header: say('col_rate') },
        ],
        rows: rows.map((r) => {
          const invited = Number(r.invited);
          const answered = Number(r.answered);
          return { period: r.period, invited, answered, rate: invited > 0 ? Math.round((answered / invited) * 1000) / 10 : 0 };
        }),
      };
    },
  },
  growth_kecamatan: {
    title: 'chart_growth_kecamatan',
    kind: 'stacked',
    build: (db, say) => growthBy(db, say, 'kecamatan'),
  },
  growth_sector: {
    title: 'chart_growth_sector',
    kind: 'stacked',
    build: (db, say) => growthBy(db, say, 'sectors'),
  },
  median_omzet: {
    title: 'chart_median_omzet',
    kind: 'line',
    async build(db, say) {
      const { rows } = await sql<{ period: string; median: string | null; n: string }>`
        select period, percentile_cont(0.5) within group (order by omzet) as median, count(*) as n
          from checkins where status = 'completed' and omzet is not null
         group by period order by period desc limit 24`.execute(db);
      return {
        columns: [
          { key: 'period', header: say('col_period') },
          { key: 'median_omzet', header: say('col_median_omzet') },
          { key: 'reports', header: say('col_reports') },
        ],
        rows: rows.reverse().map((r) => ({ period: r.period, median_omzet: r.median === null ? null : Math.round(Number(r.median)), reports: Number(r.n) })),
      };
    },
  },
  funnel: {
    title: 'chart_funnel',
    kind: 'funnel',
    async build(db, say) {
      const { rows } = await sql<{ invited: string; registered: string; present: string; rated: string }>`
        select (select count(*) from (select distinct workshop_id, person_id from workshop_invitations) i) as invited,
               (select count(*) from workshop_rsvps where status = 'confirmed' or confirmed_at is not null) as registered,
               (select count(*) from workshop_attendance) as present,
               (select count(*) from workshop_feedback where rating is not null) as rated`.execute(db);
      const r = rows[0]!;
      return {
        columns: [{ key: 'stage', header: say('col_stage') }, { key: 'count', header: say('col_count') }],
        rows: (['invited', 'registered', 'present', 'rated'] as const).map((stage) => ({ stage: say(`funnel_${stage}`), count: Number(r[stage]) })),
      };
    },
  },
} satisfies Record<string, ChartDef>;

export type ChartId = keyof typeof CHARTS;
export const CHART_IDS = Object.keys(CHARTS) as ChartId[];

export function isChartId(value: string): value is ChartId {
  return Object.hasOwn(CHARTS, value);
}

async function growthBy(db: Kysely<Database>, say: Say, table: 'kecamatan' | 'sectors'): Promise<Pick<ChartTable, 'columns' | 'rows'>> {
  const column = table === 'kecamatan' ? sql.ref('p.kecamatan_id') : sql.ref('p.sector_id');
  const { rows } = await sql<{ name: string | null; status: string | null; n: string }>`
    select g.name, p.growth_status as status, count(*) as n
      from people p left join ${sql.table(table)} g on g.id = ${column}
     where ${REGISTERED}
     group by g.name, g.sort_order, p.growth_status
     order by g.sort_order nulls last, g.name`.execute(db);
  const groups = new Map<string, CsvRow>();
  for (const r of rows) {
    const name = r.name ?? say('none');
    const row = groups.get(name) ?? Object.fromEntries([['group', name], ...STATUSES.map((s) => [s, 0])]);
    row[r.status ?? 'none'] = Number(row[r.status ?? 'none'] ?? 0) + Number(r.n);
    groups.set(name, row);
  }
  return {
    columns: [{ key: 'group', header: say('col_group') }, ...STATUSES.map((s) => ({ key: s, header: say(`status_${s}`) }))],
    rows: [...groups.values()],
  };
}

export async function chartTable(db: Kysely<Database>, id: ChartId, say: Say, timeZone: string): Promise<ChartTable> {
  const def: ChartDef = CHARTS[id];
  const table = await def.build(db, say, timeZone);
  return { id, title: say(def.title), kind: def.kind, ...table };
}

export function overview(db: Kysely<Database>, say: Say, timeZone: string): Promise<ChartTable[]> {
  return Promise.all(CHART_IDS.map((id) => chartTable(db, id, say, timeZone)));
}
