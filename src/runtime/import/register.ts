import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Vocabulary } from '../../engine/parse/vocabulary.js';
import { parseIndonesianPhone } from '../../engine/parse/phone.js';
import { readKecamatan, readSector, readSignupOmzet } from '../../engine/parse/understand/index.js';

// Importing the office's existing register (issue 13): an XLSX or CSV file with the columns
// name, phone, business, activity, sector, kecamatan, year and omzet (optional), mapped by their
// header in Indonesian or English; a preview with each row's problems; the valid rows become
// people "diundang, belum setuju" (imported_at, consent_pending): no chat, no consent, nothing
// sent. Used by `import people --file` and the dashboard's Impor page alike.

export const IMPORT_FIELDS = ['name', 'phone', 'business', 'activity', 'sector', 'kecamatan', 'year', 'omzet'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
const REQUIRED: readonly ImportField[] = ['name', 'phone'];
/** Larger files are refused before they are read (the office's register is ~3,000 rows). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;

/** Header names staff use, after lowercasing and turning punctuation into spaces. */
const HEADERS: Record<ImportField, readonly string[]> = {
  name: ['nama', 'nama lengkap', 'nama pemilik', 'nama pelaku usaha', 'name', 'full name', 'owner'],
  phone: ['hp', 'no hp', 'nomor hp', 'no hp wa', 'nomor telepon', 'no telepon', 'telepon', 'no telp', 'telp', 'wa', 'no wa', 'nomor wa', 'whatsapp', 'phone', 'phone number', 'mobile'],
  business: ['usaha', 'nama usaha', 'merek', 'business', 'business name'],
  activity: ['kegiatan', 'kegiatan usaha', 'jenis usaha', 'produk', 'activity', 'product'],
  sector: ['sektor', 'sektor usaha', 'bidang', 'bidang usaha', 'sector'],
  kecamatan: ['kecamatan', 'kec', 'district'],
  year: ['tahun', 'tahun mulai', 'tahun berdiri', 'tahun mulai usaha', 'mulai usaha', 'year', 'year started', 'since'],
  omzet: ['omzet', 'omset', 'omzet per bulan', 'omset per bulan', 'omzet bulanan', 'turnover', 'revenue', 'monthly turnover'],
};

export type ImportProblem =
  | 'name_missing'
  | 'phone_missing'
  | 'phone_invalid'
  | 'phone_twice_in_file'
  | 'phone_registered'
  | 'sector_unknown'
  | 'kecamatan_unknown'
  | 'year_invalid'
  | 'omzet_invalid';

export class ImportFileError extends Error {
  constructor(
    readonly reason: 'wrong_type' | 'too_large' | 'unreadable' | 'empty' | 'too_many_rows' | 'columns_missing',
    readonly detail = '',
  ) {
    super(`${reason}${detail ? `: ${detail}` : ''}`);
  }
}

export interface RegisterTable {
  readonly headers: readonly string[];
  /** Data rows as text, with their line number in the file (the header is line 1). */
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
}

/** XLSX (a zip: starts with PK) or CSV by the file's name and its first bytes; anything else is refused. */
export function fileKind(filename: string, content: Buffer): 'xlsx' | 'csv' {
  const name = filename.toLowerCase();
  const zip = content.length >= 4 && content.readUInt32LE(0) === 0x04034b50;
  if (name.endsWith('.xlsx') && zip) return 'xlsx';
  if (name.endsWith('.csv') && !zip && !content.subarray(0, 4096).includes(0)) return 'csv';
  throw new ImportFileError('wrong_type', filename);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return String(value.getUTCFullYear());
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** The file's header and rows as text. */
export async function readRegisterFile(filename: string, content: Buffer): Promise<RegisterTable> {
  if (content.length > MAX_IMPORT_BYTES) throw new ImportFileError('too_large');
  const kind = fileKind(filename, content);
  let table: string[][];
  try {
    if (kind === 'xlsx') {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(content as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      table = [];
      sheet?.eachRow({ includeEmpty: true }, (row, no) => {
        const values = row.values as ExcelJS.CellValue[];
        table[no - 1] = values.slice(1).map(cellText);
      });
      table = Array.from(table, (r) => r ?? []);
    } else {
      const textContent = content.toString('utf8').replace(/^\uFEFF/u, '');
      const firstLine = textContent.split(/\r?\n/u, 1)[0] ?? '';
      // Excel in Indonesia saves CSV with semicolons.
      const delimiter = (firstLine.match(/;/gu)?.length ?? 0) > (firstLine.match(/,/gu)?.length ?? 0) ? ';' : ',';
      table = parseCsv(textContent, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
    }
  } catch (error) {
    throw new ImportFileError('unreadable', error instanceof Error ? error.message.slice(0, 120) : '');
  }
  const [headers, ...rest] = table;
  if (!headers || headers.every((h) => h.trim() === '')) throw new ImportFileError('empty');
  const rows = rest.flatMap((cells, i) => (cells.some((c) => c.trim() !== '') ? [{ line: i + 2, cells }] : []));
  if (rows.length > MAX_IMPORT_ROWS) throw new ImportFileError('too_many_rows', String(rows.length));
  return { headers, rows };
}

const normalizeHeader = (h: string) => h.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * Headers the list above does not name ("Nomor Handphone (WA)", "Omset/Bulan (Rp)", "Thn
 * Berdiri"), by the words in them. Business before name: "Nama Usaha" is the business.
 */
const KEYWORDS: readonly (readonly [ImportField, RegExp])[] = [
  ['phone', /\b(hp|wa|whatsapp|telp|telepon|handphone|ponsel)\b/u],
  ['omzet', /\b(omzet|omset)\b/u],
  ['kecamatan', /\b(kec|kecamatan)\b/u],
  ['sector', /\b(sektor|bidang)\b/u],
  ['year', /\b(tahun|thn)\b/u],
  ['activity', /\b(kegiatan|jenis|produk)\b/u],
  ['business', /\b(usaha|toko|merek|merk)\b/u],
  ['name', /^nama\b/u],
];

/** Columns whose words would mislead the keywords ("Alamat Usaha" is no business name). */
const NOT_DATA = /\b(alamat|email|nik|ket|keterangan|catatan|urut)\b/u;

/** Which column holds which field; a field the file does not have is absent. */
export type ColumnMap = Partial<Record<ImportField, number>>;

/** Which column holds which field, by the header's name (case-insensitive, Indonesian or English). */
export function mapColumns(headers: readonly string[]): { columns: ColumnMap; missing: ImportField[] } {
  const columns: ColumnMap = {};
  const taken = new Set<number>();
  const claim = (field: ImportField | undefined, i: number) => {
    if (field && columns[field] === undefined && !taken.has(i)) {
      columns[field] = i;
      taken.add(i);
    }
  };
  const names = headers.map(normalizeHeader);
  names.forEach((n, i) => claim(IMPORT_FIELDS.find((f) => HEADERS[f].includes(n) || n === f), i));
  names.forEach((n, i) => claim(n === '' || NOT_DATA.test(n) ? undefined : KEYWORDS.find(([f, re]) => columns[f] === undefined && re.test(n))?.[0], i));
  return { columns, missing: REQUIRED.filter((f) => columns[f] === undefined) };
}

export class ImportMappingError extends Error {
  constructor(
    readonly reason: 'column_twice' | 'required_missing' | 'header_unknown' | 'field_unknown' | 'column_unknown',
    /** The fields concerned, or the header or field name as given. */
    readonly detail: readonly string[],
  ) {
    super(`${reason}: ${detail.join(', ')}`);
  }
}

/** A mapping chosen by staff, checked against the file: real columns, none chosen twice, name and phone present. */
export function checkMapping(headers: readonly string[], columns: ColumnMap): ColumnMap {
  const byColumn = new Map<number, ImportField[]>();
  for (const field of IMPORT_FIELDS) {
    const i = columns[field];
    if (i === undefined) continue;
    if (!Number.isInteger(i) || i < 0 || i >= headers.length) throw new ImportMappingError('column_unknown', [field]);
    byColumn.set(i, [...(byColumn.get(i) ?? []), field]);
  }
  const twice = [...byColumn.values()].find((fields) => fields.length > 1);
  if (twice) throw new ImportMappingError('column_twice', twice);
  const missing = REQUIRED.filter((f) => columns[f] === undefined);
  if (missing.length > 0) throw new ImportMappingError('required_missing', missing);
  return { ...columns };
}

/**
 * The automatic mapping with some fields set by header name (`import people --map
 * name=Nama,phone="No HP"`); an empty name means the file has no such column. A column given
 * to a field here is taken from whichever field the automatic matching gave it to.
 */
export function overrideMapping(headers: readonly string[], overrides: Readonly<Record<string, string>>): ColumnMap {
  const columns: ColumnMap = { ...mapColumns(headers).columns };
  const set = new Map<ImportField, number | undefined>();
  for (const [key, header] of Object.entries(overrides)) {
    const field = IMPORT_FIELDS.find((f) => f === key.trim().toLowerCase());
    if (!field) throw new ImportMappingError('field_unknown', [key]);
    if (header.trim() === '') {
      set.set(field, undefined);
      continue;
    }
    let i = headers.findIndex((h) => h.trim() === header.trim());
    if (i < 0) i = headers.findIndex((h) => normalizeHeader(h) === normalizeHeader(header));
    if (i < 0) throw new ImportMappingError('header_unknown', [header]);
    set.set(field, i);
  }
  for (const [field, i] of set) {
    for (const other of IMPORT_FIELDS) if (!set.has(other) && i !== undefined && columns[other] === i) delete columns[other];
    if (i === undefined) delete columns[field];
    else columns[field] = i;
  }
  return checkMapping(headers, columns);
}

/** Up to `count` non-empty values of each column, for staff to recognise it. */
export function sampleValues(table: RegisterTable, count = 3): string[][] {
  return table.headers.map((_, i) => {
    const values: string[] = [];
    for (const row of table.rows) {
      const v = (row.cells[i] ?? '').trim();
      if (v !== '') values.push(v);
      if (values.length === count) break;
    }
    return values;
  });
}

export interface PreviewRow {
  readonly line: number;
  readonly name: string;
  readonly phone: string;
  readonly business: string;
  readonly activity: string;
  readonly sector: string;
  readonly kecamatan: string;
  readonly year: string;
  readonly omzet: string;
  readonly phoneE164: string | null;
  readonly sectorId: number | null;
  readonly kecamatanId: number | null;
  readonly startedYear: number | null;
  readonly omzetValue: number | null;
  readonly problems: readonly ImportProblem[];
}

export interface ImportPreview {
  readonly columns: ColumnMap;
  readonly rows: readonly PreviewRow[];
  readonly valid: number;
  readonly invalid: number;
}

function readOmzet(raw: string, vocab: Vocabulary): number | null | 'invalid' {
  if (raw === '') return null;
  const plain = raw.replace(/^rp\.?\s*/iu, '').replace(/[.\s]/gu, '').replace(/,00$/u, '');
  if (/^\d{1,12}$/u.test(plain)) return Number(plain);
  const r = readSignupOmzet(raw, vocab);
  return r.kind === 'value' ? r.value : 'invalid';
}

/** Every row read and checked, by the mapping given (or else the automatic one); nothing is written. */
export async function previewImport(db: Kysely<Database>, vocab: Vocabulary, table: RegisterTable, now: Date, mapping?: ColumnMap): Promise<ImportPreview> {
  let columns: ColumnMap;
  if (mapping) columns = checkMapping(table.headers, mapping);
  else {
    const auto = mapColumns(table.headers);
    if (auto.missing.length > 0) throw new ImportFileError('columns_missing', auto.missing.join(', '));
    columns = auto.columns;
  }
  const [sectors, kecamatan] = await Promise.all([
    db.selectFrom('sectors').select(['id', 'code']).execute(),
    db.selectFrom('kecamatan').select(['id', 'code']).execute(),
  ]);
  const sectorIds = new Map(sectors.map((s) => [s.code, s.id]));
  const kecamatanIds = new Map(kecamatan.map((k) => [k.code, k.id]));
  const cell = (cells: readonly string[], f: ImportField) => (columns[f] === undefined ? '' : (cells[columns[f]!] ?? '').trim());
  const seen = new Set<string>();
  // Readers are pure and the register repeats itself: read each distinct text once.
  const sectorCache = new Map<string, number | null>();
  const kecamatanCache = new Map<string, number | null>();
  const thisYear = now.getUTCFullYear();

  const read = table.rows.map(({ line, cells }) => {
    const problems: ImportProblem[] = [];
    const f = Object.fromEntries(IMPORT_FIELDS.map((k) => [k, cell(cells, k)])) as Record<ImportField, string>;
    if (f.name === '') problems.push('name_missing');
    let phoneE164: string | null = null;
    if (f.phone === '') problems.push('phone_missing');
    else {
      const p = parseIndonesianPhone(f.phone);
      if (p.kind !== 'ok') problems.push('phone_invalid');
      else if (seen.has(p.e164)) problems.push('phone_twice_in_file');
      else {
        seen.add(p.e164);
        phoneE164 = p.e164;
      }
    }
    let sectorId: number | null = null;
    if (f.sector !== '' || f.activity !== '') {
      const key = `${f.sector}\u0000${f.activity}`;
      if (!sectorCache.has(key)) {
        const bySector = f.sector === '' ? null : readSector(f.sector, vocab);
        const reading = bySector?.kind === 'value' ? bySector : f.sector === '' ? readSector(f.activity, vocab) : bySector;
        sectorCache.set(key, reading?.kind === 'value' ? (sectorIds.get(reading.value) ?? null) : null);
      }
      sectorId = sectorCache.get(key) ?? null;
      if (sectorId === null && f.sector !== '') problems.push('sector_unknown');
    }
    let kecamatanId: number | null = null;
    if (f.kecamatan !== '') {
      if (!kecamatanCache.has(f.kecamatan)) {
        const r = readKecamatan(f.kecamatan, vocab);
        kecamatanCache.set(f.kecamatan, r.kind === 'value' ? (kecamatanIds.get(r.value) ?? null) : null);
      }
      kecamatanId = kecamatanCache.get(f.kecamatan) ?? null;
      if (kecamatanId === null) problems.push('kecamatan_unknown');
    }
    let startedYear: number | null = null;
    if (f.year !== '') {
      const y = /^\d{4}$/u.test(f.year) ? Number(f.year) : Number.NaN;
      if (y >= 1950 && y <= thisYear) startedYear = y;
      else problems.push('year_invalid');
    }
    const omzet = readOmzet(f.omzet, vocab);
    if (omzet === 'invalid') problems.push('omzet_invalid');
    return { line, ...f, phoneE164, sectorId, kecamatanId, startedYear, omzetValue: omzet === 'invalid' ? null : omzet, problems };
  });

  // Numbers already on record (signed up in chat, or imported before).
  const phones = read.flatMap((r) => (r.phoneE164 ? [r.phoneE164] : []));
  const known = new Set<string>();
  for (let i = 0; i < phones.length; i += 5000) {
    const found = await db.selectFrom('people').select('phone_e164').where('erased_at', 'is', null).where('phone_e164', 'in', phones.slice(i, i + 5000)).execute();
    for (const r of found) if (r.phone_e164) known.add(r.phone_e164);
  }
  const rows = read.map((r) => (r.phoneE164 && known.has(r.phoneE164) ? { ...r, problems: [...r.problems, 'phone_registered' as const] } : r));
  const valid = rows.filter((r) => r.problems.length === 0).length;
  return { columns, rows, valid, invalid: rows.length - valid };
}

/** The valid rows as people "diundang, belum setuju", in one transaction; `dryRun` writes nothing. */
export async function importPeople(db: Kysely<Database>, preview: ImportPreview, now: Date, options: { dryRun?: boolean } = {}): Promise<{ imported: number; skipped: number }> {
  const valid = preview.rows.filter((r) => r.problems.length === 0);
  const skipped = preview.rows.length - valid.length;
  if (options.dryRun || valid.length === 0) return { imported: 0, skipped };
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < valid.length; i += 1000) {
      await trx
        .insertInto('people')
        .values(
          valid.slice(i, i + 1000).map((r) => ({
            full_name: r.name,
            business_name: r.business || null,
            business_activity: r.activity || null,
            phone_e164: r.phoneE164,
            // Typed into a register, not vouched for by a channel: it links no chat by itself.
            phone_verified: false,
            sector_id: r.sectorId,
            kecamatan_id: r.kecamatanId,
            business_started_year: r.startedYear,
            baseline_omzet: r.omzetValue,
            imported_at: now,
            consent_pending: true,
            registered_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
  });
  return { imported: valid.length, skipped };
}
