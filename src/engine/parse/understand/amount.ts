// Rupiah amounts inside a sentence: "omset sy kira2 6 juta", "7 juta 500", "juta setengah",
// "naik dikit, sekitar 900rb", "Rp 1.500.000,-", "7.5 million". The words around the figure
// decide whether it can be stored: a range, a figure per day, a change ("naik 500rb": by or
// to?), two figures, a number shaped like a phone number or a year are all asked back.

import { evaluateNumberTokens, numberWordTokens, type NumberToken } from '../number.js';
import type { Vocabulary } from '../vocabulary.js';
import { cached, PhraseIndex } from './phrases.js';
import type { AskReason } from './reading.js';
import type { Token } from './tokens.js';

export type AmountRead =
  /** One clear figure in rupiah. */
  | { readonly kind: 'amount'; readonly rupiah: number }
  /** A figure without a unit (`5`, `7,5`, `1.500`): `guess` is what the person most likely meant. */
  | { readonly kind: 'no_unit'; readonly guess: number; readonly number: number }
  /** Nothing yet: 0, belum ada, nothing yet. */
  | { readonly kind: 'zero' }
  /** "sama kayak bulan lalu": the previous figure, if there is one. */
  | { readonly kind: 'same' }
  /** No figure at all. */
  | { readonly kind: 'none' }
  | { readonly kind: 'ask'; readonly reason: AskReason; readonly value?: number };

type Unit = { readonly scale: 'ribu' | 'juta' | 'miliar' | 'triliun'; readonly ambiguous?: true };

type MoneyTag =
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
const ENGLISH: ReadonlyMap<string, readonly NumberToken[]> = new Map<string, readonly NumberToken[]>([
  ['zero', [0]], ['one', [1]], ['two', [2]], ['three', [3]], ['four', [4]], ['five', [5]], ['six', [6]], ['seven', [7]],
  ['eight', [8]], ['nine', [9]], ['ten', [10]], ['eleven', [11]], ['twelve', [12]], ['thirteen', [13]], ['fourteen', [14]],
  ['fifteen', [15]], ['sixteen', [16]], ['seventeen', [17]], ['eighteen', [18]], ['nineteen', [19]], ['twenty', [20]],
  ['thirty', [30]], ['forty', [40]], ['fifty', [50]], ['sixty', [60]], ['seventy', [70]], ['eighty', [80]], ['ninety', [90]],
  ['hundred', ['ratus']], ['half', ['setengah']], ['a', [1]],
]);

