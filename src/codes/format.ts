import { parseMoney } from '../engine/parse/money.js';

// What a one-time code looks like, and reading one typed loosely. Pure (no I/O, no
// randomness of its own): the engine imports this to recognise a code in a chat message.
//
// `STAF-7K4Q-2M`: a prefix that names the purpose, then five random characters and a check
// character from an alphabet without 0/O, 1/I/L. The prefix makes it unmistakable for an
// amount (`7,5 juta`), a name or a workshop attendance code (`KODE 4821`, four digits), and
// the random part always mixes letters and digits. The check character catches any one
// wrong character and any two neighbours swapped, so a typo is answered before the
// database is asked (and never counts as a guess).

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export interface CodePurposePolicy {
  /** Letters from CODE_ALPHABET, so the check character covers the prefix too. */
  readonly prefix: string;
  readonly ttlMs: number;
  /** Wrong codes typed for the code's subject before it locks. */
  readonly maxAttempts: number;
  /**
   * Must the one redeeming name the subject? A staff invitation is typed in a chat that is
   * nobody's yet (`optional`: the code tells whose it is); a link or sign-in code is typed
   * where the subject is already known and must match (`required`).
   */
  readonly subjectAtRedeem: 'optional' | 'required';
  /** Whose id the subject is: `HAPUS DATA` deletes a person's codes, never a staff member's of the same number. */
  readonly subjectIs: 'person' | 'staff' | 'nobody';
}

const MINUTE = 60_000;

export const CODE_PURPOSES = {
  staff_invite: { prefix: 'STAF', ttlMs: 72 * 60 * MINUTE, maxAttempts: 5, subjectAtRedeem: 'optional', subjectIs: 'nobody' },
  // `hubungkan`: linking a chat to a registration, by a code sent to the verified chat.
  link_chat: { prefix: 'HUB', ttlMs: 15 * MINUTE, maxAttempts: 5, subjectAtRedeem: 'required', subjectIs: 'person' },
  web_login: { prefix: 'WEB', ttlMs: 10 * MINUTE, maxAttempts: 5, subjectAtRedeem: 'required', subjectIs: 'staff' },
} as const satisfies Record<string, CodePurposePolicy>;

export type CodePurpose = keyof typeof CODE_PURPOSES;

export function isCodePurpose(value: string): value is CodePurpose {
  return Object.hasOwn(CODE_PURPOSES, value);
}

const RANDOM_LENGTH = 5;
const BASE = CODE_ALPHABET.length; // 31, a prime: weighted sums catch substitutions and swaps

export interface ParsedCode {
  readonly purpose: CodePurpose;
  /** Prefix and body without separators, upper case: what is hashed. */
  readonly canonical: string;
  /** As shown to people: `STAF-7K4Q-2M`. */
  readonly display: string;
}

/**
 * A new code for `purpose`. `pick(n)` returns a uniformly random integer in [0, n) — the
 * caller's CSPRNG (`crypto.randomInt`); tests pass a fixed sequence.
 */
export function generateCode(purpose: CodePurpose, pick: (n: number) => number): ParsedCode {
  const { prefix } = CODE_PURPOSES[purpose];
  for (;;) {
    const random = Array.from({ length: RANDOM_LENGTH }, () => CODE_ALPHABET[pick(BASE)]!).join('');
    // Two letters and two digits at least, so it reads as neither a word nor a number; about
    // one draw in three qualifies, which leaves some ten million codes per purpose.
    if (!mixesLettersAndDigits(random, 2)) continue;
    const code = toParsed(purpose, `${prefix}${random}${checkCharacter(prefix + random)}`);
    // Letters between digits can spell a word the readers know ("8DAN5" reads as a range of
    // amounts, "7SMP3" as "7 sampai 3"): such a code, typed as an answer, would be misread.
    if (parseMoney(code.canonical).kind !== 'invalid' || parseMoney(code.display).kind !== 'invalid') continue;
    return code;
  }
}

export type CodeParse = { readonly kind: 'ok'; readonly code: ParsedCode } | { readonly kind: 'malformed' };

