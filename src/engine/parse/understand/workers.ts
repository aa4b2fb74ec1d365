// How many people work in the business, the owner included: a number ("4 orang", "lima",
// "ada 6 urang"), the people listed ("sy sama suami", "aku, ibu, sama adik", "me and my
// wife"), a group word ("berdua", "baduaan"), or employees plus the owner ("saya sama 3
// pegawai", "20 karyawan + saya", "5 belum termasuk saya"). When it is unclear whether the
// owner is counted ("2 karyawan"), when it varies, or the figure is not believable (0, above
// 200, shaped like a year), it is asked back.

import { numberWordTokens, evaluateNumberTokens, type NumberToken } from '../number.js';
import type { Vocabulary } from '../vocabulary.js';
import { cached, PhraseIndex } from './phrases.js';
import { ask, value, type ReadContext, type Reading } from './reading.js';
import { screen } from './screen.js';

export const MAX_WORKERS = 200;

type Tag = 'self' | 'relative' | 'worker' | 'people' | 'pair' | 'includes' | 'adds' | 'none' | 'varies' | 'money' | 'range' | 'plural' | 'hedge';

const GROUPS: ReadonlyMap<string, number> = new Map([
  ['berdua', 2], ['bedua', 2], ['baduaan', 2], ['bertiga', 3], ['betiga', 3], ['batiga', 3], ['batigaan', 3], ['berempat', 4], ['berampat', 4],
  ['berlima', 5], ['belima', 5], ['balima', 5], ['berenam', 6], ['bertujuh', 7], ['berdelapan', 8], ['bersembilan', 9], ['bersepuluh', 10],
]);
const ENGLISH: ReadonlyMap<string, number> = new Map([
  ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9], ['ten', 10],
  ['eleven', 11], ['twelve', 12], ['fifteen', 15], ['twenty', 20],
]);
const CONNECTORS = new Set(['sama', 'sm', 'dan', 'dengan', 'dgn', 'and', 'plus', 'tambah', 'ditambah', 'bersama', 'with']);
const MONEY = ['rb', 'ribu', 'jt', 'juta', 'k', 'rp', 'rupiah', 'million', 'thousand'];
const RANGE = ['-', 'lebih dari', 'kurang dari', 'di atas', 'diatas', 'di bawah', 'dibawah', 'more than', 'less than', 'at least', 'up to', 'paling banyak', 'paling sedikit', 'sampai', 'sampe', 'atau', 'ato', 'or', 'to', 'hingga', 'antara', 'between', 'setengah', 'half', 'a few', 'beberapa', 'banyak', 'several', 'lebih', 'lbh', 'lebihan', 'an', 'more'];
const PLURAL = ['anak anak', 'anak2', 'saudara saudara', 'keluarga', 'family', 'kids', 'children'];

// The everyday short forms of the words in "sudah termasuk saya", "udah sama saya" …, so that
// each phrase is found however it is abbreviated ("udah sm sy", "sdh trmsk sy").
const SHORT: Readonly<Record<string, readonly string[]>> = {
  saya: ['sy', 'aku', 'ulun'], sy: ['saya'], sama: ['sm'], sudah: ['sdh', 'udah', 'dah', 'udh'], udah: ['sudah', 'sdh', 'udh', 'dah'],
  termasuk: ['trmsk', 'tmsk', 'termasok', 'trmasuk'], belum: ['blm', 'blum', 'belom'], tambah: ['tmbh', 'tambh'],
};

function spellings(phrases: readonly string[]): string[] {
  const out = new Set<string>();
  for (const phrase of phrases) {
    let forms = [''];
    for (const word of phrase.split(' ')) {
      const alts = [word, ...(SHORT[word] ?? [])];
      forms = forms.flatMap((f) => alts.map((a) => (f === '' ? a : `${f} ${a}`)));
      if (forms.length > 200) forms = forms.slice(0, 200);
    }
    for (const f of forms) out.add(f);
  }
  return [...out];
}

