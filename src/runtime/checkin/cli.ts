import type { Command } from 'commander';
import { isPeriod, periodParts, reportedPeriodAt } from '../../engine/checkin/period.js';
import { formatRupiah } from '../../i18n.js';
import { CHECKIN_QUEUE, openCheckinPeriod } from './jobs.js';
import { CheckinPeriodError } from './periods.js';
import { formatLocalDateTime } from '../../time.js';
import { GROWTH_ORDER, loadCheckinFacts, summarize, summarizeBy, type CheckinSummary } from './report.js';
import type { CliContext } from '../core/capability.js';
import { text } from '../../engine/core/text.js';
import { formatTable } from '../../cli/table.js';
import { cliActor, reportingInputErrors } from '../../cli/input.js';
import { OMZET_QUESTION } from '../../engine/checkin/survey.js';
import { actingStaffId } from '../staff/cli-session.js';
import { checkinVocabulary, SurveyStore } from './context.js';
import { CheckinFixError, fixCheckinAnswer } from './fix.js';
import { growthSettings } from './jobs.js';
import { PROGRESS_COLUMNS, periodProgress } from './progress.js';

// `checkin open|status|report`: the monthly check-in for staff. Opening only records the
// period and queues its jobs; a running worker (`npm start`, role worker) does the sending.

