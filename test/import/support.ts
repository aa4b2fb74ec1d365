import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { loadCityVocabulary } from '../../src/city/load.js';
import { importPeople, previewImport, readRegisterFile } from '../../src/runtime/import/register.js';

// The office's register as staff export it from Excel (semicolons, numbers as people write
// them), imported the way `import people` does it.

export const REGISTER = [
  'Nama;No HP;Nama Usaha;Kegiatan;Sektor;Kecamatan;Tahun;Omzet',
  'Hj. Rahmah;0811 5100 2233;Sasirangan Rahmah;kain sasirangan;Kerajinan;Banjarmasin Tengah;2016;4.000.000',
  'Ahmad Fauzi;0822-5200-4455;Pentol Fauzi;jualan pentol;Kuliner;Selatan;2021;',
  'Siti Mariam;+62 813 5300 6677;Bingka Mariam;kue bingka;Kuliner;Utara;2018;2,5 juta',
  'Muhammad Ridwan;085254007788;Bengkel Ridwan;servis motor;Jasa;Barat;2019;',
  "Noor Aisyah;0812 5411 9900;Amplang Aisyah;amplang ikan;Kuliner;Timur;2017;",
  'Gusti Hamdan;0853 4800 1122;Anyaman Purun;purun;Kerajinan;Banjarmasin Utara;2020;',
].join('\n');

export async function importRegister(db: Kysely<Database>, csv = REGISTER, now = new Date('2026-11-20T01:00:00Z')): Promise<Map<string, string>> {
  const preview = await previewImport(db, loadCityVocabulary(), await readRegisterFile('daftar-alumni.csv', Buffer.from(csv)), now);
  if (preview.invalid > 0) throw new Error(`register rows with problems: ${JSON.stringify(preview.rows.filter((r) => r.problems.length > 0))}`);
  await importPeople(db, preview, now);
  const rows = await db.selectFrom('people').select(['id', 'full_name']).where('imported_at', 'is not', null).execute();
  return new Map(rows.map((r) => [r.full_name ?? '', r.id]));
}
