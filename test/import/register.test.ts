import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityVocabulary } from '../../src/city/load.js';
import { ImportFileError, ImportMappingError, importPeople, mapColumns, previewImport, readRegisterFile } from '../../src/runtime/import/register.js';
import { createTestApp, type TestApp } from '../support/app.js';

// Importing the office's register (issue 13): read, preview with problems, import as
// "diundang, belum setuju", and a dry run that writes nothing.

const vocab = loadCityVocabulary();
const NOW = new Date('2026-12-02T03:00:00Z');
const KECAMATAN = ['Banjarmasin Utara', 'bjm selatan', 'Tengah', 'Banjarmasin Timur', 'Barat'];
const SECTORS = ['Kuliner', 'kerajinan', 'Jasa', 'Fashion', 'perdagangan'];

async function xlsx(headers: string[], rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Register');
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** 0812 + 8 digits, distinct for each i. */
const phone = (i: number) => `0812${String(10_000_000 + i).slice(-8)}`;

describe('importing the register', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('import-register');
  });
  afterAll(async () => {
    await t?.close();
  });
  const db = () => t.app.database.db;
  const imported = async () => Number((await db().selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).where('imported_at', 'is not', null).executeTakeFirstOrThrow()).n);

  it('maps Indonesian and English headers, case-insensitive', () => {
    expect(mapColumns(['NAMA', 'No. HP', 'Nama Usaha', 'Kegiatan', 'Sektor', 'Kecamatan', 'Tahun', 'Omset']).columns).toEqual({ name: 0, phone: 1, business: 2, activity: 3, sector: 4, kecamatan: 5, year: 6, omzet: 7 });
    expect(mapColumns(['Name', 'Phone', 'Business', 'Activity', 'Sector', 'District', 'Year']).columns).toEqual({ name: 0, phone: 1, business: 2, activity: 3, sector: 4, kecamatan: 5, year: 6 });
    expect(mapColumns(['Nama', 'Alamat']).missing).toEqual(['phone']);
  });

  it('refuses a file that is neither XLSX nor CSV, and a CSV without the required columns', async () => {
    await expect(readRegisterFile('register.pdf', Buffer.from('%PDF-1.4'))).rejects.toMatchObject({ reason: 'wrong_type' });
    await expect(readRegisterFile('register.xlsx', Buffer.from('nama,hp\nA,0812'))).rejects.toBeInstanceOf(ImportFileError);
    const table = await readRegisterFile('r.csv', Buffer.from('Nama;Alamat\nSiti;Jl. A\n'));
    await expect(previewImport(db(), vocab, table, NOW)).rejects.toMatchObject({ reason: 'columns_missing', detail: 'phone' });
  });

  it('marks bad rows and imports nothing on a dry run', async () => {
    await db().insertInto('people').values({ full_name: 'Sudah Ada', phone_e164: '+6281399990000', member_no: 'BJM-900001' }).execute();
    const csv = [
      'Nama;No HP;Usaha;Kegiatan;Sektor;Kecamatan;Tahun;Omzet',
      'Siti Aminah;0812-3456-7890;Kopi Asli;jualan kopi;Kuliner;Banjarmasin Utara;2019;Rp 7.500.000',
      'Budi;12345;Bengkel;servis motor;Jasa;Tengah;2018;',
      'Rina;0812 3456 7890;Roti;roti;Kuliner;Utara;2020;',
      ';0813 1111 2222;Tanpa Nama;;;;;',
      'Dewi;0813 7777 0000;Toko;;Antariksa;Kota Baru;1890;banyak',
      'Sudah;+62 813-9999-0000;X;;;;;',
    ].join('\n');
    const preview = await previewImport(db(), vocab, await readRegisterFile('register.csv', Buffer.from(csv)), NOW);
    const byLine = new Map(preview.rows.map((r) => [r.line, r.problems]));
    expect(byLine.get(2)).toEqual([]);
    expect(byLine.get(3)).toEqual(['phone_invalid']);
    expect(byLine.get(4)).toEqual(['phone_twice_in_file']);
    expect(byLine.get(5)).toEqual(['name_missing']);
    expect(byLine.get(6)).toEqual(['sector_unknown', 'kecamatan_unknown', 'year_invalid', 'omzet_invalid']);
    expect(byLine.get(7)).toEqual(['phone_registered']);
    expect(preview.rows[0]).toMatchObject({ phoneE164: '+6281234567890', startedYear: 2019, omzetValue: 7_500_000 });
    expect([preview.valid, preview.invalid]).toEqual([1, 5]);

    const before = await db().selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(await importPeople(db(), preview, NOW, { dryRun: true })).toEqual({ imported: 0, skipped: 5 });
    const after = await db().selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    expect(await importPeople(db(), preview, NOW)).toEqual({ imported: 1, skipped: 5 });
    const siti = await db().selectFrom('people as p').innerJoin('sectors as s', 's.id', 'p.sector_id').innerJoin('kecamatan as k', 'k.id', 'p.kecamatan_id').select(['p.full_name', 'p.phone_verified', 'p.consent_pending', 'p.imported_at', 'p.member_no', 'p.baseline_omzet', 's.code as sector', 'k.code as kecamatan', 'p.business_activity']).where('p.phone_e164', '=', '+6281234567890').executeTakeFirstOrThrow();
    expect(siti).toMatchObject({ full_name: 'Siti Aminah', phone_verified: false, consent_pending: true, member_no: null, sector: 'kuliner', kecamatan: 'bjm-utara', business_activity: 'jualan kopi' });
    expect(Number(siti.baseline_omzet)).toBe(7_500_000);
    // Nothing is sent to an imported person: no chat, no consent, no message.
    const id = (await db().selectFrom('people').select('id').where('phone_e164', '=', '+6281234567890').executeTakeFirstOrThrow()).id;
    expect(await db().selectFrom('identities').select('id').where('person_id', '=', id).execute()).toEqual([]);
    expect(await db().selectFrom('consents').select('id').where('person_id', '=', id).execute()).toEqual([]);
    expect(await db().selectFrom('outbound_messages').select('id').execute()).toEqual([]);

    // Imported again, the same number is now on record.
    const again = await previewImport(db(), vocab, await readRegisterFile('register.csv', Buffer.from(csv)), NOW);
    expect(again.rows[0]!.problems).toEqual(['phone_registered']);
  });

  it('previews and imports by the columns staff chose, where the headers say nothing', async () => {
    // Headers the automatic matching cannot read, and a second phone column it would not prefer.
    const csv = [
      'No;Pemilik;Kontak 1;Kontak 2;Lokasi;Mulai',
      '1;Hj. Salasiah;0511 3252 111;0813-4870-2211;Bjm Selatan;2017',
      '2;Gusti Irma;-;0852 4811 9090;Kec. Banjarmasin Barat;2022',
    ].join('\n');
    const table = await readRegisterFile('daftar binaan.csv', Buffer.from(csv));
    expect(mapColumns(table.headers).missing).toEqual(['name', 'phone']);
    await expect(previewImport(db(), vocab, table, NOW)).rejects.toMatchObject({ reason: 'columns_missing' });
    await expect(previewImport(db(), vocab, table, NOW, { name: 1, phone: 3, kecamatan: 3 })).rejects.toBeInstanceOf(ImportMappingError);

    const preview = await previewImport(db(), vocab, table, NOW, { name: 1, phone: 3, kecamatan: 4, year: 5 });
    expect(preview.columns).toEqual({ name: 1, phone: 3, kecamatan: 4, year: 5 });
    expect(preview.rows.map((r) => [r.name, r.phoneE164, r.startedYear, r.problems])).toEqual([
      ['Hj. Salasiah', '+6281348702211', 2017, []],
      ['Gusti Irma', '+6285248119090', 2022, []],
    ]);
    expect(await importPeople(db(), preview, NOW)).toEqual({ imported: 2, skipped: 0 });
    const irma = await db().selectFrom('people as p').innerJoin('kecamatan as k', 'k.id', 'p.kecamatan_id').select(['p.full_name', 'k.code']).where('p.phone_e164', '=', '+6285248119090').executeTakeFirstOrThrow();
    expect(irma).toEqual({ full_name: 'Gusti Irma', code: 'bjm-barat' });
  });

  it('imports a 3,000-row XLSX', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`Pelaku Usaha ${i + 1}`, phone(i), `Usaha ${i + 1}`, 'jualan wadai', SECTORS[i % 5]!, KECAMATAN[i % 5]!, 2016 + (i % 10), (i + 1) * 100_000]);
    // Three bad rows among them.
    rows[10]![1] = '0812';
    rows[20]![1] = phone(0);
    rows[30]![5] = 'Jakarta Selatan';
    const file = await xlsx(['Nama Lengkap', 'Nomor HP', 'Nama Usaha', 'Jenis Usaha', 'Sektor', 'Kecamatan', 'Tahun Mulai', 'Omzet per bulan'], rows);
    const before = await imported();
    const started = performance.now();
    const preview = await previewImport(db(), vocab, await readRegisterFile('register.xlsx', file), NOW);
    const result = await importPeople(db(), preview, NOW);
    const ms = performance.now() - started;
    console.log(`import of 3,000 XLSX rows: ${Math.round(ms)} ms`);
    expect(result).toEqual({ imported: 2997, skipped: 3 });
    expect(preview.rows.filter((r) => r.problems.length > 0).map((r) => [r.line, r.problems])).toEqual([
      [12, ['phone_invalid']],
      [22, ['phone_twice_in_file']],
      [32, ['kecamatan_unknown']],
    ]);
    expect((await imported()) - before).toBe(2997);
    const bySector = await db().selectFrom('people as p').innerJoin('sectors as s', 's.id', 'p.sector_id').select(['s.code', (eb) => eb.fn.countAll<string>().as('n')]).where('p.imported_at', '=', NOW).groupBy('s.code').orderBy('s.code').execute();
    // Sectors and kecamatan read with the city's vocabulary (Fashion → fesyen); the three bad rows are Kuliner, Siti is Kuliner too.
    expect(bySector.map((r) => [r.code, Number(r.n)])).toEqual([['fesyen', 600], ['jasa', 600], ['kerajinan', 600], ['kuliner', 598], ['perdagangan', 600]]);
    const withoutPlace = await db().selectFrom('people').select('id').where('imported_at', '=', NOW).where('kecamatan_id', 'is', null).execute();
    expect(withoutPlace).toEqual([]);
  });
});
