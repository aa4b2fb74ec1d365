// Rupiah amounts as people type them: `Rp7.500.000,-`, `7,5 jt`, `dua setengah juta`,
// `kira-kira 4 juta`. The answer is usually a monthly turnover, so a bare `5` most likely
// means five million; rather than store a guess, such answers come back as `confirm` and the
// conversation asks the person.

import { foldText, normalizeCommand } from './normalize.js';
import { evaluateNumberTokens, numberWordTokens } from './number.js';
import type { NumberToken } from './number.js';

export type MoneyParse =
  | { kind: 'ok'; rupiah: number }
  | { kind: 'confirm'; rupiah: number }
  | { kind: 'range' }
  | { kind: 'invalid' };

const INVALID: MoneyParse = { kind: 'invalid' };
const RANGE: MoneyParse = { kind: 'range' };

/** Anything larger is a typo or a joke, and would lose precision as a JS number anyway. */
const MAX_RUPIAH = 1e15;

// Ways of saying "nothing (yet)": a new business may truly have no turnover.
const ZERO_ANSWERS = new Set([
  'nol', 'kosong', 'tidak ada', 'tdk ada', 'gak ada', 'ga ada', 'gk ada', 'nggak ada', 'enggak ada',
  'ndak ada', 'belum ada', 'blm ada', 'kadada', 'kada ada', 'belum ada omzet', 'belum ada omset',
  'belum ada pemasukan', 'belum ada penghasilan', 'tidak ada omzet', 'tidak ada omset',
]);

// An upper or lower bound is not an amount; treated like a range so the person is asked for
// one figure.
const BOUND = /(?:^|\s)(?:kurang dari|krg dari|lebih dari|lbh dari|di ?bawah|di ?atas|paling banyak|paling sedikit|maksimal|minimal)(?=\s|$)|[<>≤≥]/u;

// Hedges and framing around the figure: `omzet sekitar 3 juta per bulan` is 3 juta.
// Multi-word ones come first so `kurang lebih` is removed before its parts.
const HEDGES: readonly RegExp[] = [
  /±|\+\s*\/?\s*-/gu,
  /(?:^|\s)(?:kurang lebih|krg lbh|krg lebih|lebih kurang|kira kira|kira-kira|rata rata|rata-rata|per bulan|per bln|tiap bulan|setiap bulan|dalam sebulan|dalam satu bulan)(?=\s|$)/gu,
  /\/\s*(?:bulan|bln|bl)(?=\s|$)/gu,
  /(?:^|\s)(?:kurleb|kira2|kr2|rata2|kisaran|sekitaran|sekitar|kira|hampir|cuma|hanya|perbulan|sebulan|sebulannya|omzet|omzetnya|omset|omsetnya|pendapatan|pendapatannya|penghasilan|penghasilannya|penjualan|penjualannya|saya|kami|ulun|lebih|kotor|bersih)(?=\s|$)/gu,
];

// Scale words and their abbreviations. `m` is miliar, as in Indonesian usage (Rp1,2 M);
// the `-an` forms (jutaan, 3jtan) are the "about" suffix.
const UNITS: ReadonlyMap<string, NumberToken> = new Map<string, NumberToken>([
  ['k', 'ribu'], ['rb', 'ribu'], ['rbu', 'ribu'], ['rebu', 'ribu'], ['ribu', 'ribu'], ['rban', 'ribu'],
  ['rbuan', 'ribu'], ['ribuan', 'ribu'], ['rebuan', 'ribu'],
  ['jt', 'juta'], ['jta', 'juta'], ['juta', 'juta'], ['jtan', 'juta'], ['jutaan', 'juta'], ['jtaan', 'juta'],
  ['m', 'miliar'], ['miliar', 'miliar'], ['milyar', 'miliar'], ['miliaran', 'miliar'], ['milyaran', 'miliar'],
  ['t', 'triliun'], ['triliun', 'triliun'], ['trilyun', 'triliun'],
]);
const SCALE_UNITS = new Set<NumberToken>(['ribu', 'juta', 'miliar', 'triliun']);

// Words that may surround the figure without changing it.
const IGNORED = new Set(['rp', 'idr', 'rupiah', 'an', 'ya', 'pak', 'bu', 'kak', 'aja', 'saja', 'lah', 'deh', 'sih', 'antara']);

const RANGE_CONNECTORS = new Set(['-', '~', 'sampai', 'sampe', 'smp', 'hingga', 'dan', 'atau', 'ato']);

/**
 * Reads a rupiah amount.
 *
 * - `ok`: the figure is clear (`7.500.000`, `7,5 juta`, `500rb`, `belum ada` → 0).
 * - `confirm`: a figure without a unit too small to be a monthly turnover; `rupiah` is the
 *   guess to offer. Below 1,000 the guess is millions (`5` → 5,000,000; `7,5` → 7,500,000);
 *   from 1,000 to 99,999 it is thousands (`1.500` → 1,500,000).
 * - `range`: two figures (`3-4 juta`, `antara 3 dan 4 juta`) or a bound (`kurang dari 1 juta`).
 * - `invalid`: no figure, a negative figure, a lone `-`, or above 10^15.
 *
 * Number format: a dot followed by groups of exactly three digits is a thousands separator
 * (7.500.000); a comma is the Indonesian decimal mark (7,5), except in English-style
 * grouping of two or more comma groups (7,500,000); a dot followed by one or two digits is a
 * decimal point (7.5jt).
 */
