// Numbers written as words (dua puluh lima, dua setengah juta) and the two plain-number
// questions of sign-up: how many people work in the business, and the year it started.

import { foldText, normalize } from './normalize.js';

/** A scale word inside a spelled-out number. */
export type NumberScaleWord = 'puluh' | 'belas' | 'ratus' | 'ribu' | 'juta' | 'miliar' | 'triliun' | 'setengah';

/** One piece of a spelled-out number: a value (from a word or digits) or a scale word. */
export type NumberToken = number | NumberScaleWord;

// Standard Indonesian, plus the Banjar forms people in Banjarmasin write (talu, ampat, anam,
// pitu, walu, sanga, sa- prefix) and common shortenings (lapan, stengah, rebu).
const WORDS: ReadonlyMap<string, readonly NumberToken[]> = new Map<string, readonly NumberToken[]>([
  ['nol', [0]],
  ['satu', [1]],
  ['asa', [1]],
  ['dua', [2]],
  ['tiga', [3]],
  ['talu', [3]],
  ['empat', [4]],
  ['ampat', [4]],
  ['lima', [5]],
  ['enam', [6]],
  ['anam', [6]],
  ['tujuh', [7]],
  ['pitu', [7]],
  ['delapan', [8]],
  ['lapan', [8]],
  ['walu', [8]],
  ['sembilan', [9]],
  ['sanga', [9]],
  ['sepuluh', [10]],
  ['sapuluh', [10]],
  ['sebelas', [11]],
  ['sabelas', [11]],
  ['seratus', [1, 'ratus']],
  ['saratus', [1, 'ratus']],
  ['seribu', [1, 'ribu']],
  ['saribu', [1, 'ribu']],
  ['sejuta', [1, 'juta']],
  ['sajuta', [1, 'juta']],
  ['semiliar', [1, 'miliar']],
  ['semilyar', [1, 'miliar']],
  ['setriliun', [1, 'triliun']],
  ['puluh', ['puluh']],
  ['belas', ['belas']],
  ['ratus', ['ratus']],
  ['ribu', ['ribu']],
  ['rebu', ['ribu']],
  ['juta', ['juta']],
  ['miliar', ['miliar']],
  ['milyar', ['miliar']],
  ['triliun', ['triliun']],
  ['trilyun', ['triliun']],
  ['setengah', ['setengah']],
  ['satengah', ['setengah']],
  ['stengah', ['setengah']],
]);

/** The tokens a single number word stands for (`seratus` → 1, ratus), or null if it is not one. */
export function numberWordTokens(word: string): readonly NumberToken[] | null {
  return WORDS.get(word) ?? null;
}

// Largest first: a number is split at its largest scale word, so `dua ribu juta` is (dua ribu) juta.
const SCALES: readonly (readonly [NumberScaleWord, number])[] = [
  ['triliun', 1e12],
  ['miliar', 1e9],
  ['juta', 1e6],
  ['ribu', 1e3],
  ['ratus', 100],
  ['puluh', 10],
];

const isDigit = (value: number): boolean => Number.isInteger(value) && value >= 1 && value <= 9;

const hasScaleAtLeast = (tokens: readonly NumberToken[], minimum: number): boolean =>
  tokens.some((t) => SCALES.some(([word, scale]) => word === t && scale >= minimum));

/**
 * Evaluates spelled-out number tokens: `[2, 'setengah', 'juta']` → 2,500,000.
 * Returns null for sequences that do not form one number (`[3, 4]`, `['juta']`).
 */
