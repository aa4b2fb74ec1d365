// Splits a message into clauses of words, the way every reader of issue 10 wants to see it:
// lowercased, emoji and punctuation gone, reduplication written out (`kira2` → kira kira),
// digits parted from letters (`4jt` → 4 jt, `2012an` → 2012 an) but numbers kept whole
// (`7.500.000`, `1,2`, `3-4`, `12/03/2019`). Clause breaks (`,` `.` `?` `/` …) are kept
// because "setuju, asal data sy gak disebar" is read clause by clause.

import { foldText } from '../normalize.js';

export interface Token {
  /** The word, lowercased, without punctuation. */
  readonly w: string;
  /** Index of the clause it is in (0 for the first). */
  readonly clause: number;
}

// Units that take a digit right after them (`1jt2` is 1,2 juta), so `jt2` is no reduplication.
const UNIT_WORDS = new Set(['jt', 'juta', 'jta', 'rb', 'ribu', 'rbu', 'k', 'm', 'rp', 'jam', 'rt', 'rw', 'no', 'km', 'th', 'thn']);

const LETTER = /[\p{L}\p{M}]/u;
const DIGIT = /\p{N}/u;
const CLAUSE_BREAKS = new Set([',', ';', '!', '?', '…', '(', ')', '[', ']', '"', ':', '/', '|', '\n', '“', '”', '«', '»', '=']);
const NUMBER_JOINERS = new Set(['.', ',', '/']);
const APOSTROPHES = new Set(["'", '\u2018', '\u2019', '`', '\u00B4']);

/** `kira2` → `kira kira`, `sakit2an` → `sakit sakitan`; `jt2` stays (1jt2 is an amount). */
export function expandReduplication(text: string): string {
  return text.replace(/(\p{L}{2,})2(an|nya|lah)?(?![\p{L}\p{N}])/gu, (whole, word: string, suffix: string | undefined) =>
    UNIT_WORDS.has(word) ? whole : `${word} ${word}${suffix ?? ''}`,
  );
}

/** Folded text ready to split: symbols that carry a word become that word. */
export function prepareText(text: string): string {
  const folded = foldText(text)
    .replace(/[\u2010-\u2015\u2212]/gu, '-')
    .replace(/±|\+\s*\/\s*-/gu, ' sekitar ')
    .replace(/&/gu, ' dan ')
    .replace(/\+(?!\s*\d)/gu, ' plus ');
  return expandReduplication(folded);
}

/** The message as clauses of words. */
export function tokenize(text: string): Token[] {
  const s = prepareText(text);
  const chars = [...s];
  const tokens: Token[] = [];
  let clause = 0;
  let word = '';
  const flush = (): void => {
    if (word !== '') tokens.push({ w: word, clause });
    word = '';
  };
  const breakClause = (): void => {
    flush();
    if (tokens.length > 0 && tokens[tokens.length - 1]!.clause === clause) clause++;
  };
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const prev = chars[i - 1] ?? '';
    const next = chars[i + 1] ?? '';
    if (LETTER.test(ch)) {
      if (DIGIT.test(prev) && word !== '') flush();
      word += ch;
    } else if (DIGIT.test(ch)) {
      if (LETTER.test(prev) && word !== '') flush();
      word += ch;
    } else if (NUMBER_JOINERS.has(ch) && DIGIT.test(prev) && DIGIT.test(next)) {
      word += ch;
    } else if (APOSTROPHES.has(ch) && LETTER.test(prev) && LETTER.test(next)) {
      continue;
    } else if ((ch === '-' || ch === '~') && betweenDigits(chars, i)) {
      // `3-4 jt`, `3 - 4 jt`: the dash of a range is a word of its own.
      flush();
      tokens.push({ w: '-', clause });
    } else if (ch === '.') {
      // `b.masin`, `s.pd` join letters; a full stop ends a clause.
      if (LETTER.test(prev) && LETTER.test(next)) flush();
      else breakClause();
    } else if (CLAUSE_BREAKS.has(ch)) {
      breakClause();
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

function betweenDigits(chars: readonly string[], at: number): boolean {
  let before = at - 1;
  while (chars[before] === ' ') before--;
  let after = at + 1;
  while (chars[after] === ' ') after++;
  return DIGIT.test(chars[before] ?? '') && DIGIT.test(chars[after] ?? '');
}

/** Stretched letters carry emphasis, not meaning: `iyaaa` → `iya`, `gakkk` → `gak`. */
export function squeeze(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}

/** The words of a phrase as the tokenizer would produce them (`lain-lain` → lain lain). */
export function phraseWords(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.w);
}

/** `berdirinya` → `berdiri` when only the stem is a known word (the -nya suffix adds nothing). */
export function stemNya(word: string, known: ReadonlySet<string>): string {
  if (known.has(word) || !word.endsWith('nya') || word.length < 6) return word;
  const stem = word.slice(0, -3);
  return known.has(stem) ? stem : word;
}
