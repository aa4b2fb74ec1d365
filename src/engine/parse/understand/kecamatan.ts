// The kecamatan, as locals type it: the name with shortenings (Bjm Utara, bjm tim, b.masin
// tengah, banjar selatan), the direction alone, a number, English (north), or the kelurahan
// they live in. A kelurahan gives its kecamatan even when its own name holds another
// direction (Kelayan Barat is in Selatan). A stem shared by kelurahan of different kecamatan
// (kelayan, kuin, pemurus) is asked back — never matched to the nearest kecamatan name by
// spelling — and so are places outside the city, streets, and a kecamatan and kelurahan that
// disagree.

import type { Vocabulary } from '../vocabulary.js';
import { pickNumber } from './numbered.js';
import { cached, PhraseIndex } from './phrases.js';
import { ask, value, type ReadContext, type Reading } from './reading.js';
import { screen } from './screen.js';
import { phraseWords } from './tokens.js';
import { closest, type TypoTargets } from './typo.js';

type Place =
  | { readonly kind: 'kecamatan'; readonly codes: readonly string[]; readonly explicit: boolean; readonly where?: string }
  | { readonly kind: 'city' }
  | { readonly kind: 'outside'; readonly where: string }
  | { readonly kind: 'unclear' }
  | { readonly kind: 'street' }
  | { readonly kind: 'marker' };

interface KecamatanLexicon {
  readonly index: PhraseIndex<Place>;
  readonly typos: readonly TypoTargets[];
  readonly known: ReadonlySet<string>;
}

const MARKERS = ['kec', 'kecamatan', 'kel', 'kelurahan', 'desa', 'daerah', 'wilayah', 'district', 'village', 'subdistrict', 'area', 'rt', 'rw', 'di', 'dekat', 'tinggal', 'rumah', 'saya', 'sy', 'ulun', 'aku', 'usaha', 'tempat', 'lokasi', 'alamat', 'in', 'at', 'the', 'of', 'my', 'i', 'live', 'is', 'ya', 'pak', 'bu', 'kak', 'aja', 'saja', 'haja', 'ai', 'pang', 'dong', 'lah', 'sih', 'kota', 'city'];

function lexicon(vocab: Vocabulary): KecamatanLexicon {
  return cached(vocab, 'kecamatan', () => {
    const index = new PhraseIndex<Place>();
    const kecamatanOf = new Map<string, string>();
    // Every word-prefix of every kelurahan name (and alias) → the kecamatan it may mean.
    const stems = new Map<string, Set<string>>();
    const alsoOutside = new Map<string, string>();
    const addStems = (name: string, code: string): void => {
      const ws = phraseWords(name);
      for (let n = 1; n <= ws.length; n++) {
        const stem = ws.slice(0, n).join(' ');
        stems.set(stem, (stems.get(stem) ?? new Set()).add(code));
      }
    };
    for (const k of vocab.kelurahan) {
      for (const name of [k.name, ...k.aliases]) {
        addStems(name, k.kecamatan);
        kecamatanOf.set(phraseWords(name).join(' '), k.kecamatan);
        if (k.alsoOutside !== undefined) alsoOutside.set(phraseWords(name).join(' '), k.alsoOutside);
      }
    }
    for (const p of vocab.places) addStems(p.phrase, p.kecamatan);
    // Longest first, and outside places and vague places before a shorter stem of the same length.
    for (const o of vocab.outside) index.add(o.phrase, { kind: 'outside', where: o.where });
    // Kuripan, Sungai Lulut: also names outside the city; kept only when a kecamatan named with it agrees.
    for (const [name, where] of alsoOutside) index.add(name, { kind: 'kecamatan', codes: [kecamatanOf.get(name)!], explicit: false, where });
    for (const u of vocab.unclearPlaces) index.add(u, { kind: 'unclear' });
    for (const [stem, codes] of stems) index.add(stem, { kind: 'kecamatan', codes: [...codes], explicit: false });
    for (const k of vocab.kecamatan) {
      index.addAll(
        [k.name, k.code, ...vocab.cityNames.flatMap((c) => [...k.directions, ...k.abbreviations].map((d) => `${c} ${d}`)), ...k.directions, ...k.abbreviations],
        { kind: 'kecamatan', codes: [k.code], explicit: true },
      );
    }
    for (const a of vocab.ambiguousAbbreviations) index.add(a.phrase, { kind: 'kecamatan', codes: a.kecamatan, explicit: true });
    index.addAll(vocab.cityNames, { kind: 'city' });
    index.addAll(vocab.streetMarkers, { kind: 'street' });
    index.addAll(MARKERS, { kind: 'marker' });
    const long = (ws: readonly string[], min: number): string[] => [...new Set(ws.flatMap((w) => phraseWords(w)))].filter((w) => w.length >= min);
    const typos: TypoTargets[] = [
      { words: long(vocab.cityNames, 7), minLength: 7, samePrefix: 3 },
      { words: long(vocab.kecamatan.flatMap((k) => k.directions), 5), minLength: 5, samePrefix: 3 },
      { words: long([...vocab.kelurahan.flatMap((k) => [k.name, ...k.aliases]), ...vocab.outside.map((o) => o.phrase)], 7), minLength: 7, samePrefix: 2 },
    ];
    return { index, typos, known: index.allWords() };
  });
}