export function parseMoney(text: string): MoneyParse {
  let s = foldText(text).replace(/[\u2010-\u2015\u2212]/gu, '-');
  if (s === '') return INVALID;
  if (/^(?:(?:rp|idr)\.?\s*)?(?:-|minus\b)\s*(?:(?:rp|idr)\.?\s*)?\d/u.test(s)) return INVALID;

  const words = normalizeCommand(s);
  if (ZERO_ANSWERS.has(words)) return { kind: 'ok', rupiah: 0 };
  if (BOUND.test(s)) return RANGE;

  for (const hedge of HEDGES) s = s.replace(hedge, ' ');
  s = s
    .replace(/(\d)\s*[.,]\s*-(?=\s|$)/gu, '$1') // Rp7.500.000,- : the dash closes the figure
    .replace(/(?:^|\s)s\s*[/.]\s*d\b\.?/gu, ' sampai ') // s/d, s.d. = sampai dengan
    .replace(/(?:^|\s)sd(?=\s|$)/gu, ' sampai ')
    .replace(/(\d)(?=\p{L})/gu, '$1 ') // 7jt, 500k
    .replace(/(\p{L})(?=\d)/gu, '$1 ') // Rp7.500.000
    .replace(/[-~]/gu, ' $& ');

  const tokens = s
    .split(/\s+/u)
    .map((t) => (t === '-' || t === '~' ? t : t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')))
    .filter((t) => t !== '' && !IGNORED.has(t));
  if (tokens.length === 0) return INVALID;

  if (tokens.some((t) => RANGE_CONNECTORS.has(t))) return parseRangeShape(tokens);
  return parseAmount(tokens);
}

// A connector with a figure on each side is a range; a connector dangling alone is not money.
function parseRangeShape(tokens: readonly string[]): MoneyParse {
  const at = tokens.findIndex((t) => RANGE_CONNECTORS.has(t));
  const left = tokens.slice(0, at);
  const right = tokens.slice(at + 1);
  return hasFigure(left) && hasFigure(right) ? RANGE : INVALID;
}

function hasFigure(tokens: readonly string[]): boolean {
  return tokens.some((t) => parseNumeral(t) !== null || numberWordTokens(t) !== null);
}

function parseAmount(words: readonly string[]): MoneyParse {
  const tokens: NumberToken[] = [];
  for (const word of words) {
    const numeral = parseNumeral(word);
    const unit = UNITS.get(word);
    const spelled = numberWordTokens(word);
    if (numeral !== null) tokens.push(numeral);
    else if (unit !== undefined) tokens.push(unit);
    else if (spelled !== null) tokens.push(...spelled);
    else return INVALID;
  }

  const value = evaluateNumberTokens(tokens);
  if (value === null || !Number.isFinite(value) || value < 0 || value > MAX_RUPIAH) return INVALID;
  if (value === 0) return { kind: 'ok', rupiah: 0 };

  const hasUnit = tokens.some((t) => SCALE_UNITS.has(t));
  if (!hasUnit && value < 1000) return { kind: 'confirm', rupiah: Math.round(value * 1e6) };
  if (!hasUnit && value < 100_000) return { kind: 'confirm', rupiah: Math.round(value * 1e3) };

  const rupiah = Math.round(value);
  // A fraction of a rupiah (`0,1 rb` is fine, `0,0001 rb` is not) is not an amount.
  return rupiah === 0 ? INVALID : { kind: 'ok', rupiah };
}

/** Reads one written figure using the separator rules in `parseMoney`'s doc; null if malformed. */
function parseNumeral(token: string): number | null {
  let m: RegExpExecArray | null;
  if (/^\d+$/u.test(token)) return Number(token);
  // 7.500.000 or 7.500.000,00
  if ((m = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/u.exec(token))) {
    return Number(`${(m[1] ?? '').replaceAll('.', '')}.${m[2] ?? '0'}`);
  }
  // 7,500,000 or 7,500,000.00 (English grouping; a single group like 1,500 is a decimal comma)
  if ((m = /^(\d{1,3}(?:,\d{3}){2,})(?:\.(\d{1,2}))?$/u.exec(token))) {
    return Number(`${(m[1] ?? '').replaceAll(',', '')}.${m[2] ?? '0'}`);
  }
  if ((m = /^(\d+),(\d+)$/u.exec(token))) return Number(`${m[1]}.${m[2]}`);
  if (/^\d+\.\d{1,2}$/u.test(token)) return Number(token);
  return null;
}
