import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { App } from '../app.js';
import { writeCsv, type CsvRow } from '../cli/csv.js';
import { isPeriod } from '../engine/checkin/period.js';
import { OMZET_QUESTION } from '../engine/checkin/survey.js';
import { text } from '../engine/core/text.js';
import { formatRupiah } from '../i18n.js';
import { monthName } from '../runtime/checkin/cli.js';
import { checkinVocabulary, SurveyStore } from '../runtime/checkin/context.js';
import { CheckinFixError, fixCheckinAnswer } from '../runtime/checkin/fix.js';
import { growthSettings, openCheckinPeriod } from '../runtime/checkin/jobs.js';
import { CheckinPeriodError } from '../runtime/checkin/periods.js';
import { PROGRESS_COLUMNS, periodProgress } from '../runtime/checkin/progress.js';
import { GROWTH_ORDER, loadCheckinFacts, summarize, summarizeBy, type CheckinSummary } from '../runtime/checkin/report.js';
import { recordAudit } from '../runtime/staff/audit.js';
import { html, type Html } from './html.js';
import type { Say } from './i18n.js';
import { layout, message, type PageContext } from './pages.js';
import { writeXlsx, XLSX_TYPE } from './xlsx.js';

// Laporan bulanan: the check-in periods, opening one (admin; the same action as
// `checkin open`), a period's progress (`checkin status`), its report overall, by sector and
// by kecamatan (`checkin report`), the report as CSV or XLSX, and correcting one answer
// (`checkin fix`, which audits the change itself).

export interface ReportDeps {
  readonly app: App;
  readonly say: Say;
  readonly ctx: (request: FastifyRequest) => PageContext;
  readonly html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  readonly actor: (request: FastifyRequest) => string;
}