export function evaluateNumberTokens(tokens: readonly NumberToken[]): number | null {
  if (tokens.length === 0) return null;
  for (const [word, scale] of SCALES) {
    const at = tokens.indexOf(word);
    if (at === -1) continue;
    const multiplier = evaluateNumberTokens(tokens.slice(0, at));
    if (multiplier === null || multiplier <= 0) return null;
    // Below a thousand the multiplier is a single digit: dua puluh, lima ratus.
    if (scale < 1000 && !isDigit(multiplier)) return null;
    const rest = tokens.slice(at + 1);
    if (rest.length === 0) return multiplier * scale;
    // `satu juta setengah` is how people say one and a half million.
    if (rest.length === 1 && rest[0] === 'setengah') return (multiplier + 0.5) * scale;
    // `satu juta lima ratus` is said for both 1,000,500 and 1,500,000; refuse rather than guess.
    if (scale >= 1e6 && !hasScaleAtLeast(rest, 1000)) return null;
    const remainder = evaluateNumberTokens(rest);
    if (remainder === null || remainder >= scale) return null;
    return multiplier * scale + remainder;
  }
  return evaluateSmall(tokens);
}

// What is left once every scale above `belas` has been split off: one value, optionally with
// `setengah` (dua setengah = 2.5) or `belas` (dua belas = 12).
function evaluateSmall(tokens: readonly NumberToken[]): number | null {
  const [first, second, ...more] = tokens;
  if (more.length > 0 || first === undefined) return null;
  if (second === undefined) {
    if (first === 'setengah') return 0.5;
    return typeof first === 'number' ? first : null;
  }
  if (typeof first !== 'number') return null;
  if (second === 'setengah' && Number.isInteger(first) && first >= 1) return first + 0.5;
  if (second === 'belas' && isDigit(first)) return 10 + first;
  return null;
}

/**
 * Reads a spelled-out Indonesian number: `dua puluh lima` → 25, `dua setengah juta` → 2500000,
 * `seratus ribu` → 100000. Plain integer digits may be mixed in (`3 ratus`). Null if any word
 * is not a number word or the words do not form one number.
 */
export function parseIndonesianNumberWords(words: string): number | null {
  const parts = normalize(words).split(/[\s-]+/u).filter((w) => w !== '');
  const tokens: NumberToken[] = [];
  for (const part of parts) {
    if (/^\d+$/u.test(part)) tokens.push(Number(part));
    else {
      const mapped = numberWordTokens(part);
      if (mapped === null) return null;
      tokens.push(...mapped);
    }
  }
  return evaluateNumberTokens(tokens);
}

// ---------------------------------------------------------------------------------------------
// Head count

const MAX_COUNT = 100_000;

// Words that only frame the answer ("ada 3 orang karyawan") and carry no quantity.
const COUNT_FILLERS = new Set([
  'ada', 'orang', 'org', 'karyawan', 'pegawai', 'pekerja', 'tenaga', 'kerja', 'sdm', 'anggota',
  'sekitar', 'kira', 'kira-kira', 'kurang', 'lebih', 'total', 'semua', 'semuanya', 'jumlah',
  'jumlahnya', 'cuma', 'hanya', 'saja', 'aja', 'haja', 'diri', 'ya', 'pak', 'bu', 'kak', 'sih',
  'kok', 'lah', 'deh', 'dong', 'yang', 'bekerja', 'kerjanya', 'termasuk', 'dengan',
]);

// "Just me": the owner works alone. Includes Banjar ulun (I) and saurang/surang (alone).
const SELF_WORDS = new Set(['saya', 'sy', 'aku', 'ulun', 'sendiri', 'sendirian', 'seorang', 'saurang', 'surang', 'sorang']);

// "ber-" + number means "as a group of": kami berdua = the two of us.
const GROUP_WORDS: ReadonlyMap<string, number> = new Map([
  ['berdua', 2], ['bertiga', 3], ['berempat', 4], ['berlima', 5], ['berenam', 6],
  ['bertujuh', 7], ['berdelapan', 8], ['bersembilan', 9], ['bersepuluh', 10],
]);

const NONE_ANSWERS = new Set([
  'tidak ada', 'tdk ada', 'gak ada', 'ga ada', 'nggak ada', 'enggak ada', 'belum ada', 'blm ada',
  'kadada', 'kada ada', 'nol', 'kosong',
]);

