// The HP/WA number, in E.164. The office reaches people by WhatsApp, so only Indonesian
// mobile numbers are stored: `+628` and 8 to 11 more digits (10 to 13 written with the leading
// 0). Landlines (0511 …), foreign numbers, masked or two different numbers are asked back.

import type { Vocabulary } from '../vocabulary.js';
import { ask, value, type Reading } from './reading.js';
import { screen } from './screen.js';

// Digits with the separators people put between groups, optionally opened by + or a bracket.
const CANDIDATE = /(?<![\p{L}\p{N}])(?:\+\s*)?\(?\d[\d\s().\-]*\d(?![\p{N}])/gu;

/** A mobile number: `0812-5123-4477`, `+62 0812…`, `62 811 500 1234`, `wa.me/62812…`, `8125…`. */
export function readMobile(text: string, vocab: Vocabulary): Reading<string> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  const folded = text.normalize('NFKC').replace(/wa\.me\//giu, ' ');
  // `0812 xxxx 7890`: digits hidden on purpose.
  if (/\d[\s.-]*[x*•]{2,}[\s.-]*\d/iu.test(folded)) return ask('not_mobile');
  const candidates = (folded.match(CANDIDATE) ?? []).map((c) => c.replace(/[^\d+]/gu, '')).filter((d) => d.replace('+', '').length >= 5);
  if (candidates.length === 0) return ask(/\d/u.test(folded) ? 'other_answer' : 'unclear');
  const numbers = new Set(candidates.map(toE164));
  if (numbers.size > 1) return ask('not_mobile');
  const [e164] = numbers;
  if (e164 === null || e164 === undefined) return ask(looksLikeAmountOrYear(s.words) ? 'other_answer' : 'not_mobile');
  return value(e164);
}

/** `081251234477` → `+6281251234477`; null unless it is an Indonesian mobile number. */
export function toE164(digits: string): string | null {
  let d = digits;
  if (d.startsWith('+')) {
    d = d.slice(1);
    if (!d.startsWith('62')) return null;
  }
  if (d.startsWith('620')) d = `62${d.slice(3)}`;
  let national: string;
  if (d.startsWith('62')) national = d.slice(2);
  else if (d.startsWith('0')) national = d.slice(1);
  else if (d.startsWith('8')) national = d;
  else return null;
  return /^8[1-9]\d{7,10}$/u.test(national) ? `+62${national}` : null;
}

function looksLikeAmountOrYear(words: readonly string[]): boolean {
  return words.some((w) => /^(?:rb|ribu|jt|juta|k|tahun|thn)$/u.test(w)) || (words.length === 1 && /^(?:19|20)\d\d$/u.test(words[0]!));
}
