// Text folding shared by every parser. People type on phones: auto-capitalised words, emoji,
// stray punctuation, pasted text with invisible characters. The parsers compare against small
// vocabularies, so they first fold all of that away in one predictable place.

// Tabs and newlines separate words, so they become spaces; every other control or invisible
// formatting character (NUL, zero-width space, bidi overrides, soft hyphen) is dropped so it
// cannot split or disguise a word.
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const OTHER_CONTROLS = /[\p{Cc}\p{Cf}]/gu;

// Emoji are pictographs plus the invisible pieces that glue them together (skin tones,
// variation selectors, keycap combiner, regional-indicator flags). Removing only the pictograph
// would leave modifiers behind, so all of them go.
const EMOJI = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\uFE0E\uFE0F\u20E3]/gu;

// Apostrophes inside a word are spelling, not separators (jum'at, ta'jil): they are dropped so
// the word stays whole.
const APOSTROPHES = new Set(["'", '\u2018', '\u2019', '`', '\u00B4']);

// Inside a number these carry meaning: 7.500.000, 7,5, 3-4, 1/2, +62.
const NUMBER_JOINERS = new Set(['.', ',', '-', '+', '/']);

const LETTER = /[\p{L}\p{M}]/u;
const DIGIT = /\p{N}/u;
const KEPT = /[\p{L}\p{M}\p{N}\s]/u;

/**
 * NFKC, control characters removed, emoji removed, lowercased, whitespace collapsed.
 * Punctuation is left untouched, for parsers (money, phone) that need to see it.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(WHITESPACE_CONTROLS, ' ')
    .replace(OTHER_CONTROLS, '')
    .toLowerCase()
    .replace(EMOJI, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Folds text for matching: like `foldText`, and punctuation becomes a space except
 * `. , - + /` between two digits (7.500.000, 3-4) and a hyphen between two letters
 * (kira-kira, where Indonesian reduplication is part of the word).
 */
export function normalize(text: string): string {
  const folded = foldText(text);
  const chars = [...folded];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (KEPT.test(ch)) {
      out += ch;
      continue;
    }
    const prev = chars[i - 1] ?? '';
    const next = chars[i + 1] ?? '';
    if (NUMBER_JOINERS.has(ch) && DIGIT.test(prev) && DIGIT.test(next)) out += ch;
    else if (ch === '-' && LETTER.test(prev) && LETTER.test(next)) out += ch;
    else if (APOSTROPHES.has(ch) && LETTER.test(prev) && LETTER.test(next)) continue;
    else out += ' ';
  }
  return out.replace(/\s+/gu, ' ').trim();
}

/**
 * Folds text for comparing against fixed words (commands, yes/no, choice labels): every
 * punctuation mark and emoji becomes a space, so `Batal!`, ` BATAL. ` and `batal 🙏` are all
 * `batal`, and `/start daftar` is `start daftar`.
 */
export function normalizeCommand(text: string): string {
  const folded = foldText(text);
  const chars = [...folded];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (KEPT.test(ch)) out += ch;
    else if (APOSTROPHES.has(ch) && LETTER.test(chars[i - 1] ?? '') && LETTER.test(chars[i + 1] ?? '')) continue;
    else out += ' ';
  }
  return out.replace(/\s+/gu, ' ').trim();
}