/**
 * Reads how many people: `3`, `3 orang`, `dua belas`, `sendiri` → 1, `kami berdua` → 2,
 * `tidak ada` → 0. Null for ranges, negatives, fractions and anything above 100,000.
 */
export function parseCount(text: string): number | null {
  if (/^(?:-|minus\b)/u.test(foldText(text))) return null;
  const cleaned = normalize(text).replace(/\btermasuk (?:saya|aku|ulun)\b/gu, ' ').trim();
  if (cleaned === '') return null;
  if (NONE_ANSWERS.has(cleaned)) return 0;

  const words = cleaned.split(' ').filter((w) => !COUNT_FILLERS.has(w));
  if (words.length === 0) return null;

  const group = words.map((w) => GROUP_WORDS.get(w)).filter((n) => n !== undefined);
  if (group.length === 1 && words.every((w) => GROUP_WORDS.has(w) || w === 'kami' || w === 'kita')) {
    return group[0] ?? null;
  }
  if (words.every((w) => SELF_WORDS.has(w))) return 1;

  const tokens: NumberToken[] = [];
  for (const word of words) {
    if (/^\d+$/u.test(word)) tokens.push(Number(word));
    else if (/^\d{1,3}(?:\.\d{3})+$/u.test(word)) tokens.push(Number(word.replaceAll('.', '')));
    else {
      const mapped = numberWordTokens(word);
      if (mapped === null) return null;
      tokens.push(...mapped);
    }
  }
  const value = evaluateNumberTokens(tokens);
  if (value === null || !Number.isInteger(value) || value < 0 || value > MAX_COUNT) return null;
  return value;
}

// ---------------------------------------------------------------------------------------------
// Founding year

const EARLIEST_YEAR = 1950;

/**
 * Reads the year a business started: `2019`, `tahun 2019`, `sejak 2019`, `2019an`,
 * `maret 2019`, `12/03/2019`. Also `tahun ini`, `tahun lalu` and `5 tahun lalu`, counted
 * back from `nowYear` (passed in so the parser needs no clock). Accepts 1950..nowYear.
 * Two-digit years (`'19`) are refused: 19 could be 1919 or 2019.
 */
export function parseYear(text: string, nowYear: number): number | null {
  const cleaned = normalize(text);
  const relative = parseRelativeYear(cleaned, nowYear);
  if (relative !== null) return inYearRange(relative, nowYear);

  // Digit runs, so `2019an` and `12/03/2019` both yield their year.
  const runs = foldText(text).match(/\d+/gu) ?? [];
  const years = runs.filter((r) => r.length === 4);
  // Other numbers may only be a day or a month next to the year.
  if (years.length !== 1 || runs.some((r) => r.length !== 4 && r.length > 2)) return null;
  return inYearRange(Number(years[0]), nowYear);
}

function parseRelativeYear(cleaned: string, nowYear: number): number | null {
  const stripped = cleaned.replace(/^(?:sejak|dari|mulai|mulai dari)\s+/u, '');
  if (stripped === 'tahun ini' || stripped === 'thn ini') return nowYear;
  if (stripped === 'tahun lalu' || stripped === 'thn lalu' || stripped === 'tahun kemarin') return nowYear - 1;
  const ago = /^(.+?)\s+(?:tahun|thn|th)\s+(?:yang\s+|yg\s+)?(?:lalu|yang lalu)$/u.exec(stripped);
  if (!ago?.[1]) return null;
  const years = /^\d{1,2}$/u.test(ago[1]) ? Number(ago[1]) : parseIndonesianNumberWords(ago[1]);
  if (years === null || !Number.isInteger(years) || years < 1) return null;
  return nowYear - years;
}

function inYearRange(year: number, nowYear: number): number | null {
  return year >= EARLIEST_YEAR && year <= nowYear ? year : null;
}
