// A message from a registered person when no question is open: a command, a question (with
// its FAQ topic; `pelatihan` alone asks about workshops), small talk (makasih, 👍, halo, siap
// bu) or something the bot cannot act on. An omzet typed out of the blue is not stored: the
// reply explains LAPOR (`hint: 'omzet'`).

import type { Vocabulary } from '../vocabulary.js';
import { readAmount } from './amount.js';
import { cached } from './phrases.js';
import { ask, type Ask, type NotAnswer, type ReadContext } from './reading.js';
import { bareFaq, matchFaq, screen } from './screen.js';
import { phraseWords, squeeze } from './tokens.js';


const FRIENDLY_EMOJI = /[\u{1F44D}\u{1F64F}\u{1F60A}\u{1F642}\u{1F600}-\u{1F606}\u{263A}\u{2764}\u{1F44C}\u{1F4AA}\u{1F917}\u{1F970}]/u;

/** What to do with a message when nothing is asked. Never a value. */
export function readIdle(text: string, vocab: Vocabulary, _ctx: ReadContext = {}): Ask | NotAnswer {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  const faq = bareFaq(s.words, vocab);
  if (faq !== null) return { kind: 'not_answer', what: 'question', topic: faq.topic, faq: faq.id };
  // "saya mau ikut pelatihan": about workshops even without a question mark.
  const about = matchFaq(s.words, vocab);
  if (about?.topic === 'workshops') return { kind: 'not_answer', what: 'question', topic: about.topic, faq: about.id };
  if (s.words.length === 0) return FRIENDLY_EMOJI.test(text) ? { kind: 'not_answer', what: 'smalltalk' } : ask('unclear');
  // "ok", "siap bu", "sip mantap": a nod when nothing is asked is small talk.
  const nods = nodWords(vocab);
  if (s.words.every((w) => nods.has(squeeze(w)))) return { kind: 'not_answer', what: 'smalltalk' };
  // A bare number of one or two digits is an option of some list (an old menu), not an omzet.
  if (/^\s*\d{1,2}\s*$/u.test(text)) return ask('unclear');
  const amount = readAmount(s.tokens, s.text, vocab);
  if (amount.kind === 'amount' || amount.kind === 'no_unit') return ask('nothing_asked', { hint: 'omzet' });
  return ask('unclear');
}

function nodWords(vocab: Vocabulary): ReadonlySet<string> {
  return cached(vocab, 'idle:nods', () => {
    const w = vocab.words;
    const single = [...w.nod, ...w.yes, ...w.polite].flatMap((p) => (phraseWords(p).length === 1 ? phraseWords(p) : []));
    return new Set(single.map(squeeze));
  });
}
