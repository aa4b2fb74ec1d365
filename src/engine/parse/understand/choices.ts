// Numbered options answered by number, label, alias or everyday words: the check-in's
// platforms (several) and obstacle (one), and the field to edit after `ubah`. The options
// come from the flow (the survey file, the profile fields); the city vocabulary adds words
// per option id (`choices.<question>.<option>`) and words that must be asked back (`_ask`:
// "semua", "marketplace", "usaha" alone).

import type { Vocabulary } from '../vocabulary.js';
import { readAmount } from './amount.js';
import { pickNumber, pickNumbers } from './numbered.js';
import { cached, PhraseIndex } from './phrases.js';
import { ask, value, type ReadContext, type Reading } from './reading.js';
import { screen, type Screened } from './screen.js';
import { stemNya } from './tokens.js';

/** An option as the flow shows it: its id and its labels (shown label first, then aliases). */
export interface ChoiceDef {
  readonly id: string;
  readonly labels: readonly string[];
}

const ASK = '_ask';

const FILLERS = [
  'lewat', 'lwt', 'lewt', 'via', 'di', 'pakai', 'pake', 'jualan', 'jual', 'dijual', 'doang', 'paling', 'cuma', 'cuman', 'dan', 'sama', 'serta', 'juga', 'plus',
  'grup', 'group', 'status', 'akun', 'on', 'in', 'at', 'through', 'my', 'own', 'sendiri', 'online', 'aplikasi', 'app', 'apps', 'and', 'or', 'the', 'using', 'use',
  'ubah', 'ganti', 'edit', 'ubh', 'rubah', 'merubah', 'mengubah', 'koreksi', 'perbaiki', 'benerin', 'betulkan', 'salah', 'keliru', 'ketik', 'typo',
  'mau', 'ingin', 'pengen', 'pingin', 'mohon', 'data', 'ke', 'jadi', 'change', 'update', 'to', 'i', 'want', 'field', 'bagian', 'yg', 'yang',
  'sm', 'dgn', 'dengan', 'jg', 'jga', 'juga', 'kadang', 'kadang kadang', 'kadang2', 'sesekali', 'sekali sekali', 'aja', 'saja', 'haja', 'ae', 'tuh', 'itu',
  'diganti', 'diubah', 'dirubah', 'diedit', 'dikoreksi', 'diperbaiki', 'dibetulkan', 'tolong', 'minta', 'bisa', 'sy', 'saya', 'ulun', 'aku', 'baru', 'yg baru', 'sdh', 'sudah', 'udah',
  'handak', 'maubah', 'baganti', 'diganti', 'diubah', 'only', 'just', 'sometimes', 'also', 'too',
  'berubah', 'berganti', 'naik', 'turun', 'aktif', 'ga aktif', 'gak aktif', 'tidak aktif', 'tdk aktif', 'nonaktif', 'hilang',
  'tulis', 'nulis', 'input', 'masukin', 'isi', 'isian', 'sementara', 'masih', 'biasanya', 'kebanyakan', 'utamanya', 'mostly', 'mainly', 'usually',
];

const PAST = new Set(['dulu', 'dulunya', 'pernah', 'sempat', 'berhenti', 'stop', 'tutup', 'used', 'before', 'anymore', 'lagi']);
const GROUP = new Set(['grup', 'group', 'grp', 'komunitas']);

interface ChoiceLexicon {
  readonly index: PhraseIndex<string>;
  readonly fillers: PhraseIndex<true>;
  readonly known: ReadonlySet<string>;
}

function lexicon(vocab: Vocabulary, question: string, options: readonly ChoiceDef[]): ChoiceLexicon {
  const key = `choices:${question}:${options.map((o) => `${o.id}=${o.labels.join('|')}`).join(';')}`;
  return cached(vocab, key, () => {
    const index = new PhraseIndex<string>();
    const extra = vocab.choices[question] ?? {};
    // Words to ask back come first: `business` alone is the business name or the sector.
    index.addAll(extra[ASK] ?? [], ASK);
    for (const o of options) index.addAll([...(extra[o.id] ?? []), ...o.labels, o.id.replaceAll('_', ' ')], o.id);
    const fillers = new PhraseIndex<true>(true).addAll([...FILLERS, ...vocab.words.polite], true);
    return { index, fillers, known: index.allWords() };
  });
}

interface Found {
  readonly ids: ReadonlySet<string>;
  readonly asks: boolean;
  /** Words that are neither an option nor a filler. */
  readonly unknown: readonly string[];
  /** Where the first option phrase ends. */
  readonly firstEnd: number;
}

function find(screened: Screened, lex: ChoiceLexicon): Found {
  const s = { ...screened, words: screened.words.map((w) => stemNya(w, lex.known)) };
  const hits = lex.index.scan(s.words);
  const covered = new Set<number>();
  for (const h of hits) for (let k = h.start; k < h.end; k++) covered.add(k);
  const keys = s.words.map((w) => lex.fillers.key(w));
  const unknown: string[] = [];
  for (let i = 0; i < keys.length; ) {
    if (covered.has(i)) {
      i++;
      continue;
    }
    // "grup wa arisan", "group fb alumni": the one word after a group on a platform names the group.
    const before = hits.find((h) => h.end === i && h.value !== ASK);
    if (before !== undefined && (GROUP.has(s.words[before.start]!) || GROUP.has(s.words[before.start - 1] ?? ''))) {
      i++;
      continue;
    }
    const filler = lex.fillers.at(keys, i);
    if (filler !== null) i = filler.end;
    else unknown.push(s.words[i++]!);
  }
  return {
    ids: new Set(hits.filter((h) => h.value !== ASK).map((h) => h.value)),
    asks: hits.some((h) => h.value === ASK),
    unknown,
    firstEnd: hits.find((h) => h.value !== ASK)?.end ?? 0,
  };
}

