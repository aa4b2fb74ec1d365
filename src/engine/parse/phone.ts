// Indonesian phone numbers, typed in any of the usual shapes (0812-3456-7890, +62 812…,
// 62812…, (0511) 325…) and often inside a sentence ("no saya 0812…"). Stored in E.164 so the
// same person is the same number whichever way they wrote it.

// The full metadata is needed to tell mobile and fixed-line numbers from other types
// (premium, toll-free, …); the default bundle cannot classify.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { foldText } from './normalize.js';

export type PhoneParse = { kind: 'ok'; e164: string } | { kind: 'invalid' };

const INVALID: PhoneParse = { kind: 'invalid' };

// A run that looks like one phone number: digits with the separators people use between
// groups, optionally opened by + or a bracket. It must not touch a letter or digit on either
// side, so `0812abc` or `a0812…` are not read as numbers.
const CANDIDATE = /(?<![\p{L}\p{N}])(?:\+\s*)?\(?\d[\d\s().\-/]*\d(?![\p{L}\p{N}])/gu;

const ACCEPTED_TYPES = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

/**
 * Reads one Indonesian mobile or fixed-line number. Invalid when there is no number, more
 * than one, a number from another country, a number of the wrong length, or letters inside it.
 */
export function parseIndonesianPhone(text: string): PhoneParse {
  const candidates = (foldText(text).match(CANDIDATE) ?? []).filter((c) => digitCount(c) >= 7);
  const [candidate] = candidates;
  if (candidates.length !== 1 || candidate === undefined) return INVALID;

  // `+62 0812…` mixes the international and the trunk prefix; the 0 must go.
  const cleaned = candidate.replace(/^(\+?\s*62)[\s().-]*0/u, '$1');
  const phone = parsePhoneNumberFromString(cleaned, 'ID');
  if (phone === undefined || !phone.isValid() || phone.country !== 'ID') return INVALID;
  const type = phone.getType();
  if (type === undefined || !ACCEPTED_TYPES.has(type)) return INVALID;
  return { kind: 'ok', e164: phone.number };
}

function digitCount(s: string): number {
  return s.replace(/\D/gu, '').length;
}

/**
 * Hides the middle of a number for logs: `+6281234567890` → `+62812****7890`. Anything that
 * is not an Indonesian E.164 number keeps only its last four digits.
 */
export function maskPhone(e164: string): string {
  const m = /^\+62(\d{3})(\d+)(\d{4})$/u.exec(e164);
  if (m) return `+62${m[1]}${'*'.repeat(m[2]?.length ?? 0)}${m[3]}`;
  const digits = e164.replace(/\D/gu, '');
  return '*'.repeat(Math.max(0, digits.length - 4)) + digits.slice(-4);
}

/** How a stored number is shown to people: the national form they know (`0821-5555-1234`). */
export function displayPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}
