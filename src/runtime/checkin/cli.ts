import type { Command } from 'commander';
import { sql } from 'kysely';
import { isPeriod, periodParts, reportedPeriodAt } from '../../engine/checkin/period.js';
import { formatRupiah } from '../../i18n.js';
import { CHECKIN_QUEUE, openCheckinPeriod } from './jobs.js';
import { CheckinPeriodError } from './periods.js';
import { formatLocalDateTime } from '../../time.js';
import { GROWTH_ORDER, loadCheckinFacts, summarize, summarizeBy, type CheckinSummary } from './report.js';
import type { CliContext } from '../core/capability.js';
import { formatTable } from '../../cli/table.js';

// `checkin open|status|report`: the monthly check-in for staff. Opening only records the
// period and queues its jobs; a running worker (`npm start`, role worker) does the sending.

const percent = new Intl.NumberFormat('id-ID', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const GROWTH_HEADERS = ['Berkembang', 'Stagnan', 'Menurun', 'Belum cukup data'];

export function monthName(period: string): string {
  const { year, month } = periodParts(period);
  return new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
}

function requirePeriod(ctx: CliContext, period: string): boolean {
  if (isPeriod(period)) return true;
  ctx.out(`"${period}" bukan periode: tulis bulannya sebagai YYYY-MM, contoh 2026-11.`);
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
    if (opened.created) ctx.out(`Periode ${period} (laporan ${monthName(period)}) dibuka ${when} dengan survei versi ${opened.surveyVersion}.`);
    else ctx.out(`Periode ${period} sudah dibuka sejak ${when}; tidak ada yang dikirim dua kali, pengiriman yang belum selesai dilanjutkan.`);
    for (const closed of opened.closed) ctx.out(`Periode ${closed} ditutup; status pertumbuhannya sedang dihitung.`);
    ctx.out(`Pertanyaan pertama dikirim oleh worker (antrean "${CHECKIN_QUEUE}") ke semua yang terdaftar dan bisa dihubungi.`);
    ctx.out(`Pengingat: ${opened.remindersAt.map((at) => formatLocalDateTime(at, ctx.timeZone)).join(' dan ')}.`);
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
    ctx.out(`Periode ${period} belum pernah dibuka.`);
    process.exitCode = 1;
    return null;
  }
  const state = row.closed_at ? `ditutup ${formatLocalDateTime(row.closed_at, ctx.timeZone)}` : 'masih dibuka';
  return `Laporan bulanan ${monthName(period)} (periode ${period})\nDibuka ${formatLocalDateTime(row.opened_at, ctx.timeZone)} · ${state} · survei versi ${row.survey_version}`;
}

async function status(ctx: CliContext, given: string | undefined): Promise<void> {
  const db = await ctx.db();
  const period = given ?? (await db.selectFrom('checkin_periods').select('period').orderBy('period', 'desc').executeTakeFirst())?.period;
  if (!period) return ctx.out('Belum ada periode laporan yang dibuka. Buka dengan: npm run cli -- checkin open 2026-11');
  if (!requirePeriod(ctx, period)) return;
  const header = await periodHeader(ctx, period);
  if (!header) return;
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
  const done = await db.selectFrom('checkin_periods').select('fanout_done_at').where('period', '=', period).executeTakeFirstOrThrow();
  ctx.out(header);
  ctx.out(`Pengiriman pertanyaan pertama: ${done.fanout_done_at ? `selesai ${formatLocalDateTime(done.fanout_done_at, ctx.timeZone)}` : 'sedang berjalan'}\n`);
  const headers = ['Peserta', 'Diundang', 'Belum diundang', 'Dilewati', 'Selesai', 'Pengingat 1', 'Pengingat 2'];
  ctx.out(formatTable(headers, [['total', 'invited', 'waiting', 'skipped', 'completed', 'reminded1', 'reminded2'].map((k) => Number(r[k]))]));
}

function summaryRow(s: CheckinSummary): (string | number | null)[] {
  return [
    s.label,
    s.invited,
    s.reported,
    s.responseRate === null ? null : percent.format(s.responseRate),
    s.medianOmzet === null ? null : formatRupiah(s.medianOmzet),
    formatRupiah(s.totalOmzet),
    ...GROWTH_ORDER.map((g) => s.growth[g]),
  ];
}

/** Money and percentages right-aligned, like the numbers beside them. */
function table(first: string, summaries: readonly CheckinSummary[]): string {
  const rows = summaries.map(summaryRow);
  for (const col of [3, 4, 5]) {
    const width = Math.max(...rows.map((r) => String(r[col] ?? '-').length));
    for (const r of rows) r[col] = String(r[col] ?? '-').padStart(width);
  }
  return formatTable([first, 'Peserta', 'Lapor', 'Respons', 'Median omzet', 'Total omzet', ...GROWTH_HEADERS], rows);
}

async function report(ctx: CliContext, period: string): Promise<void> {
  if (!requirePeriod(ctx, period)) return;
  const header = await periodHeader(ctx, period);
  if (!header) return;
  const facts = await loadCheckinFacts(await ctx.db(), period);
  ctx.out(header);
  ctx.out('Omzet dan status pertumbuhan: dari yang sudah melapor. Peserta: yang diundang atau melapor sendiri.\n');
  ctx.out(`Ringkasan\n${table('Kelompok', [summarize('Semua', facts)])}\n`);
  ctx.out(`Menurut sektor\n${table('Sektor', summarizeBy(facts, 'sector'))}\n`);
  ctx.out(`Menurut kecamatan\n${table('Kecamatan', summarizeBy(facts, 'kecamatan'))}`);
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
}
