// Picking from a list. On WhatsApp the options are a numbered list and people answer with
// the number, the name, part of the name or a misspelling of it; on Telegram they tap a
// button whose text is the label. Matching runs from the strictest reading to the loosest
// and stops at the first that finds something, so a precise answer is never overridden by a
// fuzzy one.

import { distance } from 'fastest-levenshtein';
import { foldText, normalizeCommand } from './normalize.js';
import { parseIndonesianNumberWords } from './number.js';

export interface ChoiceOption<T> {
  readonly value: T;
  /** labels[0] is the name shown; the rest are aliases (ig for Instagram, fesyen for fashion). */
  readonly labels: readonly string[];
}

export type ChoiceParse<T> = { kind: 'ok'; value: T } | { kind: 'ambiguous'; candidates: T[] } | { kind: 'none' };

export type ChoicesParse<T> = { kind: 'ok'; values: T[] } | { kind: 'ambiguous'; candidates: T[] } | { kind: 'none' };

interface PreparedOption {
  readonly index: number;
  /** Normalized labels. */
  readonly keys: readonly string[];
  /** Every word of every label. */
  readonly words: readonly string[];
}

// Below this length a prefix or a typo could be almost anything (`ba`, `ga`).
const MIN_LOOSE_LENGTH = 3;

const ORDINALS: ReadonlyMap<string, number> = new Map([
  ['pertama', 1], ['kesatu', 1], ['kedua', 2], ['ketiga', 3], ['keempat', 4], ['kelima', 5],
  ['keenam', 6], ['ketujuh', 7], ['kedelapan', 8], ['kesembilan', 9], ['kesepuluh', 10],
]);

// `2`, `2.`, `no 2`, `nomor 2`, `pilihan 2`, `yang 2`: the words before the number only point at it.
const NUMBER_PREFIX = /^(?:(?:yang|pilih|saya pilih)\s+)?(?:(?:no|nomor|nomer|nmr|pilihan|opsi|angka)\s+)?/u;

/**
 * Reads one choice. In order: the option number; a label exactly; a spelled-out or ordinal
 * number (`dua`, `kedua`); a whole label mentioned in a sentence; a unique prefix or whole-word
 * part of a label (`utara` → Banjarmasin Utara); a typo within 1 edit (answers of up to 5
 * letters) or 2 edits (longer). Several options equally good → ambiguous.
 */
export function parseChoice<T>(text: string, options: readonly ChoiceOption<T>[]): ChoiceParse<T> {
  const indexes = matchIndexes(normalizeCommand(text), options.map(prepare));
  const values = indexesToValues(indexes, options);
  if (values.length === 0) return { kind: 'none' };
  return values.length === 1 ? { kind: 'ok', value: values[0] as T } : { kind: 'ambiguous', candidates: values };
}

type Stage = (key: string, prepared: readonly PreparedOption[]) => number[];

const STAGES: readonly Stage[] = [
  (key, prepared) => byNumber(key, prepared.length),
  matchExact,
  (key, prepared) => bySpelledNumber(key, prepared.length),
  matchContained,
  matchPart,
  matchTypo,
];

