import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { text } from '../../engine/core/text.js';
import type { OutgoingMessage, Text } from '../../engine/core/vocabulary.js';
import { statistics as engine } from '../../engine/statistics/index.js';
import type { StatisticsEvent } from '../../engine/statistics/vocabulary.js';
import type { Capability } from '../core/capability.js';
import { actorOf, say, type HandlersFor, type TurnScope } from '../core/handlers.js';
import { recordAudit } from '../staff/audit.js';

// `/statistik` as numbers: registered entrepreneurs (not erased, never staff) this month in
// the office's time zone and in all, by kecamatan. Opting out of announcements does not
// undo a registration, so those who stopped are counted.

interface KecamatanCount {
  readonly kecamatan: string | null;
  readonly month: number;
  readonly total: number;
}

async function registrations(db: Kysely<Database>, now: Date, timeZone: string): Promise<KecamatanCount[]> {
  const monthStart = sql`date_trunc('month', ${now}::timestamptz at time zone ${timeZone}) at time zone ${timeZone}`;
  const { rows } = await sql<KecamatanCount>`
    select k.name as kecamatan,
           (count(*) filter (where p.registered_at >= ${monthStart}))::int as month,
           count(*)::int as total
      from people p
      left join kecamatan k on k.id = p.kecamatan_id
     where p.member_no is not null and p.erased_at is null and p.merged_into is null
       and not exists (select 1 from staff_people sp where sp.person_id = p.id)
     group by k.name
     order by total desc, month desc, k.name nulls last`.execute(db);
  return rows;
}

function statisticsMessage(counts: readonly KecamatanCount[], render: (t: Text) => string): OutgoingMessage {
  const sum = (pick: (c: KecamatanCount) => number) => counts.reduce((n, c) => n + pick(c), 0);
  const summary = text('statistics.summary', { month: sum((c) => c.month), total: sum((c) => c.total) });
  if (counts.length === 0) return { text: [summary, text('statistics.none_yet')] };
  const lines = counts.map((c) => render(text('statistics.kecamatan_line', { kecamatan: c.kecamatan ?? { key: 'statistics.no_kecamatan' }, month: c.month, total: c.total })));
  return { text: [summary, text('statistics.by_kecamatan', { lines: lines.join('\n') })] };
}

function statisticsHandlers(timeZone: string): HandlersFor<StatisticsEvent> {
  return {
    async statistics_requested(scope: TurnScope, event) {
      const counts = await registrations(scope.trx, scope.now, timeZone);
      say(scope, statisticsMessage(counts, (t) => scope.renderer.render(scope.lang, t, scope.facts)));
      await recordAudit(scope.trx, { staffId: event.staffId, actor: actorOf(scope), action: 'statistics_viewed', details: {} }, scope.now);
    },
  };
}

export const statistics: Capability<StatisticsEvent> = {
  name: 'statistics',
  engine,
  setUp: (s) => ({ handlers: statisticsHandlers(s.config.TZ) }),
};
