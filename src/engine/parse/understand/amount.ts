// Rupiah amounts inside a sentence: "omset sy kira2 6 juta", "7 juta 500", "juta setengah",
// "naik dikit, sekitar 900rb", "Rp 1.500.000,-", "7.5 million". The words around the figure
// decide whether it can be stored: a range, a figure per day, a change ("naik 500rb": by or
// to?), two figures, a number shaped like a phone number or a year are all asked back.

import type { Vocabulary } from '../vocabulary.js';
import { evaluateMoney, numeral, spelled, type Piece } from './figure.js';
import { moneyIndex, type MoneyTag } from './money-words.js';
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

interface Group {
  readonly start: number;
  readonly end: number;
  readonly clause: number;
  readonly pieces: readonly Piece[];
  readonly ambiguousUnit: boolean;
}

// A figure starts with digits or a number word (`sejuta`, `dua`), not with a bare scale (`juta`).
const NUMBER_START = (w: string): boolean => numeral(w) !== null || typeof spelled(w)?.[0] === 'number' || spelled(w)?.[0] === 'setengah';

/** Reads the one amount of a message (see the type for the other outcomes). */
export function readAmount(tokens: readonly Token[], text: string, vocab: Vocabulary): AmountRead {
  if (phoneShaped(text)) return { kind: 'ask', reason: 'number_shape' };
  if (NEGATIVE.test(text.toLowerCase())) return { kind: 'ask', reason: 'unclear' };
  const idx = moneyIndex(vocab);
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
  // `2m`: million in English, miliar in Indonesian usage.
  if (g.ambiguousUnit) return { kind: 'ask', reason: 'unclear', value: v };

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
  return moneyIndex(vocab).scan(tokens.map((t) => t.w)).some((h) => h.value.t === 'same');
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
