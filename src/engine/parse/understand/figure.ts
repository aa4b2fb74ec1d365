// One written figure and its value: `7.500.000`, `7,5`, `1.500`, `dua setengah juta`,
// `7 juta 500`, `1jt2`, `two million`.

import { evaluateNumberTokens, numberWordTokens, type NumberToken } from '../number.js';
import { ENGLISH } from './money-words.js';

export interface Piece {
  readonly token: NumberToken;
  /** The digits as typed, for a plain integer numeral. */
  readonly digits?: string;
}

/**
 * One written figure. A dot before groups of three digits separates thousands (7.500.000; so
 * `1.500` is 1500, which without a unit is asked back like any small figure); a comma is the
 * Indonesian decimal mark (7,5) unless it groups thousands twice or more (7,500,000); a dot
 * before one or two digits is a decimal point (7.5jt).
 */
export function numeral(word: string): Piece | null {
  let m: RegExpExecArray | null;
  if (/^\d+$/u.test(word)) return { token: Number(word), digits: word };
  if ((m = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/u.exec(word))) {
    return { token: Number(`${m[1]!.replaceAll('.', '')}.${m[2] ?? '0'}`) };
  }
  if ((m = /^(\d{1,3}(?:,\d{3}){2,})(?:\.(\d{1,2}))?$/u.exec(word))) return { token: Number(`${m[1]!.replaceAll(',', '')}.${m[2] ?? '0'}`) };
  if ((m = /^(\d+),(\d+)$/u.exec(word))) return { token: Number(`${m[1]}.${m[2]}`) };
  if (/^\d+\.\d{1,2}$/u.test(word)) return { token: Number(word) };
  return null;
}

export function spelled(word: string): readonly NumberToken[] | null {
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