function lexicon(vocab: Vocabulary): PhraseIndex<Tag> {
  return cached(vocab, 'workers', () => {
    const w = vocab.words;
    return new PhraseIndex<Tag>()
      .addAll(w.noWorkers, 'none')
      .addAll(spellings(w.addsOwner), 'adds')
      .addAll(spellings(w.includesOwner), 'includes')
      .addAll(w.pairs, 'pair')
      .addAll(w.varies, 'varies')
      .addAll(PLURAL, 'plural')
      .addAll(MONEY, 'money')
      .addAll(RANGE, 'range')
      // "kurang lebih 4": an approximation of one figure, not a range ("200 lebih").
      .addAll(['kurang lebih', 'krg lbh', 'krg lebih', 'kurleb', 'lebih kurang', 'lbh krg'], 'hedge')
      .addAll(w.workerWords, 'worker')
      .addAll(w.peopleWords, 'people')
      .addAll(w.relatives, 'relative')
      .addAll(w.self, 'self');
  });
}

/** People working, owner included: `sy sama suami` → 2; `5 org tambah saya` → 6; `2 karyawan` → ask. */
export function readWorkers(text: string, vocab: Vocabulary, _ctx: ReadContext = {}): Reading<number> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  const idx = lexicon(vocab);
  const words = s.words;
  const hits = negatedIncludes(idx.scan(words), words, negators(vocab));
  const tags = new Set(hits.map((h) => h.value));
  if (tags.has('money')) return ask('other_answer');
  if (/(?:^|\s)(?:-|−|minus\s)\s*\d/u.test(text.toLowerCase())) return ask('unclear');
  // "bertiga sama anak2": the group word gives the count even when the people are named loosely.
  const plural = tags.has('plural') && !words.some((w) => GROUPS.has(w));
  if (tags.has('varies') || tags.has('range') || plural) return ask(tags.has('varies') ? 'two_values' : 'unclear');

  const numbers = readNumbers(words, hits.map((h) => [h.start, h.end] as const));
  if (numbers === null) return ask('unclear');
  if (numbers.some((n) => n.digits.length === 4 && n.value >= 1950 && n.value <= 2100)) return ask('number_shape');
  if (numbers.some((n) => !Number.isInteger(n.value) || n.value < 0)) return ask('unclear');

  if (numbers.length > 1) return ask('two_values');
  const said: Said = { hits, tags, words };
  const total = numbers.length === 1 ? withNumber(numbers[0]!, said) : withoutNumber(said);
  if (typeof total !== 'number') return total ?? ask('unclear');
  if (total < 1) return ask('implausible', { value: total });
  if (total > MAX_WORKERS) return ask('implausible', { value: total });
  return value(total);
}

const negators = (vocab: Vocabulary): ReadonlySet<string> =>
  cached(vocab, 'workers:negators', () => new Set([...vocab.words.negators, ...vocab.words.notYet].filter((w) => !w.includes(' '))));

type Hit = { readonly start: number; readonly end: number; readonly value: Tag };

// "4 orang blm termasuk sy", "5, gak termasuk aku": a negator right before "termasuk saya"
// means the owner is NOT counted yet, whatever spelling of the negator is used.
// "gk ada karyawan bu", "kadada pegawai", "tdk punya karyawan": no employees, whatever the
// spelling of the negator; "kadada" (Banjar) and "gada" are "tidak ada" in one word.
function negatedIncludes(hits: readonly Hit[], words: readonly string[], neg: ReadonlySet<string>): Hit[] {
  return hits.map((h) => {
    if (h.value === 'includes' && h.start > 0 && neg.has(words[h.start - 1]!)) return { ...h, start: h.start - 1, value: 'adds' as const };
    if (h.value === 'worker' && !hits.some((o) => o.value === 'none')) {
      const prev = words[h.start - 1] ?? '';
      if (NONE_WORDS.has(prev)) return { ...h, start: h.start - 1, value: 'none' as const };
      if (HAVE.has(prev) && neg.has(words[h.start - 2] ?? '')) return { ...h, start: h.start - 2, value: 'none' as const };
    }
    return h;
  });
}
const NONE_WORDS = new Set(['kadada', 'gada', 'gaada', 'gakada', 'tidakada', 'tdkada', 'ndada', 'nggaada', 'nggakada']);
const HAVE = new Set(['ada', 'punya', 'pny', 'pakai', 'pake', 'have']);

