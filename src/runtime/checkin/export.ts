import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isPeriod } from '../../engine/checkin/period.js';
import { parseSurvey, type SurveyDefinition, type SurveyQuestion } from '../../engine/checkin/survey.js';
import type { CliContext } from '../../cli/context.js';

// `export checkins --period 2026-11` and `export people`: CSV for spreadsheets. UTF-8 with
// a byte-order mark (so Excel reads the accents), a header row, quoting where a cell needs
// it, Windows line ends; money as plain whole rupiah. People who erased their data appear
// only as anonymous rows: no name, business name, phone, member number or free text.
// Rows are read and written a page at a time, so a large office needs little memory.

const PAGE = 2000;

interface ExportOptions {
  readonly delimiter: string;
}

type Cell = string | number | null;
type CsvRow = Record<string, Cell>;

function localTime(timeZone: string): (date: Date | null) => string | null {
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (date) => (date ? format.format(date) : null);
}

async function writeCsv(columns: readonly { key: string; header: string }[], pages: AsyncIterable<CsvRow[]>, options: ExportOptions): Promise<void> {
  const csv = stringify({ bom: true, header: true, columns: [...columns], delimiter: options.delimiter, record_delimiter: 'windows' });
  csv.pipe(process.stdout, { end: false });
  for await (const rows of pages) {
    for (const row of rows) if (!csv.write(row)) await once(csv, 'drain');
  }
  csv.end();
  await finished(csv);
}

// ---------------------------------------------------------------------------------------------
// people

interface PersonRow {
  id: string;
  member_no: string | null;
  full_name: string | null;
  business_name: string | null;
  phone_e164: string | null;
  sector: string | null;
  kecamatan: string | null;
  business_started_year: number | null;
  baseline_omzet: string | null;
  registered_at: Date;
  opted_out_at: Date | null;
  erased_at: Date | null;
  growth_status: string | null;
  growth_status_at: Date | null;
}

// Header names are the column keys: short, lower-case, safe in any spreadsheet.
const PEOPLE_COLUMNS = [
  'no_anggota',
  'nama',
  'nama_usaha',
  'no_hp',
  'sektor',
  'kecamatan',
  'tahun_mulai',
  'omzet_awal',
  'terdaftar_pada',
  'pengumuman',
  'status_pertumbuhan',
  'status_pertumbuhan_pada',
  'data_dihapus',
].map((key) => ({ key, header: key }));

async function* peoplePages(db: Kysely<Database>, at: ReturnType<typeof localTime>): AsyncIterable<CsvRow[]> {
  let cursor = '0';
  for (;;) {
    const { rows } = await sql<PersonRow>`
      select p.id, p.member_no, p.full_name, p.business_name, p.phone_e164, s.name as sector, k.name as kecamatan,
             p.business_started_year, p.baseline_omzet, p.registered_at, p.opted_out_at, p.erased_at,
             p.growth_status, p.growth_status_at
        from people p
        left join sectors s on s.id = p.sector_id
        left join kecamatan k on k.id = p.kecamatan_id
       where p.id > ${cursor}
       order by p.id limit ${PAGE}`.execute(db);
    if (rows.length === 0) return;
    cursor = rows.at(-1)!.id;
    yield rows.map((p) => (p.erased_at ? anonymousPerson(p) : personRow(p, at)));
  }
}

function personRow(p: PersonRow, at: ReturnType<typeof localTime>): CsvRow {
  return {
    no_anggota: p.member_no,
    nama: p.full_name,
    nama_usaha: p.business_name,
    no_hp: p.phone_e164,
    sektor: p.sector,
    kecamatan: p.kecamatan,
    tahun_mulai: p.business_started_year,
    omzet_awal: p.baseline_omzet,
    terdaftar_pada: at(p.registered_at),
    pengumuman: p.opted_out_at ? 'berhenti' : 'aktif',
    status_pertumbuhan: p.growth_status,
    status_pertumbuhan_pada: at(p.growth_status_at),
    data_dihapus: 'tidak',
  };
}

/** What the consent promised to keep: sector, kecamatan, omzet (and the status computed from it). */
function anonymousPerson(p: PersonRow): CsvRow {
  return { sektor: p.sector, kecamatan: p.kecamatan, omzet_awal: p.baseline_omzet, status_pertumbuhan: p.growth_status, data_dihapus: 'ya' };
}

// ---------------------------------------------------------------------------------------------
// check-ins

interface CheckinRow {
  id: string;
  period: string;
  status: string;
  skip_reason: string | null;
  invited_at: Date | null;
  completed_at: Date | null;
  omzet: string | null;
  previous_omzet: string | null;
  growth_status: string | null;
  member_no: string | null;
  full_name: string | null;
  business_name: string | null;
  phone_e164: string | null;
  erased_at: Date | null;
  sector: string | null;
  kecamatan: string | null;
  channel: string | null;
  answers: Record<string, { value: unknown; detail: string | null }>;
}

/** Every question but omzet (which has its own column) is a column; a question with a "lainnya" text has a second one. */
function questionColumns(survey: SurveyDefinition): { key: string; header: string; question: SurveyQuestion; detail: boolean }[] {
  return survey.questions
    .filter((q) => q.id !== 'omzet')
    .flatMap((q) => {
      const withDetail = 'options' in q && q.options.some((o) => o.detail);
      const main = { key: `q_${q.id}`, header: q.id, question: q, detail: false };
      return withDetail ? [main, { key: `q_${q.id}_lainnya`, header: `${q.id}_lainnya`, question: q, detail: true }] : [main];
    });
}

