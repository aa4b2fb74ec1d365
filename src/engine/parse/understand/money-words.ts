// The words around a rupiah figure, in Indonesian, Banjar and English: units (jt, rb, k,
// million), and what the words near a figure say about it (a range, per day, a change, gross
// or net, the same as last month, nothing yet). These are grammar, not city data.

import type { NumberToken } from '../number.js';
import type { Vocabulary } from '../vocabulary.js';
import { cached, PhraseIndex } from './phrases.js';

export type Unit = { readonly scale: 'ribu' | 'juta' | 'miliar' | 'triliun'; readonly ambiguous?: true };

export type MoneyTag =
  | { readonly t: 'unit'; readonly unit: Unit }
  | { readonly t: 'currency' | 'range' | 'between' | 'period' | 'delta' | 'deltaSize' | 'level' | 'gross' | 'net' | 'bound' | 'varies' | 'same' | 'zero' | 'noun' | 'approx' | 'unsure' };

const UNITS: Readonly<Record<Unit['scale'], readonly string[]>> = {
  ribu: ['rb', 'ribu', 'rebu', 'rbu', 'k', 'rban', 'rbuan', 'ribuan', 'rebuan', 'thousand', 'thousands', 'ribu rupiah'],
  juta: ['jt', 'juta', 'jta', 'jtan', 'jutaan', 'jtaan', 'million', 'millions', 'mil', 'mio', 'juta rupiah'],
  miliar: ['miliar', 'milyar', 'miliaran', 'milyaran', 'billion', 'billions', 'bn'],
  triliun: ['triliun', 'trilyun', 'trillion'],
};

const WORDS: Readonly<Record<Exclude<MoneyTag['t'], 'unit'>, readonly string[]>> = {
  currency: ['rp', 'idr', 'rupiah', 'rupiahnya'],
  range: ['sampai', 'sampe', 'smp', 'hingga', 's d', 'sd', 'to', 'atau', 'ato', 'or'],
  between: ['antara', 'between'],
  period: [
    'sehari', 'perhari', 'per hari', 'tiap hari', 'setiap hari', 'harian', 'hari', 'seminggu', 'perminggu', 'per minggu', 'tiap minggu',
    'mingguan', 'sepekan', 'per pekan', 'setahun', 'per tahun', 'pertahun', 'tiap tahun', 'tahunan', 'a day', 'per day', 'daily',
    'a week', 'per week', 'weekly', 'a year', 'per year', 'yearly', 'annually', 'each day', 'every day', 'each week',
  ],
  delta: ['naik', 'turun', 'nambah', 'tambah', 'bertambah', 'berkurang', 'meningkat', 'menurun', 'naiknya', 'turunnya', 'up', 'down', 'increase', 'increased', 'rose', 'dropped', 'fell', 'more', 'less'],
  deltaSize: ['dikit', 'sedikit', 'banyak', 'lumayan', 'drastis', 'jauh', 'a bit', 'a little', 'a lot', 'alhamdulillah'],
  level: ['jadi', 'menjadi', 'sekarang', 'now'],
  gross: ['kotor', 'kotornya', 'gross', 'omzet kotor', 'omset kotor', 'penjualan', 'omzet', 'omset', 'omzetnya', 'omsetnya', 'pendapatan', 'pemasukan', 'revenue', 'sales', 'turnover'],
  net: ['bersih', 'bersihnya', 'net', 'untung', 'laba', 'profit', 'keuntungan', 'untungnya'],
  bound: [
    'lebih dari', 'lbh dari', 'kurang dari', 'krg dari', 'di atas', 'diatas', 'di bawah', 'dibawah', 'more than', 'less than', 'over',
    'under', 'at least', 'at most', 'maksimal', 'minimal', 'paling banyak', 'paling sedikit', 'tidak sampai', 'gak sampai', 'ga sampai',
    'nggak sampai', 'belum sampai', 'tembus', 'lewat dari', 'up to',
  ],
  varies: ['kadang', 'kadang kadang', 'sometimes', 'tergantung', 'tidak tentu', 'gak tentu', 'ga tentu', 'naik turun', 'fluktuatif', 'depends', 'varies', 'beda beda', 'tiap bulan beda'],
  same: [
    'sama', 'sama aja', 'sama saja', 'sama kayak', 'sama kaya', 'sama seperti', 'sama dengan', 'segitu juga', 'masih sama', 'tetap', 'tetap sama',
    'stabil', 'same', 'the same', 'same as last month', 'unchanged', 'no change',
  ],
  zero: [
    'nol', 'kosong', 'belum ada', 'blm ada', 'tidak ada', 'tdk ada', 'gak ada', 'ga ada', 'gk ada', 'nggak ada', 'enggak ada', 'ndak ada',
    'kadada', 'kada ada', 'belum', 'blm', 'nothing', 'nothing yet', 'none', 'zero', 'no income', 'no sales', 'not yet', 'no revenue',
    'belum ada pemasukan', 'belum ada omzet', 'belum ada omset', 'belum ada penjualan', 'belum jualan', 'blm jualan',
  ],
  noun: [
    'orang', 'org', 'urang', 'karyawan', 'pegawai', 'bulan', 'bln', 'tahun', 'thn', 'th', 'minggu', 'jam', 'kali', 'x', 'persen', 'kg', 'kilo',
    'pcs', 'biji', 'buah', 'porsi', 'bungkus', 'box', 'kotak', 'pesanan', 'order', 'cabang', 'hari', 'days', 'months', 'years', 'people', 'percent',
  ],
  approx: ['an', 'lebih', 'kurang', 'lebih dikit', 'lebih sedikit', 'kurang dikit', 'kurang sedikit', 'plus'],
  unsure: ['kurang tau', 'tidak tau', 'gak tau', 'ga tau', 'lupa', 'belum dihitung', 'blm dihitung', 'not sure', 'dont know'],
};

// English number words; Indonesian and Banjar ones come from number.ts.
export const ENGLISH: ReadonlyMap<string, readonly NumberToken[]> = new Map<string, readonly NumberToken[]>([
  ['zero', [0]], ['one', [1]], ['two', [2]], ['three', [3]], ['four', [4]], ['five', [5]], ['six', [6]], ['seven', [7]],
  ['eight', [8]], ['nine', [9]], ['ten', [10]], ['eleven', [11]], ['twelve', [12]], ['thirteen', [13]], ['fourteen', [14]],
  ['fifteen', [15]], ['sixteen', [16]], ['seventeen', [17]], ['eighteen', [18]], ['nineteen', [19]], ['twenty', [20]],
  ['thirty', [30]], ['forty', [40]], ['fifty', [50]], ['sixty', [60]], ['seventy', [70]], ['eighty', [80]], ['ninety', [90]],
  ['hundred', ['ratus']], ['half', ['setengah']], ['a', [1]],
]);

export function moneyIndex(vocab: Vocabulary): PhraseIndex<MoneyTag> {
  return cached(vocab, 'amount', () => {
    const idx = new PhraseIndex<MoneyTag>();
    for (const [scale, list] of Object.entries(UNITS)) idx.addAll(list, { t: 'unit', unit: { scale: scale as Unit['scale'] } });
    // `m` is million in English and miliar in Indonesian: never guessed (README: "2m" → ask).
    idx.add('m', { t: 'unit', unit: { scale: 'juta', ambiguous: true } });
    for (const [t, list] of Object.entries(WORDS)) idx.addAll(list, { t } as MoneyTag);
    idx.addAll(vocab.words.varies, { t: 'varies' });
    return idx;
  });
}
