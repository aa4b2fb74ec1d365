// The yes/no questions: consent (agreement), "do you sell online?" (a fact), and the erase
// confirmation (irreversible, so only clear answers count). A bare `1`/`2` picks from
// "1. Ya 2. Tidak"; other numbers are asked back.

import type { Vocabulary } from '../vocabulary.js';
import { pickNumber } from './numbered.js';
import { readPolarity, type PolarityMode } from './polarity.js';
import { ask, value, type ReadContext, type Reading } from './reading.js';
import { screen, type Screened } from './screen.js';

const YES_NO: readonly boolean[] = [true, false];

const THUMBS_UP = /\u{1F44D}/u;
const THUMBS_DOWN = /\u{1F44E}/u;

/** Consent to sign up: setuju, inggih, hakun, gpp, ok, 1 → true; gak, kada hakun, 2 → false. */
export function readConsent(text: string, vocab: Vocabulary, ctx: ReadContext = {}): Reading<boolean> {
  const s = screen(text, vocab);
  return s.kind === 'screened' ? readYesNoWords(s, vocab, ctx, 'agree') : s;
}

/**
 * A factual yes/no (a survey `yes_no` question): sudah/belum are yes/no, a nod (`ok`) or a
 * wish (`mau`) is asked back. `yesChoices`: a question of `vocab.choices` whose option words
 * also mean yes.
 */
export function readYesNoFact(text: string, vocab: Vocabulary, ctx: ReadContext = {}, yesChoices?: string): Reading<boolean> {
  const s = screen(text, vocab);
  return s.kind === 'screened' ? readYesNoWords(s, vocab, ctx, 'fact', yesChoices) : s;
}

/** "Apakah Bapak/Ibu sekarang berjualan online?": a platform counts as yes (`wa doang`, `iya via gofood`). */
export function readSellsOnline(text: string, vocab: Vocabulary, ctx: ReadContext = {}): Reading<boolean> {
  return readYesNoFact(text, vocab, ctx, 'platform_online');
}

/** HAPUS DATA confirmation: ya, yakin, hapus, ok → true; batal, jangan, nanti aja, 2 → false; "hapus nomor hp aja" → ask. */
const EXCEPT: ReadonlySet<string> = new Set(['kecuali', 'selain', 'except', 'excluding', 'but not']);

export function readEraseConfirm(text: string, vocab: Vocabulary, ctx: ReadContext = {}): Reading<boolean> {
  const s = screen(text, vocab, { ownCommands: ['cancel', 'erase'] });
  if (s.kind !== 'screened') return s;
  if (s.command === 'cancel') return value(false);
  // "hapus semua kecuali nomor hp": erasing only a part is not offered.
  if (s.words.some((w) => EXCEPT.has(w))) return ask('partial');
  if (s.command === 'erase') return value(true);
  return readYesNoWords(s, vocab, ctx, 'erase');
}

/** The shared part once the message passed the screen. */
export function readYesNoWords(
  s: Screened,
  vocab: Vocabulary,
  ctx: ReadContext,
  mode: PolarityMode,
  yesChoices?: string,
): Reading<boolean> {
  const options = (ctx.options ?? YES_NO) as readonly boolean[];
  const up = THUMBS_UP.test(s.text);
  const down = THUMBS_DOWN.test(s.text);
  if (s.words.length === 0) {
    if (up === down) return ask('unclear');
    if (up && mode === 'fact') return ask('nod');
    return value(up);
  }
  const pick = pickNumber(s.words, options.length, false);
  if (pick?.kind === 'out_of_range') return ask('not_offered');
  if (pick?.kind === 'pick') {
    const picked = options[pick.index]!;
    if (pick.rest.length === 0) return value(picked);
    // `2. Tidak`, `1 ya`: the words must agree with the number.
    const restPol = readPolarity(s.tokens.slice(pick.restStart, pick.restStart + pick.rest.length), vocab, mode, yesChoices);
    if (restPol.kind === 'ask' && restPol.reason === 'unclear') return ask('unclear');
    return restPol.kind !== 'ask' && (restPol.kind === 'yes') === picked ? value(picked) : ask('conflict');
  }
  if (s.words.some((w) => /\d/u.test(w))) return ask('unclear');
  const pol = readPolarity(s.tokens, vocab, mode, yesChoices);
  if (pol.kind === 'ask') return ask(pol.reason);
  if ((pol.kind === 'yes' && down) || (pol.kind === 'no' && up)) return ask('conflict');
  return value(pol.kind === 'yes');
}
