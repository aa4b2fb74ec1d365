// The answer right after a workshop invitation ("Balas HADIR (atau ketik 1)"). A clear yes
// (hadir, ikut, daftar, umpat, "insya allah hadir", 1) registers; any clear no (batal, tidak
// bisa hadir, kada kawa, "mau ikut tapi hari itu …") withdraws — withdrawing when not
// registered only says there is nothing to cancel. A nod (ok, siap, 👍) or a hedge
// (insyaallah alone, liat nanti, mungkin) is not a registration and is asked back.

import type { Vocabulary } from '../vocabulary.js';
import { pickNumber } from './numbered.js';
import { readPolarity } from './polarity.js';
import { ask, value, type ReadContext, type Reading } from './reading.js';
import { screen } from './screen.js';

export type Rsvp = 'attend' | 'withdraw';

/** `sy ikut ya bu` → attend; `BATAL HADIR`, `maaf kada kawa datang` → withdraw; `ok` → ask. */
export function readRsvp(text: string, vocab: Vocabulary, ctx: ReadContext = {}): Reading<Rsvp> {
  const s = screen(text, vocab, { ownCommands: ['cancel', 'register'] });
  if (s.kind !== 'screened') return s;
  if (s.command === 'cancel') return value('withdraw');
  if (s.command === 'register') return value('attend');
  if (s.words.length === 0) return ask(/\u{1F44D}/u.test(text) ? 'nod' : 'unclear');
  const options = (ctx.options ?? ['attend']) as readonly Rsvp[];
  const pick = pickNumber(s.words, options.length, false);
  if (pick?.kind === 'out_of_range') return ask('not_offered');
  if (pick?.kind === 'pick' && pick.rest.length === 0) return value(options[pick.index]!);
  if (s.words.some((w) => /\d/u.test(w))) return ask('unclear');
  const pol = readPolarity(s.tokens, vocab, 'rsvp');
  if (pol.kind === 'ask') return ask(pol.reason);
  return value(pol.kind === 'yes' ? 'attend' : 'withdraw');
}