const openForm = z.object({ period: z.string().max(20).default('') });
const fixForm = z.object({ member_no: z.string().max(40).default(''), question: z.string().max(60).default(''), value: z.string().max(200).default(''), force: z.string().optional() });
const percent = new Intl.NumberFormat('id-ID', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const SUMMARY_KEYS = ['col_total', 'col_reported', 'col_response', 'col_median', 'col_omzet_total', ...GROWTH_ORDER.map((g) => `col_${g}`)];

interface Section {
  readonly kind: 'summary' | 'by_sector' | 'by_kecamatan';
  readonly rows: readonly CheckinSummary[];
}

export function registerReport(server: FastifyInstance, deps: ReportDeps): void {
  const { app, say } = deps;
  const db = app.database.db;
  const clock = app.services.clock;
  const surveys = new SurveyStore();
  const cli = (key: string, params?: Record<string, string | number>) => app.renderer.render('id', text(`checkin.cli.${key}`, params));
  const when = (d: Date | null) => (d ? new Intl.DateTimeFormat('id-ID', { timeZone: app.config.TZ, dateStyle: 'medium', timeStyle: 'short' }).format(d) : say('none'));
  const audit = (request: FastifyRequest, action: string, details: Record<string, unknown>) =>
    recordAudit(db, { staffId: request.session!.staff.id, actor: deps.actor(request), action, details }, clock());
  const page = (request: FastifyRequest, reply: FastifyReply, title: string, body: Html, status = 200) => deps.html(reply, layout(deps.ctx(request), title, body), status);
  const problem = (request: FastifyRequest, reply: FastifyReply, words: string, status: number) =>
    page(request, reply, say('report_title'), html`<section class="card narrow">${message(words)}<p><a href="/laporan">${say('report_back')}</a></p></section>`, status);

  const sections = async (period: string): Promise<Section[]> => {
    const facts = await loadCheckinFacts(db, period);
    return [
      { kind: 'summary', rows: [summarize(cli('everyone'), facts)] },
      { kind: 'by_sector', rows: summarizeBy(facts, 'sector') },
      { kind: 'by_kecamatan', rows: summarizeBy(facts, 'kecamatan') },
    ];
  };

  server.get<{ Querystring: { ok?: string } }>('/laporan', async (request, reply) => {
    const periods = await db.selectFrom('checkin_periods').selectAll().orderBy('period', 'desc').execute();
    const progress = await Promise.all(periods.map((p) => periodProgress(db, p.period)));
    const ctx = deps.ctx(request);
    const opened = typeof request.query.ok === 'string' && isPeriod(request.query.ok) ? say('report_opened', { period: request.query.ok }) : null;
    return page(
      request,
      reply,
      say('report_title'),
      html`<h1>${say('report_title')}</h1>${message(opened, 'info')}
      <div class="table-wrap"><table id="periods"><thead><tr><th>${say('col_period')}</th><th>${say('report_col_opened')}</th><th>${say('report_col_state')}</th>
        <th>${cli('col_total')}</th><th>${cli('col_completed')}</th></tr></thead><tbody>
      ${periods.map((p, i) => {
        const pr = progress[i]!;
        return html`<tr data-period="${p.period}"><td><a href="/laporan/${p.period}">${monthName(p.period)}</a> <span class="muted">${p.period}</span></td><td>${when(p.opened_at)}</td>
          <td>${p.closed_at ? say('report_closed', { when: when(p.closed_at) }) : say('report_open')}</td><td>${pr.total}</td><td>${pr.completed}</td></tr>`;
      })}
      </tbody></table></div>${periods.length === 0 ? html`<p class="muted">${say('report_none')}</p>` : ''}
      ${
        ctx.session!.staff.role === 'admin'
          ? html`<section class="card narrow"><h2>${say('report_open_title')}</h2><p class="muted">${say('report_open_hint')}</p>
        <form method="post" action="/laporan/buka" class="stack"><input type="hidden" name="_csrf" value="${ctx.session!.csrfToken}">
          <label>${say('report_open_period')}<input name="period" id="open-period" placeholder="2026-11" pattern="\\d{4}-\\d{2}" required maxlength="7"></label>
          <button type="submit" id="open">${say('report_open_button')}</button></form></section>`
          : ''
      }`,
    );
  });

  server.post('/laporan/buka', { config: { admin: true } }, async (request, reply) => {
    const body = openForm.safeParse(request.body);
    const period = body.success ? body.data.period.trim() : '';
    if (!isPeriod(period)) return problem(request, reply, cli('not_a_period', { period: period.slice(0, 20) }), 400);
    const turnDeps = app.runtime.turnDeps;
    try {
      const opened = await openCheckinPeriod({ db, queues: app.queues, turnDeps, config: app.config, log: app.log }, period, `web:staff:${request.session!.staff.id}`);
      await audit(request, 'checkin_period_opened', { period, created: opened.created, closed: opened.closed, by: 'web' });
    } catch (error) {
      if (!(error instanceof CheckinPeriodError)) throw error;
      return problem(request, reply, error.message, 409);
    }
    return reply.redirect(`/laporan?ok=${period}`, 303);
  });

  server.get<{ Params: { period: string }; Querystring: { ok?: string } }>('/laporan/:period', async (request, reply) => {
    const { period } = request.params;
    if (!isPeriod(period)) return problem(request, reply, cli('not_a_period', { period: period.slice(0, 20) }), 400);
    const row = await db.selectFrom('checkin_periods').selectAll().where('period', '=', period).executeTakeFirst();
    if (!row) return problem(request, reply, cli('never_opened', { period }), 404);
    const [progress, report] = await Promise.all([periodProgress(db, period), sections(period)]);
    await audit(request, 'web_report_viewed', { period });
    const ctx = deps.ctx(request);
    const done = request.query.ok ? say('report_fixed') : null;
    const money = (n: number | null) => (n === null ? say('none') : formatRupiah(n));
    return page(
      request,
      reply,
      monthName(period),
      html`<h1>${say('report_period_title', { month: monthName(period), period })}</h1>${message(done, 'info')}
      <p class="muted">${row.closed_at ? say('report_closed', { when: when(row.closed_at) }) : say('report_open')} · ${say('report_col_opened')} ${when(row.opened_at)}</p>
      <section class="card"><h2>${say('report_progress')}</h2><div class="table-wrap"><table id="progress"><thead><tr>${PROGRESS_COLUMNS.map((k) => html`<th>${cli(`col_${k}`)}</th>`)}</tr></thead>
        <tbody><tr>${PROGRESS_COLUMNS.map((k) => html`<td>${progress[k]}</td>`)}</tr></tbody></table></div>
        <p class="muted">${row.fanout_done_at ? cli('fanout_done', { when: when(row.fanout_done_at) }) : cli('fanout_running')}</p></section>
      <section class="card"><p class="muted">${cli('report_note')}</p>
        <p><a href="/laporan/${period}/unduh/csv" id="csv">${say('download_csv')}</a> · <a href="/laporan/${period}/unduh/xlsx" id="xlsx">${say('report_download_xlsx')}</a></p>
      ${report.map(
        (s) => html`<h2>${cli(s.kind)}</h2><div class="table-wrap"><table id="report-${s.kind}"><thead><tr><th>${cli(s.kind === 'summary' ? 'group' : s.kind === 'by_sector' ? 'sector' : 'kecamatan')}</th>${SUMMARY_KEYS.map((k) => html`<th>${cli(k)}</th>`)}</tr></thead><tbody>
        ${s.rows.map(
          (r) => html`<tr><td>${r.label}</td><td>${r.invited}</td><td>${r.reported}</td><td>${r.responseRate === null ? say('none') : percent.format(r.responseRate)}</td>
            <td>${money(r.medianOmzet)}</td><td>${r.medianOmzet === null ? say('none') : money(r.totalOmzet)}</td>${GROWTH_ORDER.map((g) => html`<td>${r.growth[g]}</td>`)}</tr>`,
        )}</tbody></table></div>`,
      )}</section>
      <section class="card narrow"><h2>${say('report_fix_title')}</h2><p class="muted">${say('report_fix_hint', { omzet: OMZET_QUESTION })}</p>
        <form method="post" action="/laporan/${period}/koreksi" class="stack"><input type="hidden" name="_csrf" value="${ctx.session!.csrfToken}">
          <label>${say('col_member_no')}<input name="member_no" id="fix-member" required maxlength="40"></label>
          <label>${say('col_question')}<input name="question" id="fix-question" required maxlength="60" value="${OMZET_QUESTION}"></label>
          <label>${say('col_answer')}<input name="value" id="fix-value" required maxlength="200"></label>
          <label><input type="checkbox" name="force" value="1"> ${say('report_fix_force')}</label>
          <button type="submit" id="fix">${say('report_fix_button')}</button></form></section>
      <p><a href="/laporan">${say('report_back')}</a></p>`,
    );
  });

  server.post<{ Params: { period: string } }>('/laporan/:period/koreksi', async (request, reply) => {
    const { period } = request.params;
    if (!isPeriod(period)) return problem(request, reply, cli('not_a_period', { period: period.slice(0, 20) }), 400);
    const body = fixForm.safeParse(request.body);
    if (!body.success || body.data.member_no.trim() === '' || body.data.question.trim() === '' || body.data.value.trim() === '') return problem(request, reply, say('report_fix_missing'), 400);
    const f = body.data;
    const fixDeps = { survey: (v: number) => surveys.get(db, v), growth: growthSettings(app.config), vocabulary: checkinVocabulary() };
    try {
      await fixCheckinAnswer(db, fixDeps, { memberNo: f.member_no.trim(), period, question: f.question.trim(), value: f.value.trim(), force: f.force === '1', staffId: request.session!.staff.id, actor: deps.actor(request) });
    } catch (error) {
      if (!(error instanceof CheckinFixError)) throw error;
      return problem(request, reply, app.renderer.render('id', error.words, app.services.facts), 400);
    }
    return reply.redirect(`/laporan/${period}?ok=fixed`, 303);
  });

  server.get<{ Params: { period: string; format: string } }>('/laporan/:period/unduh/:format', async (request, reply) => {
    const { period, format } = request.params;
    if (!isPeriod(period) || (format !== 'csv' && format !== 'xlsx')) return problem(request, reply, say('bad_input', { what: 'period/format' }), 400);
    const row = await db.selectFrom('checkin_periods').select('period').where('period', '=', period).executeTakeFirst();
    if (!row) return problem(request, reply, cli('never_opened', { period }), 404);
    const { columns, rows } = reportTable(await sections(period), cli);
    await audit(request, 'web_exported', { report: 'checkin', period, format, rows: rows.length });
    const file = `laporan-${period}.${format}`;
    reply.header('content-disposition', `attachment; filename="${file}"`);
    if (format === 'xlsx') {
      const numFmt: Record<string, string> = { response: '0.0%', median: '#,##0', total: '#,##0' };
      const out = new PassThrough();
      void writeXlsx(cli('summary'), columns.map((c) => ({ ...c, ...(numFmt[c.key] ? { numFmt: numFmt[c.key] } : {}) })), (async function* () { yield rows; })(), out).then(
        () => out.end(),
        (error: unknown) => out.destroy(error as Error),
      );
      return reply.type(XLSX_TYPE).send(out);
    }
    const out = new PassThrough();
    void writeCsv(columns, (async function* () { yield rows; })(), { delimiter: ',' }, out).then(() => out.end(), (error: unknown) => out.destroy(error as Error));
    return reply.type('text/csv; charset=utf-8').send(out);
  });
}

/** One table for both files: which breakdown, the group, then the figures as numbers (rate 0–1). */
function reportTable(sections: readonly Section[], cli: (key: string) => string): { columns: { key: string; header: string }[]; rows: CsvRow[] } {
  const keys = ['part', 'group', 'invited', 'reported', 'response', 'median', 'total', ...GROWTH_ORDER];
  const headers = [cli('group'), cli('everyone'), ...SUMMARY_KEYS.map(cli)];
  headers[1] = `${cli('sector')} / ${cli('kecamatan')}`;
  const columns = keys.map((key, i) => ({ key, header: headers[i]! }));
  const rows = sections.flatMap((s) =>
    s.rows.map((r) => ({
      part: cli(s.kind),
      group: r.label,
      invited: r.invited,
      reported: r.reported,
      response: r.responseRate === null ? null : Math.round(r.responseRate * 1000) / 1000,
      median: r.medianOmzet,
      total: r.medianOmzet === null ? null : r.totalOmzet,
      ...Object.fromEntries(GROWTH_ORDER.map((g) => [g, r.growth[g]])),
    })),
  );
  return { columns, rows };
}