/**
 * Reads a code typed loosely: any case, with or without dashes, spaces or dots. Malformed
 * means not a code of a known purpose, a character outside the alphabet, or a failed check.
 */
export function parseCode(typed: string): CodeParse {
  const compact = compactForm(typed);
  const purpose = compact === null ? undefined : purposeOfPrefix(compact);
  if (compact === null || purpose === undefined) return { kind: 'malformed' };
  const { prefix } = CODE_PURPOSES[purpose];
  const body = compact.slice(prefix.length);
  if (body.length !== RANDOM_LENGTH + 1 || ![...body].every((c) => CODE_ALPHABET.includes(c))) return { kind: 'malformed' };
  if (checkCharacter(prefix + body.slice(0, RANDOM_LENGTH)) !== body[RANDOM_LENGTH]) return { kind: 'malformed' };
  return { kind: 'ok', code: toParsed(purpose, compact) };
}

/**
 * Does this chat message hold something shaped like a code — a known prefix and six more
 * letters and digits, both kinds present — even with a typo in it? Then the engine treats
 * it as an attempt to use a code (and a typo gets "please check the code"), not as a name
 * or an answer. Finds one inside a short sentence too: `kode saya STAF-7K4Q-2M`.
 */
export function looksLikeCode(text: string): boolean {
  return findCode(text) !== null;
}

/** The part of a message shaped like a code (see looksLikeCode), or null. */
export function findCode(text: string): string | null {
  if (text.length > 200) return null;
  for (const match of text.matchAll(CODE_SHAPE)) {
    const compact = compactForm(match[0]);
    if (compact && purposeOfPrefix(compact) !== undefined && mixesLettersAndDigits(compact.slice(-(RANDOM_LENGTH + 1)), 1)) return match[0];
  }
  return null;
}

const PREFIXES = Object.values(CODE_PURPOSES)
  .map((p) => p.prefix)
  .join('|');
// A prefix, then 4 + 2 characters, each group optionally set off by a dash, space or dot.
const CODE_SHAPE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${PREFIXES})[-\\s.]*[\\p{L}\\p{N}]{4}[-\\s.]*[\\p{L}\\p{N}]{2}(?![\\p{L}\\p{N}])`, 'giu');

function compactForm(typed: string): string | null {
  if (typed.length > 40) return null;
  const compact = typed.toUpperCase().replace(/[-\s._]/g, '');
  return /^[A-Z0-9]+$/.test(compact) ? compact : null;
}

function purposeOfPrefix(compact: string): CodePurpose | undefined {
  return (Object.keys(CODE_PURPOSES) as CodePurpose[]).find((p) => compact.startsWith(CODE_PURPOSES[p].prefix) && compact.length === CODE_PURPOSES[p].prefix.length + RANDOM_LENGTH + 1);
}

/** The character that makes the weighted sum (weights 1, 2, …) of the whole code 0 mod 31. */
export function checkCharacter(payload: string): string {
  const sum = [...payload].reduce((acc, c, i) => acc + (i + 1) * CODE_ALPHABET.indexOf(c), 0);
  const weight = payload.length + 1;
  // value * weight ≡ -sum (mod 31); 31 is prime, so the weight has an inverse.
  const value = mod(-sum * inverse(weight), BASE);
  return CODE_ALPHABET[value]!;
}

function toParsed(purpose: CodePurpose, canonical: string): ParsedCode {
  const { prefix } = CODE_PURPOSES[purpose];
  const body = canonical.slice(prefix.length);
  return { purpose, canonical, display: `${prefix}-${body.slice(0, 4)}-${body.slice(4)}` };
}

function mixesLettersAndDigits(text: string, atLeast: number): boolean {
  const digits = [...text].filter((c) => c >= '0' && c <= '9').length;
  return digits >= atLeast && text.length - digits >= atLeast;
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

function inverse(n: number): number {
  for (let x = 1; x < BASE; x++) if (mod(n * x, BASE) === 1) return x;
  throw new Error(`no inverse of ${n} mod ${BASE}`);
}
