import type { Command } from 'commander';
import { sql, type Kysely } from 'kysely';
import { DELIMITER_OPTION, PAGE, exportGroup, localTime, writeCsv, type Cell, type CsvOptions, type CsvRow } from '../../cli/csv.js';
import type { Database } from '../../db/schema.js';
import { isPeriod } from '../../engine/checkin/period.js';
import { parseSurvey, type SurveyDefinition, type SurveyQuestion } from '../../engine/checkin/survey.js';
import type { CliContext } from '../core/capability.js';
import { text } from '../../engine/core/text.js';

// `export checkins --period 2026-11`: one row per person asked in a period, with every
// answer; money as plain whole rupiah. People who erased their data appear only as
// anonymous rows: no name, business name, phone, member number or free text.

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

async function exportCheckins(ctx: CliContext, options: CsvOptions & { period?: string }): Promise<void> {
  const period = options.period;
  if (!period || !isPeriod(period)) {
    process.stderr.write(`${ctx.render(text('checkin.cli.export_period'))}\n`);
    process.exitCode = 64;
    return;
  }
  const db = await ctx.db();
  const found = await db.selectFrom('checkin_periods as cp').innerJoin('survey_definitions as sd', 'sd.version', 'cp.survey_version').select('sd.definition').where('cp.period', '=', period).executeTakeFirst();
  if (!found) {
    process.stderr.write(`${ctx.render(text('checkin.cli.never_opened', { period }))}\n`);
    process.exitCode = 1;
    return;
  }
  const questions = questionColumns(parseSurvey(found.definition));
  const fixed = ['periode', 'no_anggota', 'nama', 'nama_usaha', 'no_hp', 'sektor', 'kecamatan', 'kanal', 'status', 'diundang_pada', 'selesai_pada', 'omzet', 'omzet_sebelumnya', 'status_pertumbuhan'];
  const columns = [...fixed.map((k) => ({ key: k, header: k })), ...questions.map(({ key, header }) => ({ key, header }))];
  await writeCsv(columns, checkinPages(db, period, questions, localTime(ctx.timeZone)), options);
}

export function registerCheckinExport(program: Command, ctx: CliContext): void {
  exportGroup(program)
    .command('checkins')
    .description('one row per person asked in a period, with every answer')
    .requiredOption('--period <period>', 'the month reported, YYYY-MM, e.g. 2026-11')
    .option(...DELIMITER_OPTION)
    .action((options: CsvOptions & { period?: string }) => exportCheckins(ctx, options));
}
