// A person's name and a business name, kept as typed (case, apostrophes, `Hj.`, `, S.Pd`)
// after removing what frames them: lead-ins (nama saya, ulun, my name is; usaha saya
// namanya, nama tokonya), a form of address in front (bu, pak), trailing particles (pak, ya
// kak, ai), emoji, quotes, and a clause after a comma ("panggil aja Acad", "di Pasar Lama").
// A yes/no word, a question, a command or a sentence is never taken as a name.

import type { Vocabulary } from '../vocabulary.js';
import { cached, PhraseIndex } from './phrases.js';
import { ask, value, type Reading } from './reading.js';
import { screen } from './screen.js';
import { phraseWords } from './tokens.js';

const MAX_NAME = 100;
const MAX_BUSINESS = 120;
const MAX_NAME_WORDS = 6;
const MAX_BUSINESS_WORDS = 10;

const EMOJI = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\uFE0E\uFE0F\u20E3]/gu;
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
const QUOTES = /["“”«»]|(?<![\p{L}])['‘’`]|['‘’`](?![\p{L}])/gu;

interface Word {
  readonly raw: string;
  /** Lowercase letters and digits only, for matching. */
  readonly key: string;
}

// Hesitation words that also make good business names (Toko Semoga Jaya).
const NAME_FRIENDLY = new Set(['semoga', 'mudah mudahan', 'moga moga', 'tunggu', 'bingung', 'ragu', 'mungkin', 'em', 'hm']);
const PRONOUNS = new Set(['saya', 'sy', 'ulun', 'aku', 'kami', 'ku', 'my']);
// A business name does not start with a preposition or a verb of selling or making.
const NOT_A_NAME_START = new Set([
  'yg', 'yang', 'di', 'ke', 'dari', 'dekat', 'dkt', 'depan', 'samping', 'sebelah', 'belakang', 'dalam', 'at', 'in', 'near',
  'jual', 'jualan', 'menjual', 'berjualan', 'dagang', 'berdagang', 'bikin', 'membuat', 'buka', 'selling', 'sell', 'making',
]);
// Words that make a sentence rather than a name: pronouns of the person speaking, and verbs
// of wanting, promising and reporting. ("kita" and "kami" do occur in names: Warung Kita.)
const SENTENCE_WORDS = new Set([
  'saya', 'sy', 'ulun', 'aku', 'gue', 'gw', 'i', 'im', 'ive',
  'mau', 'akan', 'sudah', 'sdh', 'udah', 'nanti', 'ntar', 'kabari', 'kabarin', 'berjalan', 'pemilik', 'daftar', 'mendaftar', 'sell', 'selling',
]);
const AMOUNT_WORDS = new Set(['juta', 'jt', 'ribu', 'rb', 'rupiah', 'omset', 'omzet', 'miliar', 'million']);
const DURATION = new Set(['tahun', 'thn', 'th', 'bulan', 'bln', 'years', 'year', 'months']);
const PLACE_WORDS = new Set(['bjm', 'banjarmasin', 'bjmsin', 'banjar', 'kota', 'kec', 'kecamatan', 'kel', 'kelurahan', 'utara', 'selatan', 'timur', 'barat', 'tengah', 'sel', 'tim']);
const FRAME = /^([^,.!:;]+)[,.!;]+\s*(\S.*)$/u;
const QUESTION_WORDS = new Set(['apa', 'apakah', 'siapa', 'gimana', 'bagaimana', 'kenapa', 'mana', 'what', 'which']);

const keyOf = (raw: string): string => raw.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

function words(segment: string): Word[] {
  return segment
    .split(/\s+/u)
    .filter((r) => r !== '')
    .map((raw) => ({ raw, key: keyOf(raw) }))
    .filter((w) => w.key !== '' || /^[&+\-/]$/u.test(w.raw));
}

function clean(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').replace(INVISIBLE, '').replace(EMOJI, ' ').replace(/\s+/gu, ' ').trim();
}

interface NameLexicon {
  readonly answerWords: ReadonlySet<string>;
  readonly leadIns: PhraseIndex<true>;
  readonly titles: ReadonlySet<string>;
  readonly trailing: PhraseIndex<true>;
  readonly notInName: ReadonlySet<string>;
  readonly businessLeadIns: PhraseIndex<true>;
  readonly knownAs: PhraseIndex<true>;
  readonly noName: PhraseIndex<true>;
  readonly refusals: PhraseIndex<true>;
  readonly unsure: PhraseIndex<true>;
  readonly describes: PhraseIndex<'activity' | 'sector'>;
  readonly polite: ReadonlySet<string>;
  readonly greeting: ReadonlySet<string>;
  readonly negators: ReadonlySet<string>;
}

function lexicon(vocab: Vocabulary): NameLexicon {
  return cached(vocab, 'names', () => {
    const w = vocab.words;
    const describes = new PhraseIndex<'activity' | 'sector'>();
    for (const s of vocab.sectors) describes.addAll([s.code, s.name.id, s.name.en, ...s.aliases], 'sector');
    describes.addAll(vocab.activities.map((a) => a.phrase), 'activity');
    describes.addAll(vocab.unclearActivities.map((a) => a.phrase), 'activity');
    describes.addAll([...w.genericBusiness, 'jual', 'jualan', 'di', 'rumah', 'saya', 'sy', 'ulun', 'kami', 'dan', 'sama', 'kecil', 'online', 'pasar'], 'activity');
    const flat = (lists: readonly (readonly string[])[]): Set<string> => new Set(lists.flat().flatMap((p) => phraseWords(p).length === 1 ? phraseWords(p) : []));
    return {
      answerWords: flat([w.yes, w.agree, w.nod, w.no, w.fine, w.done, w.notYet, w.negators]),
      leadIns: new PhraseIndex<true>().addAll(w.nameLeadIns, true),
      titles: new Set(w.nameTitles.map(keyOf)),
      trailing: new PhraseIndex<true>().addAll(w.nameTrailing, true),
      notInName: new Set(w.notInName.map(keyOf)),
      businessLeadIns: new PhraseIndex<true>().addAll(w.businessLeadIns, true),
      knownAs: new PhraseIndex<true>().addAll(w.businessKnownAs, true),
      noName: new PhraseIndex<true>().addAll(w.businessNoName, true),
      refusals: new PhraseIndex<true>().addAll(w.refusals, true),
      unsure: new PhraseIndex<true>().addAll(w.unsure, true),
      describes,
      polite: flat([w.polite, w.smalltalk]),
      greeting: new Set(w.smalltalk.flatMap((p) => phraseWords(p))),
      negators: flat([w.negators, w.notYet]),
    };
  });
}

/** Removes phrases of `index` from the start of the words, as often as they repeat. */
function stripStart(ws: Word[], index: PhraseIndex<true>, also: ReadonlySet<string> = new Set()): Word[] {
  let out = ws;
  for (;;) {
    const keys = out.map((w) => w.key);
    const hit = index.at(keys, 0);
    if (hit !== null && hit.end < out.length) out = out.slice(hit.end);
    else if (out.length > 1 && also.has(keys[0]!)) out = out.slice(1);
    else return out;
  }
}

function stripEnd(ws: Word[], index: PhraseIndex<true>): Word[] {
  let out = ws;
  outer: for (;;) {
    const keys = out.map((w) => w.key);
    for (let start = Math.max(1, keys.length - 3); start < keys.length; start++) {
      const hit = index.at(keys, start);
      if (hit !== null && hit.end === keys.length) {
        out = out.slice(0, start);
        continue outer;
      }
    }
    return out;
  }
}

const has = (keys: readonly string[], index: PhraseIndex<true>): boolean => index.scan(keys).length > 0;

// `, S.Pd`, `, S.E.`, `, Amd.Keb`: an academic degree after a comma belongs to the name.
const DEGREE = /^(?:[A-Za-z]{1,5}\.\s?){1,4}[A-Za-z]{0,5}\.?$/u;
const DEGREES = new Set(['se', 'sh', 'spd', 'skom', 'mm', 'mpd', 'st', 'ss', 'skm', 'amd', 'dr', 'ir', 'drs', 'dra', 'msi', 'skep', 'sfarm', 'sag', 'sip', 'ssos', 'spt', 'sp', 'mba', 'phd', 'lc', 'mh', 'me', 'mt']);

function finish(ws: readonly Word[]): string {
  const text = ws.map((w) => w.raw).join(' ');
  // A trailing full stop goes, unless it ends an initial (`Muhammad A.`) or a degree.
  return /(?:^|\s)\p{L}\.$|\p{L}\.\p{L}+\.$/u.test(text) ? text : text.replace(/[.,!?;:~]+$/u, '').trim();
}

/** Gibberish: a letter stretched four times (aaaaaaa) or a word without vowels (asdfghjk is caught by length). */
function gibberish(keys: readonly string[]): boolean {
  return keys.some((k) => /(\p{L})\1{3,}/u.test(k) || (k.length >= 4 && !/[aiueoy]/u.test(k)) || /^(?:asdf|qwer|zxcv|hjkl)/u.test(k));
}

/** A person's name: `nama saya Rusmilawati` → Rusmilawati; `bu Hj Masliana` → Hj Masliana. */
export function readPersonName(text: string, vocab: Vocabulary): Reading<string> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  const lex = lexicon(vocab);
  if (s.words.length === 0) return ask('unclear');
  if (s.words.every((w) => lex.answerWords.has(w) || lex.polite.has(w))) return ask('other_answer');
  if (has(s.words, lex.refusals)) return ask('refused');
  if (has(s.words, lex.unsure)) return ask('unsure');
  if (/\d/u.test(s.text)) return ask('other_answer');

  // "Aulia Rahman (Aul)": a nickname in brackets is not part of the name.
  const unbracketed = clean(text).replace(/\([^)]*\)|\[[^\]]*\]/gu, ' ');
  // "@budi_s": a user name, not a person's name.
  if (/[^\p{L}\p{M}\s.'’`,:!?\-]/u.test(unbracketed.replace(QUOTES, ''))) return ask('unclear');
  const segments = unbracketed.split(',').map((seg) => seg.trim()).filter((seg) => seg !== '');
  // "halo, nama saya …", "Perkenalkan, nama saya …": a greeting or lead-in before the comma is not the name.
  const onlyFrame = (seg: string): boolean => {
    const ws = words(seg);
    return ws.every((w) => lex.polite.has(w.key)) || lex.leadIns.whole(ws.map((w) => w.key)) !== null;
  };
  while (segments.length > 1 && onlyFrame(segments[0]!)) segments.shift();
  let ws = words((segments[0] ?? '').replace(QUOTES, ' '));
  // "ok bu, nama saya Sari": a nod before a lead-in is not part of the name.
  ws = skipNodBeforeLeadIn(ws, lex);
  ws = stripStart(ws, lex.leadIns, lex.titles);
  ws = stripEnd(ws, lex.trailing);
  const keys = ws.map((w) => w.key);
  if (ws.length === 0 || (ws.length === 1 && lex.titles.has(keys[0]!))) return ask('unclear');
  if (ws.length > MAX_NAME_WORDS || gibberish(keys)) return ask('unclear');
  if (keys.some((k) => lex.notInName.has(k) || lex.answerWords.has(k))) return ask('unclear');
  if (keys.join('').length < 2 || !ws.some((w) => /\p{L}/u.test(w.raw))) return ask('unclear');

  const degrees = segments
    .slice(1)
    .map((seg) => finish(stripEnd(words(seg), lex.trailing)))
    .filter((seg) => DEGREE.test(seg) || DEGREES.has(keyOf(seg)));
  const name = [properCase(finish(ws)), ...degrees].join(', ');
  return name.length > MAX_NAME ? ask('too_long') : value(name);
}

/** Words of a name that stay lower case inside it: "Ahmad bin Umar", "Siti binti Salim". */
const LOWER_IN_NAME = new Set(['bin', 'binti', 'bt', 'van', 'de']);

/**
 * A name typed all in small letters (or all in capitals, as on an identity card) is written
 * the way names are: "budi santoso" → "Budi Santoso", "SITI AMINAH" → "Siti Aminah",
 * "nur'aini al-banjari" → "Nur'aini Al-Banjari". A name with capitals of its own ("dr. Ahmad",
 * "McDonald") is left exactly as typed: the person chose them.
 */
export function properCase(name: string): string {
  const letters = name.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0 || (letters !== letters.toLowerCase() && letters !== letters.toUpperCase())) return name;
  return name
    .toLowerCase()
    .split(' ')
    .map((word, i) => (i > 0 && LOWER_IN_NAME.has(word) ? word : word.replace(/(^|[-.])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase())))
    .join(' ');
}