const byOrder = (options: readonly ChoiceDef[]) => (a: string, b: string) => options.findIndex((o) => o.id === a) - options.findIndex((o) => o.id === b);

/** Several options (platforms): `wa sama ig`, `1,3`, `1, 2, dan 7` → ids in option order; `semua` → ask. */
export function readChoices(text: string, vocab: Vocabulary, question: string, options: readonly ChoiceDef[], _ctx: ReadContext = {}): Reading<string[]> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  if (s.words.length === 0) return ask('unclear');
  const numbers = pickNumbers(s.words, options.length);
  if (numbers === 'out_of_range') return ask('not_offered');
  if (numbers !== null) return value([...new Set(numbers.map((i) => options[i]!.id))].sort(byOrder(options)));
  // "dulu shopee skrg wa aja", "gak pake shopee, wa aja": a platform left or denied is not ticked.
  if (s.words.some((w) => PAST.has(w) || vocab.words.negators.includes(w))) return ask('unclear');
  const found = find(s, lexicon(vocab, question, options));
  if (found.asks || found.ids.size === 0) return ask(found.ids.size === 0 && !found.asks ? 'unclear' : 'ambiguous');
  if (found.unknown.length > 0) return ask('unclear');
  return value([...found.ids].sort(byOrder(options)));
}

/** One option (obstacle): `kurang modal pak` → modal; `modal sama pemasaran` → ask (two). */
export function readChoice(text: string, vocab: Vocabulary, question: string, options: readonly ChoiceDef[], _ctx: ReadContext = {}): Reading<string> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  if (s.words.length === 0) return ask('unclear');
  const numbers = pickNumbers(s.words, options.length);
  if (numbers === 'out_of_range') return ask('not_offered');
  if (numbers !== null) {
    const ids = [...new Set(numbers.map((i) => options[i]!.id))];
    return ids.length === 1 ? value(ids[0]!) : ask('ambiguous', { candidates: ids });
  }
  const amount = readAmount(s.tokens, s.text, vocab);
  if (amount.kind === 'amount' || amount.kind === 'no_unit') return ask('other_answer');
  const found = find(s, lexicon(vocab, question, options));
  if (found.asks) return ask(found.ids.size > 1 ? 'ambiguous' : 'unclear');
  if (found.ids.size > 1) return ask('ambiguous', { candidates: [...found.ids].sort(byOrder(options)) });
  const [id] = found.ids;
  return id === undefined ? ask('unclear') : value(id);
}

/** The profile fields in the order the profile shows them (locales/id/field.json). */
export const PROFILE_FIELDS: readonly ChoiceDef[] = [
  { id: 'name', labels: ['Nama'] },
  { id: 'business', labels: ['Nama usaha'] },
  { id: 'sector', labels: ['Bidang usaha'] },
  { id: 'kecamatan', labels: ['Kecamatan'] },
  { id: 'phone', labels: ['Nomor HP'] },
  { id: 'year', labels: ['Tahun mulai usaha'] },
  { id: 'omzet', labels: ['Omzet'] },
];

/**
 * The field to change after `ubah`: `ubah bidang usaha` → sector, `alamat` → kecamatan,
 * `no hp nya` → phone, `2` → business; `usaha` alone (name or sector?), two fields, a field
 * the profile does not have → ask. `ctx.options` may give the field ids in the order shown.
 */
export function readEditField(text: string, vocab: Vocabulary, ctx: ReadContext = {}, fields: readonly ChoiceDef[] = PROFILE_FIELDS): Reading<string> {
  const s = screen(text, vocab, { ownCommands: ['edit'] });
  if (s.kind !== 'screened') return s;
  const shown = ctx.options === undefined ? fields : (ctx.options as readonly string[]).map((id) => fields.find((f) => f.id === id) ?? { id, labels: [] });
  const rest = s.command === 'edit' ? (s.rest ?? '') : null;
  const target = rest === null ? s : screenRest(rest, s);
  if (target.words.length === 0) return ask('unclear');
  const pick = pickNumber(target.words, shown.length, true);
  if (pick?.kind === 'out_of_range') return ask('not_offered');
  if (pick?.kind === 'pick' && pick.rest.length === 0) return value(shown[pick.index]!.id);

  const lex = lexicon(vocab, 'edit_field', shown);
  const found = find(target, lex);
  if (target.words.length === 1 && ['usaha', 'business', 'bisnis', 'usahanya'].includes(target.words[0]!)) {
    return ask('ambiguous', { candidates: ['business', 'sector'] });
  }
  // "email address", "semua", "jumlah karyawan": a field the profile does not have, or several.
  if (found.asks) return ask(found.ids.size > 0 ? 'not_offered' : 'unclear');
  if (found.ids.size > 1) return ask('ambiguous', { candidates: [...found.ids].sort(byOrder(shown)) });
  const [id] = found.ids;
  if (id === undefined) return ask('unclear');
  // What follows the field may be its new value ("pindah alamat ke bjm timur", "ganti nomor 0812…").
  const unknownBefore = found.unknown.filter((w) => target.words.indexOf(w) < found.firstEnd);
  if (unknownBefore.length > 0 || (found.unknown.length > 0 && id !== 'kecamatan' && !found.unknown.every((w) => /\d/u.test(w)))) return ask('unclear');
  return value(id);
}

function screenRest(rest: string, s: Screened): Screened {
  const words = rest.split(' ').filter((w) => w !== '');
  return { ...s, words, tokens: words.map((w) => ({ w, clause: 0 })) };
}
