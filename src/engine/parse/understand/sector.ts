// The sector, read from what the business does ("jualan wadai", "bengkel motor", "anyaman
// purun") through the city's activity list, or from the sector's name or number. Two
// activities in different sectors, a word that fits any business ("warung", "jualan") or fresh
// goods that may be traded or raised ("jual ikan") are asked back. The person's own words are
// returned as `activity` so they can be kept as a field of their own.

import type { Vocabulary } from '../vocabulary.js';
import { pickNumber, pickNumbers } from './numbered.js';
import { cached, PhraseIndex } from './phrases.js';
import { ask, value, type ReadContext, type Reading } from './reading.js';
import { screen } from './screen.js';
import { phraseWords, stemNya } from './tokens.js';
import { closest, type TypoTargets } from './typo.js';

type Hit =
  | { readonly kind: 'activity' | 'alias'; readonly sector: string }
  | { readonly kind: 'unclear'; readonly sectors: readonly string[] }
  | { readonly kind: 'generic' };

interface SectorLexicon {
  readonly index: PhraseIndex<Hit>;
  readonly unsure: PhraseIndex<true>;
  readonly typos: TypoTargets;
  readonly known: ReadonlySet<string>;
}

function lexicon(vocab: Vocabulary): SectorLexicon {
  return cached(vocab, 'sector', () => {
    const index = new PhraseIndex<Hit>();
    for (const a of vocab.activities) index.add(a.phrase, { kind: 'activity', sector: a.sector });
    for (const u of vocab.unclearActivities) index.add(u.phrase, { kind: 'unclear', sectors: u.sectors });
    for (const s of vocab.sectors) index.addAll([s.code, s.name.id, s.name.en, ...s.aliases], { kind: 'alias', sector: s.code });
    index.addAll(vocab.words.genericBusiness, { kind: 'generic' });
    return {
      index,
      unsure: new PhraseIndex<true>(true).addAll([...vocab.words.unsure, ...vocab.words.refusals], true),
      // The sectors' own names, and long activity words (sasirangan, konveksi, fotokopi).
      typos: {
        words: [
          ...new Set([
            ...vocab.sectors.flatMap((x) => [x.code, ...phraseWords(x.name.id), ...phraseWords(x.name.en)]),
            ...vocab.activities.map((a) => a.phrase).filter((p) => !p.includes(' ') && p.length >= 8),
          ]),
        ].filter((w) => w.length >= 6),
        minLength: 6,
        samePrefix: 2,
      },
      known: index.allWords(),
    };
  });
}

const MAX_ACTIVITY = 120;

/** The sector code: `jualan wadai` → kuliner (activity "jualan wadai"); `warung` → ask (vague). */
export function readSector(text: string, vocab: Vocabulary, ctx: ReadContext = {}): Reading<string> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  const codes = (ctx.options as readonly string[] | undefined) ?? vocab.sectors.map((x) => x.code);
  if (s.words.length === 0) return ask('unclear');

  const many = pickNumbers(s.words, codes.length);
  if (many === 'out_of_range') return ask('not_offered');
  if (many !== null && many.length > 1) return ask('ambiguous', { candidates: [...new Set(many.map((i) => codes[i]!))] });
  const pick = pickNumber(s.words, codes.length, true);
  if (pick?.kind === 'out_of_range') return ask('not_offered');
  if (pick?.kind === 'pick' && pick.rest.length === 0) return value(codes[pick.index]!);

  const lex = lexicon(vocab);
  const activity = ownWords(text);
  if (lex.unsure.scan(s.words.map((w) => lex.unsure.key(w))).length > 0) return ask('unsure', { activity });

  const words = s.words.map((w) => correct(stemNya(w, lex.known), lex));
  const hits = lex.index.scan(words).map((h) => h.value);
  const specific = new Set(hits.flatMap((h) => (h.kind === 'activity' ? [h.sector] : [])));
  const named = new Set(hits.flatMap((h) => (h.kind === 'alias' ? [h.sector] : [])));
  const unclear = hits.flatMap((h) => (h.kind === 'unclear' ? h.sectors : []));
  // An activity is more precise than a sector word used as a prefix ("jasa rias pengantin").
  const sectors = specific.size > 0 ? specific : named;
  // "hidroponik sayur": the precise word settles what the unclear one left open.
  const settled = unclear.length > 0 && sectors.size === 1 && specific.size === 1 && unclear.includes([...specific][0]!);
  if (unclear.length > 0 && !settled) return ask('ambiguous', { candidates: [...new Set([...sectors, ...unclear])], activity });
  if (sectors.size > 1) return ask('ambiguous', { candidates: [...sectors], activity });
  const [sector] = sectors;
  if (sector !== undefined) {
    return specific.size > 0 ? { kind: 'value', value: sector, activity } : value(sector);
  }
  return ask(hits.some((h) => h.kind === 'generic') ? 'vague' : 'unclear', { activity });
}

function correct(word: string, lex: SectorLexicon): string {
  return lex.known.has(word) ? word : (closest(word, lex.typos) ?? word);
}

/** The person's own words for the business, as typed, for staff to read later. */
function ownWords(text: string): string | undefined {
  const cleaned = text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/[\p{Extended_Pictographic}\uFE0F\u20E3]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[.!?,;:]+$/u, '');
  if (cleaned === '' || /^\d+$/u.test(cleaned)) return undefined;
  return [...cleaned].length > MAX_ACTIVITY ? [...cleaned].slice(0, MAX_ACTIVITY).join('') : cleaned;
}