function answerCell(question: SurveyQuestion, value: unknown): Cell {
  if (value === undefined || value === null) return null;
  switch (question.type) {
    case 'yes_no':
      return value === true ? 'ya' : 'tidak';
    case 'choice':
    case 'choices': {
      const ids = Array.isArray(value) ? value : [value];
      return ids.map((id) => question.options.find((o) => o.id === id)?.label.id ?? String(id)).join(', ');
    }
    default:
      return typeof value === 'number' || typeof value === 'string' ? value : JSON.stringify(value);
  }
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

const CHECKIN_STATUS: Record<string, string> = { completed: 'selesai', open: 'belum' };

async function* checkinPages(db: Kysely<Database>, period: string, columns: ReturnType<typeof questionColumns>, at: ReturnType<typeof localTime>): AsyncIterable<CsvRow[]> {
  let cursor = '0';
  for (;;) {
    const { rows } = await sql<CheckinRow>`
      select ck.id, ck.period, ck.status, ck.skip_reason, ck.invited_at, ck.completed_at, ck.omzet, ck.previous_omzet, ck.growth_status,
             p.member_no, p.full_name, p.business_name, p.phone_e164, p.erased_at, s.name as sector, k.name as kecamatan, i.channel,
             coalesce((select jsonb_object_agg(a.question_id, jsonb_build_object('value', a.value, 'detail', a.detail))
                         from checkin_answers a where a.checkin_id = ck.id), '{}'::jsonb) as answers
        from checkins ck
        join people p on p.id = ck.person_id
        left join sectors s on s.id = p.sector_id
        left join kecamatan k on k.id = p.kecamatan_id
        left join identities i on i.id = ck.identity_id
       where ck.period = ${period} and ck.id > ${cursor}
         and not exists (select 1 from staff_people sp where sp.person_id = p.id)
       order by ck.id limit ${PAGE}`.execute(db);
    if (rows.length === 0) return;
    cursor = rows.at(-1)!.id;
    yield rows.map((r) => checkinRow(r, columns, at));
  }
}

function checkinRow(r: CheckinRow, columns: ReturnType<typeof questionColumns>, at: ReturnType<typeof localTime>): CsvRow {
  const erased = r.erased_at !== null;
  const row: CsvRow = {
    periode: r.period,
    no_anggota: erased ? null : r.member_no,
    nama: erased ? null : r.full_name,
    nama_usaha: erased ? null : r.business_name,
    no_hp: erased ? null : r.phone_e164,
    sektor: r.sector,
    kecamatan: r.kecamatan,
    kanal: erased ? null : r.channel,
    status: r.skip_reason && r.status !== 'completed' ? 'dilewati' : (CHECKIN_STATUS[r.status] ?? r.status),
    diundang_pada: at(r.invited_at),
    selesai_pada: at(r.completed_at),
    // A check-in not finished yet may already have its omzet answer.
    omzet: r.omzet ?? numberOrNull(r.answers['omzet']?.value),
    omzet_sebelumnya: r.previous_omzet,
    status_pertumbuhan: r.growth_status,
  };
  for (const c of columns) {
    const answer = r.answers[c.question.id];
    row[c.key] = c.detail ? (erased ? null : (answer?.detail ?? null)) : answerCell(c.question, answer?.value);
  }
  return row;
}

async function exportCheckins(ctx: CliContext, options: ExportOptions & { period?: string }): Promise<void> {
  const period = options.period;
  if (!period || !isPeriod(period)) {
    process.stderr.write('Tulis periodenya: --period YYYY-MM, contoh: npm run cli -- export checkins --period 2026-11 > laporan.csv\n');
    process.exitCode = 64;
    return;
  }
  const db = await ctx.db();
  const found = await db.selectFrom('checkin_periods as cp').innerJoin('survey_definitions as sd', 'sd.version', 'cp.survey_version').select('sd.definition').where('cp.period', '=', period).executeTakeFirst();
  if (!found) {
    process.stderr.write(`Periode ${period} belum pernah dibuka.\n`);
    process.exitCode = 1;
    return;
  }
  const questions = questionColumns(parseSurvey(found.definition));
  const fixed = ['periode', 'no_anggota', 'nama', 'nama_usaha', 'no_hp', 'sektor', 'kecamatan', 'kanal', 'status', 'diundang_pada', 'selesai_pada', 'omzet', 'omzet_sebelumnya', 'status_pertumbuhan'];
  const columns = [...fixed.map((k) => ({ key: k, header: k })), ...questions.map(({ key, header }) => ({ key, header }))];
  await writeCsv(columns, checkinPages(db, period, questions, localTime(ctx.timeZone)), options);
}

async function exportPeople(ctx: CliContext, options: ExportOptions): Promise<void> {
  await writeCsv(PEOPLE_COLUMNS, peoplePages(await ctx.db(), localTime(ctx.timeZone)), options);
}

export function registerExportCommands(program: Command, ctx: CliContext): void {
  const exporter = program.command('export').description('CSV for spreadsheets, written to standard output (… > file.csv)');
  const delimiter = ['--delimiter <char>', 'cell separator; use ";" for a spreadsheet set to Indonesian regional settings', ','] as const;
  exporter
    .command('checkins')
    .description('one row per person asked in a period, with every answer')
    .requiredOption('--period <period>', 'the month reported, YYYY-MM, e.g. 2026-11')
    .option(...delimiter)
    .action((options: ExportOptions & { period?: string }) => exportCheckins(ctx, options));
  exporter
    .command('people')
    .description('everyone registered; people who erased their data only as anonymous rows')
    .option(...delimiter)
    .action((options: ExportOptions) => exportPeople(ctx, options));
}
