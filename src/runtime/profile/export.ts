import type { Command } from 'commander';
import { sql, type Kysely } from 'kysely';
import { DELIMITER_OPTION, PAGE, exportGroup, localTime, writeCsv, type CsvOptions, type CsvRow } from '../../cli/csv.js';
import type { Database } from '../../db/schema.js';
import type { CliContext } from '../core/capability.js';

// `export people`: everyone registered; money as plain whole rupiah. People who erased their
// data appear only as anonymous rows: no name, business name, phone or member number.

interface PersonRow {
  id: string;
  member_no: string | null;
  full_name: string | null;
  business_name: string | null;
  business_activity: string | null;
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
export const PEOPLE_COLUMNS = [
  'no_anggota',
  'nama',
  'nama_usaha',
  'no_hp',
  'sektor',
  'kegiatan_usaha',
  'kecamatan',
  'tahun_mulai',
  'omzet_awal',
  'terdaftar_pada',
  'pengumuman',
  'status_pertumbuhan',
  'status_pertumbuhan_pada',
  'data_dihapus',
].map((key) => ({ key, header: key }));

export async function* peoplePages(db: Kysely<Database>, at: ReturnType<typeof localTime>): AsyncIterable<CsvRow[]> {
  let cursor = '0';
  for (;;) {
    const { rows } = await sql<PersonRow>`
      select p.id, p.member_no, p.full_name, p.business_name, p.business_activity, p.phone_e164, s.name as sector, k.name as kecamatan,
             p.business_started_year, p.baseline_omzet, p.registered_at, p.opted_out_at, p.erased_at,
             p.growth_status, p.growth_status_at
        from people p
        left join sectors s on s.id = p.sector_id
        left join kecamatan k on k.id = p.kecamatan_id
       where p.id > ${cursor} and p.merged_into is null
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
    kegiatan_usaha: p.business_activity,
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

async function exportPeople(ctx: CliContext, options: CsvOptions): Promise<void> {
  await writeCsv(PEOPLE_COLUMNS, peoplePages(await ctx.db(), localTime(ctx.timeZone)), options);
}

export function registerPeopleExport(program: Command, ctx: CliContext): void {
  exportGroup(program)
    .command('people')
    .description('everyone registered; people who erased their data only as anonymous rows')
    .option(...DELIMITER_OPTION)
    .action((options: CsvOptions) => exportPeople(ctx, options));
}