/** The kecamatan code: `Bjm Utara`, `utara`, `3`, `Kelayan Barat` → bjm-selatan; `kelayan` → ask. */
export function readKecamatan(text: string, vocab: Vocabulary, ctx: ReadContext = {}): Reading<string> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  const codes = (ctx.options as readonly string[] | undefined) ?? vocab.kecamatan.map((k) => k.code);
  if (s.words.length === 0) return ask('unclear');
  const pick = pickNumber(s.words, codes.length, true);
  if (pick?.kind === 'out_of_range') return ask('not_offered');
  if (pick?.kind === 'pick' && pick.rest.length === 0) return value(codes[pick.index]!);

  const lex = lexicon(vocab);
  const words = s.words.filter((w) => !/^\d+$/u.test(w)).map((w) => correct(w, lex));
  const places = lex.index.scan(words).map((h) => h.value);
  const outside = places.find((p) => p.kind === 'outside');
  if (outside?.kind === 'outside') return ask('outside_city', { where: outside.where });
  const named = places.flatMap((p) => (p.kind === 'kecamatan' ? [p] : []));
  const explicit = named.filter((p) => p.explicit);
  // "dekat pasar", "tengah kota": too vague, unless the kecamatan itself is named.
  if (places.some((p) => p.kind === 'unclear') && explicit.length === 0) return ask('too_general');
  const doubtful = named.find((p) => p.where !== undefined);
  if (doubtful?.where !== undefined && !explicit.some((p) => p.codes.some((c) => doubtful.codes.includes(c)))) {
    return ask('outside_city', { where: doubtful.where });
  }

  // A street address may hold a kelurahan-like word (Jl. Pangeran Antasari): only an explicit kecamatan counts.
  const street = places.some((p) => p.kind === 'street');
  const counted = street ? named.filter((p) => p.explicit) : named;
  if (counted.length === 0) return ask(places.some((p) => p.kind === 'city' || p.kind === 'street') ? 'too_general' : 'unclear');

  let possible = new Set(counted[0]!.codes);
  for (const p of counted.slice(1)) possible = new Set(p.codes.filter((c) => possible.has(c)));
  if (possible.size === 0) return ask('conflict', { candidates: [...new Set(counted.flatMap((p) => p.codes))] });
  if (possible.size > 1) return ask('ambiguous', { candidates: [...possible] });
  return value([...possible][0]!);
}

// `banjarmsin`, `selatn`, `pengambangn`. `kelayan` is a known stem, so it is never
// "corrected" to selatan; `mantul` is too short to become Mantuil.
function correct(word: string, lex: KecamatanLexicon): string {
  if (lex.known.has(word)) return word;
  for (const targets of lex.typos) {
    const hit = closest(word, targets);
    if (hit !== null) return hit;
  }
  return word;
}