/** Indexes of the options the first successful stage finds (one means a clear answer). */
function matchIndexes(key: string, prepared: readonly PreparedOption[]): number[] {
  if (key === '') return [];
  for (const stage of STAGES) {
    const found = stage(key, prepared);
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * Reads several choices in one reply: `1,3`, `1 3`, `1 dan 3`, `instagram dan shopee`,
 * `ig, shopee`, `wa & fb`. Values come back deduplicated in the order given. One unclear
 * part makes the whole reply ambiguous or none, so nothing is half-recorded.
 */
export function parseChoices<T>(text: string, options: readonly ChoiceOption<T>[]): ChoicesParse<T> {
  const prepared = options.map(prepare);
  // A label may itself contain a separator (Makanan & Minuman).
  const whole = matchExact(normalizeCommand(text), prepared);
  if (whole.length === 1) return { kind: 'ok', values: indexesToValues(whole, options) };

  const parts = foldText(text)
    .split(/[,;&+/\n]|(?:^|\s)(?:dan|serta|sama|and)(?=\s|$)/u)
    .map(normalizeCommand)
    .filter((p) => p !== '');
  if (parts.length === 0) return { kind: 'none' };

  const indexes: number[] = [];
  for (const part of parts) {
    const found = readPart(part, options, prepared);
    if (found.kind !== 'ok') return found;
    indexes.push(...found.indexes);
  }
  return { kind: 'ok', values: indexesToValues([...new Set(indexes)], options) };
}

type PartParse<T> = { kind: 'ok'; indexes: number[] } | { kind: 'ambiguous'; candidates: T[] } | { kind: 'none' };

function readPart<T>(part: string, options: readonly ChoiceOption<T>[], prepared: readonly PreparedOption[]): PartParse<T> {
  const words = part.split(' ');
  // `1 3`: numbers separated only by spaces.
  if (words.length > 1 && words.every((w) => /^\d+$/u.test(w))) {
    const each = words.map((w) => byNumber(w, prepared.length));
    return each.every((i) => i.length === 1) ? { kind: 'ok', indexes: each.flat() } : { kind: 'none' };
  }
  const exact = matchExact(part, prepared);
  if (exact.length === 1) return { kind: 'ok', indexes: exact };
  // `ig shopee`: each word its own option, if every word is clearly one.
  if (words.length > 1) {
    const each = words.map((w) => matchIndexes(w, prepared));
    if (each.every((i) => i.length === 1)) return { kind: 'ok', indexes: each.flat() };
  }
  const found = matchIndexes(part, prepared);
  if (found.length === 1) return { kind: 'ok', indexes: found };
  if (found.length > 1) return { kind: 'ambiguous', candidates: indexesToValues(found, options) };
  return { kind: 'none' };
}

function prepare<T>(option: ChoiceOption<T>, index: number): PreparedOption {
  const keys = option.labels.map(normalizeCommand).filter((k) => k !== '');
  const words = [...new Set(keys.flatMap((k) => k.split(' ')))];
  return { index, keys, words };
}

function byNumber(key: string, count: number): number[] {
  const m = /^(\d{1,3})$/u.exec(key.replace(NUMBER_PREFIX, ''));
  const n = Number(m?.[1]);
  return Number.isInteger(n) && n >= 1 && n <= count ? [n - 1] : [];
}

function matchExact(key: string, prepared: readonly PreparedOption[]): number[] {
  return prepared.filter((p) => p.keys.includes(key)).map((p) => p.index);
}

function bySpelledNumber(key: string, count: number): number[] {
  const rest = key.replace(NUMBER_PREFIX, '');
  const n = ORDINALS.get(rest) ?? parseIndonesianNumberWords(rest);
  return n !== null && Number.isInteger(n) && n >= 1 && n <= count ? [n - 1] : [];
}

// `saya pilih kuliner`: a whole label appears in the answer. When one found label is part of
// another (Makanan inside Makanan Ringan), the longer one is what was meant. If the rest of
// the answer also names another option by one of its own words (`banjarmasin utara atau
// selatan`), that option is a candidate too.
function matchContained(key: string, prepared: readonly PreparedOption[]): number[] {
  const padded = ` ${key} `;
  const hits = prepared
    .map((p) => ({ option: p, labels: p.keys.filter((k) => padded.includes(` ${k} `)) }))
    .filter((h) => h.labels.length > 0);
  const isInsideAnother = (label: string, index: number): boolean =>
    hits.some((h) => h.option.index !== index && h.labels.some((other) => other !== label && ` ${other} `.includes(` ${label} `)));
  const found = hits.filter((h) => h.labels.some((label) => !isInsideAnother(label, h.option.index))).map((h) => h.option);
  if (found.length === 0) return [];

  const foundWords = new Set(found.flatMap((p) => p.words));
  const alsoNamed = prepared.filter(
    (p) => !found.includes(p) && p.words.some((w) => !foundWords.has(w) && padded.includes(` ${w} `)),
  );
  return [...found, ...alsoNamed].map((p) => p.index).sort((a, b) => a - b);
}

// `utara` (a whole word of Banjarmasin Utara) or `kul` (the start of Kuliner).
function matchPart(key: string, prepared: readonly PreparedOption[]): number[] {
  return prepared
    .filter((p) =>
      p.keys.some((label) => {
        if (` ${label} `.includes(` ${key} `)) return true;
        if (key.length < MIN_LOOSE_LENGTH) return false;
        return wordStarts(label).some((start) => label.startsWith(key, start));
      }),
    )
    .map((p) => p.index);
}

function wordStarts(label: string): number[] {
  const starts = [0];
  for (let i = 1; i < label.length; i++) if (label[i - 1] === ' ') starts.push(i);
  return starts;
}

function matchTypo(key: string, prepared: readonly PreparedOption[]): number[] {
  if ([...key].length < MIN_LOOSE_LENGTH) return [];
  const allowed = [...key].length <= 5 ? 1 : 2;
  const scored = prepared.map((p) => {
    const targets = [...p.keys, ...p.words.filter((w) => w.length >= MIN_LOOSE_LENGTH)];
    return { index: p.index, best: Math.min(...targets.map((t) => editDistance(key, t))) };
  });
  const best = Math.min(...scored.map((s) => s.best));
  if (best > allowed) return [];
  return scored.filter((s) => s.best === best).map((s) => s.index);
}

/** Levenshtein distance, except that one swap of neighbouring letters (perdaganagn) counts as 1. */
function editDistance(a: string, b: string): number {
  if (a.length === b.length) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)) return 1;
  }
  return distance(a, b);
}

function indexesToValues<T>(indexes: readonly number[], options: readonly ChoiceOption<T>[]): T[] {
  const values: T[] = [];
  for (const i of indexes) {
    const option = options[i];
    if (option !== undefined && !values.includes(option.value)) values.push(option.value);
  }
  return values;
}