function index(vocab: Vocabulary): PhraseIndex<MoneyTag> {
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

interface Piece {
  readonly token: NumberToken;
  /** The digits as typed, for a plain integer numeral. */
  readonly digits?: string;
  /** `1.500`: a dot that may be a thousands separator or a decimal point. */
  readonly dotted?: boolean;
  readonly decimal?: boolean;
}

interface Group {
  readonly start: number;
  readonly end: number;
  readonly clause: number;
  readonly pieces: readonly Piece[];
  readonly ambiguousUnit: boolean;
}

/** One written figure: `7.500.000`, `7,5`, `7.5`, `1.500` (dotted: ambiguous without a unit). */
function numeral(word: string): Piece | null {
  let m: RegExpExecArray | null;
  if (/^\d+$/u.test(word)) return { token: Number(word), digits: word };
  if ((m = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/u.exec(word))) {
    const groups = m[1]!.split('.').length - 1;
    return { token: Number(`${m[1]!.replaceAll('.', '')}.${m[2] ?? '0'}`), dotted: groups === 1 && m[2] === undefined };
  }
  if ((m = /^(\d{1,3}(?:,\d{3}){2,})(?:\.(\d{1,2}))?$/u.exec(word))) return { token: Number(`${m[1]!.replaceAll(',', '')}.${m[2] ?? '0'}`) };
  if ((m = /^(\d+),(\d+)$/u.exec(word))) return { token: Number(`${m[1]}.${m[2]}`), decimal: true };
  if (/^\d+\.\d{1,2}$/u.test(word)) return { token: Number(word), decimal: true };
  return null;
}

function spelled(word: string): readonly NumberToken[] | null {
  return numberWordTokens(word) ?? ENGLISH.get(word) ?? null;
}

const BIG: readonly (readonly [NumberToken, number])[] = [['triliun', 1e12], ['miliar', 1e9], ['juta', 1e6], ['ribu', 1e3]];

/**
 * Evaluates a figure. After juta a small number means thousands ("7 juta 500" = 7.500.000,
 * "sejuta dua ratus" = 1.200.000) and a single digit a tenth ("1jt2" = 1.200.000); two digits
 * ("7 juta 50") could be either, so they are refused.
 */
export function evaluateMoney(pieces: readonly Piece[]): number | null {
  const tokens = pieces.map((p) => p.token);
  for (const [word, scale] of BIG) {
    const at = tokens.indexOf(word);
    if (at === -1) continue;
    const left = tokens.slice(0, at);
    const right = pieces.slice(at + 1);
    const mult = left.length === 0 ? 1 : evaluateNumberTokens(combineTens(left));
    if (mult === null || mult <= 0) return null;
    if (right.length === 0) return mult * scale;
    const rightTokens = right.map((p) => p.token);
    if (rightTokens.length === 1 && rightTokens[0] === 'setengah') return (mult + 0.5) * scale;
    if (rightTokens.some((t) => BIG.some(([w, s]) => w === t && s < scale))) {
      const rest = evaluateMoney(right);
      return rest === null || rest >= scale ? null : mult * scale + rest;
    }
    const small = evaluateNumberTokens(combineTens(rightTokens));
    if (small === null || !Number.isInteger(small) || small < 0) return null;
    if (scale === 1e3) return small < 1000 ? mult * scale + small : null;
    const single = right.length === 1 && right[0]!.digits?.length === 1;
    if (single) return mult * scale + small * (scale / 10);
    if (small >= 100 && small <= 999) return mult * scale + small * (scale / 1000);
    return null;
  }
  return evaluateNumberTokens(combineTens(tokens));
}

// "twenty five" → 25, as number.ts only knows Indonesian puluh.
function combineTens(tokens: readonly NumberToken[]): NumberToken[] {
  const out: NumberToken[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (typeof t === 'number' && typeof prev === 'number' && prev >= 20 && prev % 10 === 0 && prev < 100 && t >= 1 && t <= 9) out[out.length - 1] = prev + t;
    else out.push(t);
  }
  return out;
}

// A figure starts with digits or a number word (`sejuta`, `dua`), not with a bare scale (`juta`).
const NUMBER_START = (w: string): boolean => numeral(w) !== null || typeof spelled(w)?.[0] === 'number' || spelled(w)?.[0] === 'setengah';

/** Reads the one amount of a message (see the type for the other outcomes). */
export function readAmount(tokens: readonly Token[], text: string, vocab: Vocabulary): AmountRead {
  if (phoneShaped(text)) return { kind: 'ask', reason: 'number_shape' };
  if (NEGATIVE.test(text.toLowerCase())) return { kind: 'ask', reason: 'unclear' };
  const idx = index(vocab);
  const words = tokens.map((t) => t.w);
  const tags: (MoneyTag | null)[] = words.map(() => null);
  const tagAt: { start: number; end: number; tag: MoneyTag }[] = [];
  for (const hit of idx.scan(words)) {
    tagAt.push({ start: hit.start, end: hit.end, tag: hit.value });
    for (let k = hit.start; k < hit.end; k++) tags[k] = hit.value;
  }
  const has = (t: MoneyTag['t']): boolean => tagAt.some((x) => x.tag.t === t);
  if (has('unsure')) return { kind: 'ask', reason: 'unsure' };

  const groups = findGroups(words, tokens, tags).filter((g) => !countsSomethingElse(g, tags));
  if (groups.length === 0) {
    if (has('bound')) return { kind: 'ask', reason: 'range' };
    if (has('same')) return { kind: 'same' };
    if (has('zero') && !has('varies')) return { kind: 'zero' };
    return { kind: 'none' };
  }
  if (has('varies') || has('between')) return { kind: 'ask', reason: has('varies') ? 'two_values' : 'range' };
  if (has('bound') && tagAt.some((x) => x.tag.t === 'bound' && groups.some((g) => g.start >= x.end && g.start - x.end <= 2))) {
    return { kind: 'ask', reason: 'range' };
  }

  const values = groups.map((g) => ({ g, v: evaluateMoney(g.pieces) }));
  if (values.some((x) => x.v === null)) return { kind: 'ask', reason: 'unclear' };
  if (groups.length > 1) {
    const between = (a: Group, b: Group): (MoneyTag | null)[] => tags.slice(a.end, b.start);
    for (let i = 1; i < groups.length; i++) {
      if (between(groups[i - 1]!, groups[i]!).some((t) => t?.t === 'range')) return { kind: 'ask', reason: 'range' };
      if (words.slice(groups[i - 1]!.end, groups[i]!.start).includes('-')) return { kind: 'ask', reason: 'range' };
    }
  }
  const chosen = choose(values as { g: Group; v: number }[], tagAt);
  if (chosen === null) return { kind: 'ask', reason: 'two_values' };
  const { g, v } = chosen;

  // "untung 2jt": a profit, not the gross revenue the question asks.
  if (labelOf(g, tagAt, values.map((x) => x.g)) === 'net') return { kind: 'ask', reason: 'other_answer', value: v };
  if (isChange(g, tagAt, words, tokens)) return { kind: 'ask', reason: 'change_not_level' };
  if (perPeriod(g, tokens, tagAt)) return { kind: 'ask', reason: 'per_period' };
  if (g.ambiguousUnit) return { kind: 'ask', reason: 'no_unit', value: v };

  const hasUnit = g.pieces.some((p) => p.token === 'ribu' || p.token === 'juta' || p.token === 'miliar' || p.token === 'triliun');
  if (!hasUnit) {
    const only = g.pieces.length === 1 ? g.pieces[0]! : null;
    if (v === 0) return { kind: 'zero' };
    if (only?.digits?.length === 4 && v >= 1950 && v <= 2100) return { kind: 'ask', reason: 'number_shape', value: v };
    if (v < 100_000) return { kind: 'no_unit', number: v, guess: guessFor(v) };
  }
  const rupiah = Math.round(v);
  if (rupiah <= 0) return { kind: 'ask', reason: 'unclear' };
  return { kind: 'amount', rupiah };
}

function findGroups(words: readonly string[], tokens: readonly Token[], tags: readonly (MoneyTag | null)[]): Group[] {
  const groups: Group[] = [];
  let i = 0;
  while (i < words.length) {
    const startsWithUnit = tags[i]?.t === 'unit' && spelled(words[i + 1] ?? '')?.[0] === 'setengah';
    if (!NUMBER_START(words[i]!) && !startsWithUnit) {
      i++;
      continue;
    }
    // A lone `a` is an article, not one.
    if (words[i] === 'a' && tags[i + 1]?.t !== 'unit' && spelled(words[i + 1] ?? '') === null) {
      i++;
      continue;
    }
    const start = i;
    const clause = tokens[i]!.clause;
    const pieces: Piece[] = [];
    let ambiguousUnit = false;
    while (i < words.length && tokens[i]!.clause === clause) {
      const w = words[i]!;
      const tag = tags[i];
      const num = numeral(w);
      if (tag?.t === 'unit') {
        pieces.push({ token: tag.unit.scale });
        ambiguousUnit ||= tag.unit.ambiguous === true;
        // A unit tagged over two words (`ribu rupiah`).
        while (i + 1 < words.length && tags[i + 1] === tag) i++;
      } else if (num !== null) {
        if (pieces.length > 0 && typeof pieces[pieces.length - 1]!.token === 'number' && num.digits === undefined) break;
        if (pieces.length > 0 && typeof pieces[pieces.length - 1]!.token === 'number' && !isSmallAfterScale(pieces)) break;
        pieces.push(num);
      } else if (spelled(w) !== null && !(w === 'a' && pieces.length > 0)) {
        for (const t of spelled(w)!) pieces.push({ token: t });
      } else if (w === 'an' && pieces.length > 0) {
        // 8 jt an, 15jtan: "about".
      } else break;
      i++;
    }
    if (pieces.length > 0) groups.push({ start, end: i, clause, pieces, ambiguousUnit });
    if (i === start) i++;
  }
  return groups;
}

// Two numerals side by side are two figures, except a small one after a scale (7 juta 500).
function isSmallAfterScale(pieces: readonly Piece[]): boolean {
  const last = pieces[pieces.length - 1]?.token;
  return last === 'juta' || last === 'ribu' || last === 'miliar';
}

// `2 minggu`, `3 orang`, `10 tahun`: a number that counts something else.
function countsSomethingElse(g: Group, tags: readonly (MoneyTag | null)[]): boolean {
  const unit = g.pieces.some((p) => typeof p.token === 'string' && p.token !== 'setengah' && p.token !== 'puluh' && p.token !== 'ratus' && p.token !== 'belas');
  return !unit && tags[g.end]?.t === 'noun';
}

function choose(values: readonly { g: Group; v: number }[], tagAt: readonly { start: number; end: number; tag: MoneyTag }[]): { g: Group; v: number } | null {
  if (values.length === 1) return values[0]!;
  const distinct = new Set(values.map((x) => x.v));
  if (distinct.size === 1) return values[0]!;
  const labelled = (t: MoneyTag['t']) =>
    values.filter(({ g }) => tagAt.some((x) => x.tag.t === t && x.end <= g.start && (x.start >= lastBefore(values, g) )));
  // "kotor 9 juta, bersih 3 juta": the question asks the gross figure.
  const gross = labelled('gross');
  const net = labelled('net');
  if (gross.length === 1 && net.length >= 1) return gross[0]!;
  // "naik 500rb jadi 3,5jt": the level after `jadi`.
  const level = labelled('level');
  if (level.length === 1 && values.length === 2) return level[0]!;
  return null;
}

/** The label (kotor/bersih …) written before a figure and after the previous one, if any. */
function labelOf(g: Group, tagAt: readonly { start: number; end: number; tag: MoneyTag }[], groups: readonly Group[]): 'gross' | 'net' | null {
  const from = Math.max(0, ...groups.filter((x) => x.end <= g.start).map((x) => x.end));
  const label = tagAt.filter((x) => (x.tag.t === 'gross' || x.tag.t === 'net') && x.end <= g.start && x.start >= from).pop();
  if (label !== undefined) return label.tag.t as 'gross' | 'net';
  // "3 juta bersih": a label right after the figure.
  const after = tagAt.find((x) => x.start === g.end && (x.tag.t === 'gross' || x.tag.t === 'net'));
  return after === undefined ? null : (after.tag.t as 'gross' | 'net');
}

// Position where the previous figure ends, so a label belongs to the figure right after it.
function lastBefore(values: readonly { g: Group }[], g: Group): number {
  let end = 0;
  for (const x of values) if (x.g.end <= g.start) end = Math.max(end, x.g.end);
  return end;
}

// "naik 500rb", "turun sekitar 200 ribu": rose by or to? "naik dikit, 950rb" is the level.
function isChange(
  g: Group,
  tagAt: readonly { start: number; end: number; tag: MoneyTag }[],
  words: readonly string[],
  tokens: readonly Token[],
): boolean {
  const before = tagAt.filter((x) => x.end <= g.start && tokens[x.start]!.clause === g.clause);
  const delta = before.filter((x) => x.tag.t === 'delta').pop();
  if (delta === undefined) return false;
  const between = tagAt.filter((x) => x.start >= delta.end && x.end <= g.start);
  if (between.some((x) => x.tag.t === 'deltaSize' || x.tag.t === 'level')) return false;
  const gap = words.slice(delta.end, g.start);
  // Only hedges or the currency between: the figure is the change.
  return gap.length <= 3 && gap.every((w, k) => tagAt.some((x) => x.start <= delta.end + k && x.end > delta.end + k) || HEDGE_WORDS.has(w));
}

const HEDGE_WORDS = new Set(['sekitar', 'sktr', 'kira', 'kurang', 'lebih', 'about', 'around', 'rp', 'sampai', 'hampir', 'by']);

// "sehari 300rb", "500 ribu per minggu": the question asks per month.
function perPeriod(g: Group, tokens: readonly Token[], tagAt: readonly { start: number; end: number; tag: MoneyTag }[]): boolean {
  return tagAt.some(
    (x) => x.tag.t === 'period' && (tokens[x.start]!.clause === g.clause || x.start === g.end || (x.start > g.end && x.start - g.end <= 1)),
  );
}

const NEGATIVE = /(?:^|\s)(?:-|−|minus\s)\s*(?:rp\.?\s*)?\d/u;

/** Whether the message says "the same as before" (sama, sama kayak bulan lalu, same). */
export function saysSame(tokens: readonly Token[], vocab: Vocabulary): boolean {
  return index(vocab).scan(tokens.map((t) => t.w)).some((h) => h.value.t === 'same');
}

/** Below 100 a bare number is most likely millions (`5`, `7,5`); up to 99.999 thousands. */
export function guessFor(n: number): number {
  if (n <= 100) return Math.round(n * 1e6);
  return Math.round(n * 1e3);
}

/** A digit run that looks like a phone number: 0812…, 62812…, 812… of 10 digits or more. */
export function phoneShaped(text: string): boolean {
  for (const run of text.match(/\+?\d[\d .\-()]*\d/gu) ?? []) {
    const digits = run.replace(/\D/gu, '');
    if (/^0\d{8,}$/u.test(digits) || /^62\d{8,}$/u.test(digits) || (/^8\d{9,12}$/u.test(digits) && !/\./u.test(run))) return true;
  }
  return false;
}