interface Said {
  readonly hits: readonly { readonly start: number; readonly end: number; readonly value: Tag }[];
  readonly tags: ReadonlySet<Tag>;
  readonly words: readonly string[];
}

const count = (said: Said, t: Tag): number => said.hits.filter((h) => h.value === t).length;

// "5 org tambah saya", "5 termasuk saya", "saya sama 3 pegawai", "2 karyawan", "4 orang".
function withNumber(n: Counted, said: Said): number | Reading<number> {
  const { hits, tags, words } = said;
  const self = count(said, 'self') > 0;
  const labelsRelatives = hits.some((h) => h.value === 'relative' && h.start === n.end);
  // "saya dan 2 anak": the number counts the relatives named right after it.
  const relatives = count(said, 'relative') - (labelsRelatives ? 1 : 0);
  if (tags.has('adds')) return n.value + 1 + relatives;
  if (tags.has('includes')) return n.value + relatives;
  if (tags.has('worker') || labelsRelatives) {
    // "saya sama 3 pegawai" is the owner plus three; "2 karyawan" leaves the owner unclear.
    return self ? 1 + n.value + relatives : ask('owner_unclear', { value: n.value });
  }
  if (!self) return n.value + relatives;
  // "sy plus 1 org", "saya tambah 2": the number comes after the owner and a connector.
  const first = hits.find((h) => h.value === 'self')!;
  const link = words.slice(first.end, n.start);
  if (first.end <= n.start && link.length > 0 && link.every((w) => CONNECTORS.has(w))) return 1 + n.value + relatives;
  // "1 (saya sendiri)", "2, saya dan suami": the number and the people named agree.
  if (n.value === 1 + relatives) return n.value;
  // "3 orang sama saya" could be three or four; "saya sama 2 lagi" is three.
  if (tags.has('people')) return ask('owner_unclear', { value: n.value });
  const selfHit = hits.find((h) => h.value === 'self')!;
  const between = words.slice(Math.min(selfHit.end, n.end), Math.max(selfHit.start, n.end - 1));
  return between.some((w) => CONNECTORS.has(w)) ? 1 + n.value + relatives : ask('unclear');
}

// "berdua", "suami istri", "sy sama suami", "aku, ibu, sama adik", "belum ada karyawan", "sendiri".
function withoutNumber(said: Said): number | Reading<number> | null {
  const relatives = count(said, 'relative');
  const group = said.words.map((w) => GROUPS.get(w)).find((g) => g !== undefined);
  // "berdua sama suami": the group already counts the people named.
  if (group !== undefined) return Math.max(group, 1 + relatives);
  if (said.tags.has('pair')) return 2 + relatives;
  if (said.tags.has('none')) return 1;
  if (count(said, 'self') > 0 || said.tags.has('includes') || said.tags.has('adds')) return 1 + relatives;
  return relatives > 0 ? ask('owner_unclear') : null;
}

interface Counted {
  readonly value: number;
  /** Its first word. */
  readonly start: number;
  readonly digits: string;
  /** One past its last word. */
  readonly end: number;
}

// Numbers in digits or words, outside the phrases already tagged.
function readNumbers(words: readonly string[], tagged: readonly (readonly [number, number])[]): Counted[] | null {
  const inTag = (i: number): boolean => tagged.some(([a, b]) => i >= a && i < b);
  const out: Counted[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (/^\d+$/u.test(w)) {
      out.push({ value: Number(w), digits: w, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (/\d/u.test(w)) return null;
    if (inTag(i)) {
      i++;
      continue;
    }
    const tokens: NumberToken[] = [];
    let j = i;
    while (j < words.length && !inTag(j)) {
      const t = numberWordTokens(words[j]!) ?? (ENGLISH.has(words[j]!) ? [ENGLISH.get(words[j]!)!] : null);
      if (t === null) break;
      tokens.push(...t);
      j++;
    }
    if (tokens.length > 0) {
      const n = evaluateNumberTokens(tokens);
      if (n === null) return null;
      out.push({ value: n, digits: String(n), start: i, end: j });
      i = j;
    } else i++;
  }
  return out;
}

