import ExcelJS from 'exceljs';

// The office's register as staff keep it in Excel, for the import's end-to-end test and
// bench: headers as the office writes them, phones typed every which way (spaces, dashes,
// +62), sectors and kecamatan in the forms staff type, omzet sometimes blank, sometimes
// "Rp 3.500.000", sometimes a plain number. Every row is valid and every phone distinct.

const FIRST = ['Siti', 'Ahmad', 'Rahmah', 'Muhammad', 'Nor', 'Fitri', 'Budi', 'Dewi', 'Rina', 'Hj. Aisyah', 'H. Bahrudin', 'Salasiah', 'Gusti', 'Irma', 'Yusuf', 'Aluh'];
const LAST = ['Aminah', 'Fauzi', 'Hidayat', 'Rahman', 'Lestari', 'Santoso', 'Hayati', 'Saputra', 'Wahyuni', 'Syahrani', 'Mahmud', 'Anwar'];
const BUSINESSES: readonly (readonly [string, string, string])[] = [
  ['Kue Bingka', 'kue basah', 'Kuliner'],
  ['Soto Banjar', 'warung makan', 'kuliner'],
  ['Sasirangan', 'kain sasirangan', 'Kerajinan'],
  ['Anyaman Purun', 'anyaman purun', 'kerajinan'],
  ['Konveksi', 'jahit baju', 'Fesyen'],
  ['Bengkel Motor', 'bengkel', 'Jasa'],
  ['Toko Kelontong', 'jual sembako', 'Perdagangan'],
  ['Ikan Asin', 'ikan asin', ''],
];
const KECAMATAN = ['Banjarmasin Utara', 'Banjarmasin Selatan', 'Bjm Tengah', 'Timur', 'Banjarmasin Barat', 'BANJARMASIN TIMUR'];

/** Row i's phone, distinct for i below a million: 0812-5xxx-xxxx written four ways. */
function phone(i: number, base: number): string {
  const digits = String(base + i).padStart(7, '0');
  const n = `08125${digits}`;
  switch (i % 4) {
    case 0:
      return n;
    case 1:
      return `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`;
    case 2:
      return `+62 ${n.slice(1, 4)}-${n.slice(4, 8)}-${n.slice(8)}`;
    default:
      return `${n.slice(0, 4)}-${n.slice(4)}`;
  }
}

function omzet(i: number): string | number {
  const rupiah = 1_500_000 + (i % 40) * 250_000;
  if (i % 5 === 0) return '';
  if (i % 5 === 1) return `Rp ${new Intl.NumberFormat('id-ID').format(rupiah)}`;
  return rupiah;
}

/**
 * `rows` people as an XLSX file. `phoneBase` keeps the numbers of two files apart (a person
 * already on record is refused as a duplicate, rightly).
 */
export async function registerXlsx(rows: number, phoneBase = 0): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Daftar UMKM Binaan');
  sheet.addRow(['No', 'Nama Lengkap', 'No HP/WA', 'Nama Usaha', 'Jenis Usaha', 'Sektor', 'Kecamatan', 'Tahun Mulai', 'Omzet per Bulan']);
  for (let i = 0; i < rows; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    const [business, activity, sector] = BUSINESSES[i % BUSINESSES.length]!;
    sheet.addRow([i + 1, name, phone(i, phoneBase), `${business} ${LAST[i % LAST.length]}`, activity, sector, KECAMATAN[i % KECAMATAN.length], 2016 + (i % 10), omzet(i)]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
