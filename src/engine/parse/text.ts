// Free-text answers (names, business names). These are stored and shown back, so what the
// person typed is kept as typed — case, accents, `&`, `<`, quotes — and only invisible junk
// and runaway whitespace are removed. Escaping for display is the renderer's job, not ours.

export type FreeTextParse = { kind: 'ok'; value: string } | { kind: 'empty' } | { kind: 'too_long' } | { kind: 'invalid' };

export interface FreeTextLimits {
  readonly maxLength: number;
  /** Defaults to 1. */
  readonly minLength?: number;
}

// Controls and invisible format characters (NUL, zero-width space, bidi overrides) are
// removed: they cannot be seen, break search and can disguise a name. The zero-width joiner
// stays because it is part of emoji sequences.
const INVISIBLE = /(?!\u200D)[\p{Cc}\p{Cf}]/gu;
const LETTER = /\p{L}/u;

/**
 * Cleans a free-text answer: trims, collapses inner whitespace, removes control and
 * invisible characters. `empty` if nothing is left; `invalid` if there is no letter at all
 * (only digits, punctuation or emoji) or it is shorter than `minLength`; `too_long` above
 * `maxLength`. Lengths are counted in Unicode code points.
 */
export function parseFreeText(text: string, limits: FreeTextLimits): FreeTextParse {
  const value = text
    .normalize('NFC')
    .replace(/\s+/gu, ' ') // before INVISIBLE, so a newline becomes a space and is not glued away
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim();
  if (value === '') return { kind: 'empty' };
  const length = [...value].length;
  if (length > limits.maxLength) return { kind: 'too_long' };
  if (length < (limits.minLength ?? 1) || !LETTER.test(value)) return { kind: 'invalid' };
  return { kind: 'ok', value };
}

/** A person's name: 2 to 100 characters with at least one letter. */
export function parsePersonName(text: string): FreeTextParse {
  return parseFreeText(text, { maxLength: 100, minLength: 2 });
}

/**
 * A business name: 2 to 120 characters. It must have a letter or digit and not be only
 * digits; since every free-text answer already needs a letter, that holds by construction
 * (`212` and `7-11` are refused, `Toko 212` and `7 Eleven` are kept).
 */
export function parseBusinessName(text: string): FreeTextParse {
  return parseFreeText(text, { maxLength: 120, minLength: 2 });
}