function skipNodBeforeLeadIn(ws: Word[], lex: NameLexicon): Word[] {
  let i = 0;
  while (i < ws.length && (lex.answerWords.has(ws[i]!.key) || lex.titles.has(ws[i]!.key) || lex.polite.has(ws[i]!.key))) i++;
  return i > 0 && i < ws.length && lex.leadIns.at(ws.map((w) => w.key), i) !== null ? ws.slice(i) : ws;
}

/** A business name: `usaha saya namanya Amplang Kak Ros` → Amplang Kak Ros; `jual pentol` → ask (no name). */
export function readBusinessName(text: string, vocab: Vocabulary): Reading<string> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  const lex = lexicon(vocab);
  if (s.words.length === 0) return ask('unclear');
  if (s.words.every((w) => lex.answerWords.has(w) || lex.polite.has(w))) return ask('other_answer');
  // "ga tau", "namanya apa ya, lupa"; but "Toko Semoga Jaya" is a name.
  if (lex.unsure.at(s.words, 0) !== null || lex.refusals.at(s.words, 0) !== null) return ask('unsure');
  if (lex.unsure.scan(s.words).some((h) => !NAME_FRIENDLY.has(s.words.slice(h.start, h.end).join(' ')))) return ask('unsure');

  let all = words(clean(text).replace(QUOTES, ' '));
  // "… tp org taunya Gorengan Pa Ahmad": the name people know it by.
  const known = lex.knownAs.scan(all.map((w) => w.key)).pop();
  if (known !== undefined && known.end < all.length) all = all.slice(known.end);
  if (has(all.map((w) => w.key), lex.noName)) return ask('no_name');

  // "iya, Warung Bu Ani", "assalamualaikum, usaha sy …", "halo bu. Kue Bingka …": a nod or a
  // greeting before a comma or a full stop frames the answer.
  let joined = all.map((w) => w.raw).join(' ');
  for (let m = FRAME.exec(joined); m !== null; m = FRAME.exec(joined)) {
    const frame = words(m[1]!).map((w) => w.key);
    if (frame.length === 0 || !frame.every((k) => lex.answerWords.has(k) || lex.polite.has(k) || lex.greeting.has(k))) break;
    joined = m[2]!;
  }
  // A location or remark after a comma is not part of the name; a colon ends a lead-in.
  const afterColon = joined.includes(':') ? joined.slice(joined.indexOf(':') + 1) : joined;
  let ws = words(afterColon.split(',')[0] ?? '');
  ws = stripStart(ws, lex.businessLeadIns, PRONOUNS);
  ws = stripEnd(ws, lex.trailing);
  const keys = ws.map((w) => w.key);
  if (ws.length === 0 || !ws.some((w) => /\p{L}/u.test(w.raw))) return ask('other_answer');
  if (ws.length > MAX_BUSINESS_WORDS || gibberish(keys)) return ask('unclear');
  if (keys.every((k) => lex.answerWords.has(k) || lex.polite.has(k))) return ask('other_answer');
  if (QUESTION_WORDS.has(keys[0]!)) return ask('unclear');
  // "di pasar lama", "jualan gorengan depan sekolah": a place or an activity, not a name.
  if (NOT_A_NAME_START.has(keys[0]!)) return ask('no_name');
  // "sy mau daftar umkm", "nanti sy kabari", "usaha sy sudah berjalan 5 tahun", "I sell cakes":
  // a sentence about the person or the business, not its name.
  if (keys.some((k) => SENTENCE_WORDS.has(k))) return ask('unclear');
  // "omset 5 juta", "5 tahun": an amount or a duration answers another question.
  if (keys.some((k, i) => AMOUNT_WORDS.has(k) || /^\d+(?:jt|rb|k|thn)$/u.test(k) || (/^\d+$/u.test(k) && DURATION.has(keys[i + 1] ?? '')))) return ask('other_answer');
  // "bjm utara": a place in the city answers the kecamatan question.
  if (keys.every((k) => PLACE_WORDS.has(k))) return ask('other_answer');
  // "sy belum kasih nama": a sentence, not a name.
  if (keys.some((k) => lex.negators.has(k))) return ask('no_name');
  if (describesOnly(keys, lex)) return ask('no_name');

  const name = finish(ws);
  return name.length > MAX_BUSINESS ? ask('too_long') : value(name);
}

// "jual pentol", "warung makan", "kuliner": every word says what the business does, none names it.
function describesOnly(keys: readonly string[], lex: NameLexicon): boolean {
  let covered = 0;
  // "kecil2an", "jual2": a doubled word written with 2 describes like the word itself.
  const base = keys.map((k) => k.replace(/^(\p{L}{3,})2(?:an|nya)?$/u, '$1'));
  for (const hit of lex.describes.scan(base)) covered += hit.end - hit.start;
  return covered === keys.length;
}
