import type { GrowthStatus } from '../db/schema.js';
import { formatRupiah } from '../i18n.js';
import { monthName } from '../runtime/checkin/cli.js';
import { GROWTH_ORDER } from '../runtime/checkin/report.js';
import type { GrowthPoint, WorkshopGrowth } from '../runtime/workshop/growth.js';
import { html, type Html } from './html.js';
import type { Say } from './i18n.js';

// The Pelatihan page's before/after table (runtime/workshop/growth.ts): the counts per growth
// status and the median omzet on each side, the median change of those who reported on both,
// and one row per person present. What is missing says "belum ada data", never a zero.

const change = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });

export function growthSection(say: Say, statusWord: (s: GrowthStatus) => string, growth: WorkshopGrowth): Html {
  const noData = say('ws_growth_no_data');
  const month = monthName(growth.month);
  const head = html`<h2>${say('ws_growth')}</h2><p class="muted">${say('ws_growth_hint', { month })}</p>`;
  if (growth.people.length === 0) return html`<section class="card" id="growth">${head}<p class="muted">${say('ws_growth_none')}</p></section>`;
  const money = (n: number | null) => (n === null ? noData : formatRupiah(n));
  const point = (p: GrowthPoint | null) =>
    p === null ? noData : say('ws_growth_point', { omzet: money(p.omzet), status: p.status ? statusWord(p.status) : noData, month: monthName(p.period) });
  const personChange = (before: GrowthPoint | null, after: GrowthPoint | null) =>
    before?.omzet != null && after?.omzet != null && before.omzet > 0 ? change.format((after.omzet - before.omzet) / before.omzet) : noData;
  const statuses = [...GROWTH_ORDER, 'none' as const];
  return html`<section class="card" id="growth">${head}
    <div class="table-wrap"><table id="growth-summary"><thead><tr><th>${say('ws_growth_col_what')}</th><th>${say('ws_growth_col_before')}</th><th>${say('ws_growth_col_after')}</th></tr></thead><tbody>
      <tr data-row="reported"><th>${say('ws_growth_reported')}</th><td>${growth.before.reported}</td><td>${growth.after.reported}</td></tr>
      <tr data-row="median"><th>${say('ws_growth_median')}</th><td>${money(growth.before.medianOmzet)}</td><td>${money(growth.after.medianOmzet)}</td></tr>
      ${statuses.map(
        (s) => html`<tr data-row="${s}"><th>${s === 'none' ? noData : statusWord(s)}</th><td>${growth.before.statuses[s]}</td><td>${growth.after.statuses[s]}</td></tr>`,
      )}
    </tbody></table></div>
    <p id="growth-paired">${
      growth.paired.medianChange === null
        ? say('ws_growth_paired_none')
        : say('ws_growth_paired', { change: change.format(growth.paired.medianChange), count: growth.paired.count })
    }</p>
    <div class="table-wrap"><table id="growth-people"><thead><tr><th>${say('ws_growth_col_member')}</th><th>${say('ws_growth_col_name')}</th><th>${say('ws_growth_col_before')}</th><th>${say('ws_growth_col_after')}</th><th>${say('ws_growth_col_change')}</th></tr></thead><tbody>
      ${growth.people.map(
        (p) => html`<tr data-person="${p.personId}"><td>${p.memberNo ?? '-'}</td><td>${p.name ?? say('ws_growth_erased')}</td><td>${point(p.before)}</td><td>${point(p.after)}</td><td>${personChange(p.before, p.after)}</td></tr>`,
      )}
    </tbody></table></div></section>`;
}
