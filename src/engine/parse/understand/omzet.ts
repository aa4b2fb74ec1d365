// Omzet at sign-up and in the monthly check-in, and the "Maksud Bapak/Ibu Rp5.000.000?"
// confirmation. A figure is stored only when it is clear and believable: more than ten times
// (or under a tenth of) the last report, above Rp1 miliar a month, or shaped like a phone
// number or a year is asked back with the comparison (issue 10, item 4).

import type { Vocabulary } from '../vocabulary.js';
import { guessFor, readAmount, saysSame, type AmountRead } from './amount.js';
import { pickNumber } from './numbered.js';
import { readPolarity } from './polarity.js';
import { ask, value, type Ask, type ReadContext, type Reading } from './reading.js';
import { screen, type Screened } from './screen.js';

/** Above this a monthly omzet is asked back (Rp1 miliar). */
export const MAX_MONTHLY_OMZET = 1_000_000_000;

/** Omzet per month at sign-up: `omset sy kira2 6 juta` → 6.000.000; `5` → ask (guess Rp5.000.000). */
export function readSignupOmzet(text: string, vocab: Vocabulary, ctx: ReadContext = {}): Reading<number> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  const amount = readAmount(s.tokens, s.text, vocab);
  return settle(amount, s, vocab, ctx.previousOmzet ?? 0);
}

/**
 * Last month's omzet in a check-in. `ctx.previousOmzet` is the last report (or the sign-up
 * figure); 0 means there is nothing to compare. `sama kayak bulan lalu` is that figure.
 */
export function readCheckinOmzet(text: string, vocab: Vocabulary, ctx: ReadContext = {}): Reading<number> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  const amount = readAmount(s.tokens, s.text, vocab);
  return settle(amount, s, vocab, ctx.previousOmzet ?? 0);
}

function settle(amount: AmountRead, s: Screened, vocab: Vocabulary, previous: number): Reading<number> {
  switch (amount.kind) {
    case 'amount':
      if (saysSame(s.tokens, vocab) && previous > 0 && amount.rupiah !== previous) return ask('conflict', { value: amount.rupiah, previous });
      return plausible(amount.rupiah, previous);
    case 'zero':
      return plausible(0, previous);
    case 'same':
      return previous > 0 ? value(previous) : ask('change_not_level');
    case 'no_unit':
      return ask('no_unit', { guess: guessNear(amount.number, previous), value: amount.number });
    case 'none':
      return ask(refuses(s, vocab) ? 'refused' : 'unclear');
    case 'ask':
      return ask(amount.reason, amount.value === undefined ? {} : { value: amount.value });
  }
}

/** Ask back what cannot be a monthly omzet, or what is far from the last report. */
export function plausible(rupiah: number, previous: number): Reading<number> {
  if (rupiah > MAX_MONTHLY_OMZET) return ask('implausible', { value: rupiah, ...(previous > 0 ? { previous } : {}) });
  if (previous > 0 && rupiah !== previous && (rupiah > previous * 10 || rupiah * 10 < previous)) {
    return ask('implausible', { value: rupiah, previous });
  }
  return value(rupiah);
}

// A bare `7,5` after a report of Rp7.500.000 is most likely 7,5 juta; `850` after Rp900.000 is
// 850 ribu. Without a report: up to 100 means juta, above it ribu.
function guessNear(n: number, previous: number): number {
  if (previous > 0) {
    const candidates = [n * 1e3, n * 1e6].filter((c) => c <= MAX_MONTHLY_OMZET);
    const ratio = (c: number): number => Math.abs(Math.log(c / previous));
    const best = candidates.sort((a, b) => ratio(a) - ratio(b))[0];
    if (best !== undefined) return Math.round(best);
  }
  return guessFor(n);
}

function refuses(s: Screened, vocab: Vocabulary): boolean {
  const padded = ` ${s.words.join(' ')} `;
  return vocab.words.refusals.some((r) => padded.includes(` ${r} `));
}

// "bukan 5 juta tapi 50 juta": the guess denied, then the amount meant.
function otherThanGuess(s: Screened, vocab: Vocabulary, guess: number): AmountRead | null {
  const clauses = [...new Set(s.tokens.map((t) => t.clause))];
  const cut = s.tokens.findIndex((t) => t.w === 'tapi' || t.w === 'tp' || t.w === 'melainkan' || t.w === 'but');
  if (cut <= 0 || clauses.length === 0) return null;
  const before = readAmount(s.tokens.slice(0, cut), '', vocab);
  if (before.kind !== 'amount' || before.rupiah !== guess) return null;
  const after = readAmount(s.tokens.slice(cut + 1), s.text, vocab);
  return after.kind === 'amount' ? after : null;
}

/** What the money confirmation stores: yes, no, or the amount the person meant instead. */
export type MoneyConfirm = boolean | { readonly amount: number };

/**
 * "Maksud Bapak/Ibu Rp5.000.000? 1. Ya 2. Tidak". A bare `1` is yes and `2` is no — never an
 * amount, whatever the guess. The guessed amount repeated is yes; another amount (with or
 * without "bukan") is that amount, if it is itself clear and believable.
 */
export function readMoneyConfirm(text: string, vocab: Vocabulary, ctx: ReadContext = {}): Reading<MoneyConfirm> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  const guess = ctx.guess ?? 0;
  const options = (ctx.options ?? [true, false]) as readonly boolean[];
  const up = /\u{1F44D}/u.test(text);
  if (s.words.length === 0) return up ? value(true) : ask('unclear');
  const pick = pickNumber(s.words, options.length, false);
  if (pick?.kind === 'pick' && pick.rest.length === 0) return value(options[pick.index]!);
  // "1 ya", "2. salah": the words must agree with the number.
  if (pick?.kind === 'pick' && !pick.rest.some((w) => /\d/u.test(w))) {
    const rest = readPolarity(s.tokens.slice(pick.restStart, pick.restStart + pick.rest.length), vocab, 'confirm');
    const picked = options[pick.index]!;
    if (readAmount(s.tokens, s.text, vocab).kind === 'no_unit') {
      return rest.kind !== 'ask' && (rest.kind === 'yes') === picked ? value(picked) : ask('conflict');
    }
  }
  if (s.words.length === 1 && /^\d+$/u.test(s.words[0]!)) return ask('not_offered');
  const pol = readPolarity(s.tokens, vocab, 'confirm');
  const amount = otherThanGuess(s, vocab, guess) ?? readAmount(s.tokens, s.text, vocab);
  switch (amount.kind) {
    case 'amount': {
      if (amount.rupiah === guess) return pol.kind === 'no' ? ask('conflict') : value(true);
      if (pol.kind === 'yes') return ask('conflict', { value: amount.rupiah });
      const checked = plausible(amount.rupiah, 0);
      return checked.kind === 'value' ? value({ amount: checked.value }) : (checked as Ask);
    }
    case 'none':
    case 'same':
      if (pol.kind === 'ask') return ask(pol.reason);
      if (up && pol.kind === 'no') return ask('conflict');
      return value(pol.kind === 'yes');
    case 'zero':
      return pol.kind === 'no' && !/\d/u.test(s.text) ? value(false) : ask('unclear');
    case 'no_unit':
      return ask('no_unit', { guess: guessFor(amount.number) });
    case 'ask':
      return ask(amount.reason);
  }
}