const percent = new Intl.NumberFormat('id-ID', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function monthName(period: string): string {
  const { year, month } = periodParts(period);
  return new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
}

function requirePeriod(ctx: CliContext, period: string): boolean {
  if (isPeriod(period)) return true;
  ctx.out(ctx.render(text('checkin.cli.not_a_period', { period })));
  process.exitCode = 64;
  return false;
}

async function open(ctx: CliContext, given: string | undefined): Promise<void> {
  const period = given ?? reportedPeriodAt(new Date(), ctx.timeZone);
  if (!requirePeriod(ctx, period)) return;
  const app = await ctx.open();
  const deps = { db: app.db, queues: app.queues, turnDeps: app.turns, config: app.config, log: app.log };
  try {
    const opened = await openCheckinPeriod(deps, period, 'cli');
    const when = formatLocalDateTime(opened.openedAt, ctx.timeZone);
    if (opened.created) ctx.out(ctx.render(text('checkin.cli.opened', { period, month: monthName(period), when, version: opened.surveyVersion })));
    else ctx.out(ctx.render(text('checkin.cli.already_open', { period, when })));
    for (const closed of opened.closed) ctx.out(ctx.render(text('checkin.cli.closed', { period: closed })));
    ctx.out(ctx.render(text('checkin.cli.first_question', { queue: CHECKIN_QUEUE })));
    const and = ` ${ctx.render(text('checkin.cli.and'))} `;
    ctx.out(ctx.render(text('checkin.cli.reminders', { list: opened.remindersAt.map((at) => formatLocalDateTime(at, ctx.timeZone)).join(and) })));
  } catch (error) {
    if (!(error instanceof CheckinPeriodError)) throw error;
    ctx.out(error.message);
    process.exitCode = 1;
  }
}

async function periodHeader(ctx: CliContext, period: string): Promise<string | null> {
  const db = await ctx.db();
  const row = await db.selectFrom('checkin_periods').selectAll().where('period', '=', period).executeTakeFirst();
  if (!row) {
    ctx.out(ctx.render(text('checkin.cli.never_opened', { period })));
    process.exitCode = 1;
    return null;
  }
  const state = row.closed_at ? text('checkin.cli.state_closed', { when: formatLocalDateTime(row.closed_at, ctx.timeZone) }) : text('checkin.cli.state_open');
  return ctx.render(text('checkin.cli.header', { month: monthName(period), period, opened: formatLocalDateTime(row.opened_at, ctx.timeZone), state: ctx.render(state), version: row.survey_version }));
}

async function status(ctx: CliContext, given: string | undefined): Promise<void> {
  const db = await ctx.db();
  const period = given ?? (await db.selectFrom('checkin_periods').select('period').orderBy('period', 'desc').executeTakeFirst())?.period;
  if (!period) return ctx.out(ctx.render(text('checkin.cli.none_open')));
  if (!requirePeriod(ctx, period)) return;
  const header = await periodHeader(ctx, period);
  if (!header) return;
  const r = await periodProgress(db, period);
  const done = await db.selectFrom('checkin_periods').select('fanout_done_at').where('period', '=', period).executeTakeFirstOrThrow();
  ctx.out(header);
  const state = done.fanout_done_at ? text('checkin.cli.fanout_done', { when: formatLocalDateTime(done.fanout_done_at, ctx.timeZone) }) : text('checkin.cli.fanout_running');
  ctx.out(`${ctx.render(text('checkin.cli.fanout', { state: ctx.render(state) }))}\n`);
  ctx.out(formatTable(PROGRESS_COLUMNS.map((k) => ctx.render(text(`checkin.cli.col_${k}`))), [PROGRESS_COLUMNS.map((k) => r[k])]));
}

function summaryRow(s: CheckinSummary): (string | number | null)[] {
  return [
    s.label,
    s.invited,
    s.reported,
    s.responseRate === null ? null : percent.format(s.responseRate),
    s.medianOmzet === null ? null : formatRupiah(s.medianOmzet),
    // No omzet reported: no total either ("-", like the median), not Rp0.
    s.medianOmzet === null ? null : formatRupiah(s.totalOmzet),
    ...GROWTH_ORDER.map((g) => s.growth[g]),
  ];
}

/** Money and percentages right-aligned, like the numbers beside them. */
function table(ctx: CliContext, first: string, summaries: readonly CheckinSummary[]): string {
  const rows = summaries.map(summaryRow);
  for (const col of [3, 4, 5]) {
    const width = Math.max(...rows.map((r) => String(r[col] ?? '-').length));
    for (const r of rows) r[col] = String(r[col] ?? '-').padStart(width);
  }
  const headers = ['col_total', 'col_reported', 'col_response', 'col_median', 'col_omzet_total', ...GROWTH_ORDER.map((g) => `col_${g}`)].map((k) => ctx.render(text(`checkin.cli.${k}`)));
  return formatTable([first, ...headers], rows);
}

async function report(ctx: CliContext, period: string): Promise<void> {
  if (!requirePeriod(ctx, period)) return;
  const header = await periodHeader(ctx, period);
  if (!header) return;
  const facts = await loadCheckinFacts(await ctx.db(), period);
  ctx.out(header);
  const say = (key: string) => ctx.render(text(`checkin.cli.${key}`));
  ctx.out(`${say('report_note')}\n`);
  ctx.out(`${say('summary')}\n${table(ctx, say('group'), [summarize(say('everyone'), facts)])}\n`);
  ctx.out(`${say('by_sector')}\n${table(ctx, say('sector'), summarizeBy(facts, 'sector'))}\n`);
  ctx.out(`${say('by_kecamatan')}\n${table(ctx, say('kecamatan'), summarizeBy(facts, 'kecamatan'))}`);
}

async function fix(ctx: CliContext, memberNo: string, period: string, question: string, words: string[], options: { staff?: string; force?: boolean }): Promise<void> {
  if (!requirePeriod(ctx, period)) return;
  const db = await ctx.db();
  const staffId = await actingStaffId(ctx, db, options.staff);
  const surveys = new SurveyStore();
  const deps = { survey: (v: number) => surveys.get(db, v), growth: growthSettings(ctx.config), vocabulary: checkinVocabulary() };
  try {
    const fixed = await fixCheckinAnswer(db, deps, { memberNo, period, question, value: words.join(' '), force: options.force === true, staffId, actor: cliActor() });
    const shown = (v: unknown) => (v === null ? '-' : fixed.question === OMZET_QUESTION ? formatRupiah(Number(v)) : Array.isArray(v) ? v.join(', ') : String(v));
    ctx.out(ctx.render(text('checkin.cli.fixed', { memberNo, period, question: fixed.question, before: shown(fixed.before), after: shown(fixed.after) })));
    if (fixed.growth) ctx.out(ctx.render(text('checkin.cli.fixed_growth', { status: { key: `checkin.cli.col_${fixed.growth}` } })));
  } catch (error) {
    if (!(error instanceof CheckinFixError)) throw error;
    ctx.out(ctx.render(error.words));
    process.exitCode = 1;
  }
}

export function registerCheckinCommands(program: Command, ctx: CliContext): void {
  const checkin = program.command('checkin').description('monthly check-in (laporan bulanan)');
  checkin
    .command('open')
    .description('open a period by hand (default: last month) and queue its first question to everyone')
    .argument('[period]', 'the month being reported, YYYY-MM, e.g. 2026-11')
    .action((period?: string) => open(ctx, period));
  checkin
    .command('status')
    .description('how far a period got: invited, skipped, finished, reminded')
    .argument('[period]', 'YYYY-MM (default: the latest period)')
    .action((period?: string) => status(ctx, period));
  checkin
    .command('report')
    .description('response rate, median and total omzet and growth status, by sector and kecamatan')
    .argument('<period>', 'YYYY-MM, e.g. 2026-11')
    .action((period: string) => report(ctx, period));
  checkin
    .command('fix')
    .description('correct one answer of a report (audited); omzet and growth status are recomputed')
    .argument('<member>', 'member number, e.g. BJM-000001')
    .argument('<period>', 'YYYY-MM, e.g. 2026-11')
    .argument('<question>', 'omzet, pekerja, jualan_online, platform_online, hambatan')
    .argument('<value...>', 'the answer as a person would type it, e.g. 5jt, 3 orang, tidak')
    .option('--staff <staff>', 'the staff member acting (number, phone or Telegram user id), for the audit log')
    .option('--force', 'keep a figure that is not believable as it stands (ten times the last report, above Rp1 miliar)')
    .action(reportingInputErrors(ctx, (member: string, period: string, question: string, value: string[], options: { staff?: string; force?: boolean }) => fix(ctx, member, period, question, value, options)));
}
