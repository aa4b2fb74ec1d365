// Yes or no inside a whole message. People rarely type a bare "ya": they add where they sell
// ("iya lewat wa aja"), a condition ("setuju, asal data sy gak disebar"), a reason ("gak,
// masih mau ikut pelatihan") or take it back ("iya... eh tunggu"). The first yes/no word
// decides; a later *standalone* opposite word ("ya gak", "setuju gak setuju") makes it
// unclear, while a negated verb in a side clause ("gak disebar") does not. A "tapi" clause is
// judged per question: at consent it is a partial yes, at the RSVP a reason not to come.

import type { Vocabulary, WordList } from '../vocabulary.js';
import { cached, PhraseIndex } from './phrases.js';
import type { AskReason } from './reading.js';
import type { Token } from './tokens.js';

/** Which question the yes/no answers; each reads a few words differently. */
export type PolarityMode = 'agree' | 'fact' | 'erase' | 'confirm' | 'rsvp';

type Tag =
  | 'pos' | 'neg' | 'retract' | 'nod' | 'wish' | 'unsure' | 'soft' | 'but' | 'if' | 'eh'
  | 'harmless' | 'constraint' | 'part' | 'correction' | 'someone' | 'polite';

export type Polarity =
  | { readonly kind: 'yes' | 'no' }
  | { readonly kind: 'ask'; readonly reason: AskReason };

const BUT = ['tapi', 'tp', 'tpi', 'tetapi', 'namun', 'but', 'cuma', 'cuman', 'cm', 'hanya', 'except', 'only'];
const IF = ['asal', 'asalkan', 'asal kan', 'kalau', 'kalo', 'klo', 'jika', 'selama', 'as long as', 'if', 'provided', 'yang penting', 'yg penting'];
const PART_LINK: ReadonlySet<string> = new Set(['yg', 'yang', 'bagian', 'data', 'datanya', 'the', 'my', 'cuma', 'cuman', 'hanya', 'only']);
const PARTICLES: ReadonlySet<string> = new Set(['pang', 'ai', 'lah', 'bu', 'pak', 'kak', 'ya', 'deh', 'dong', 'sih', 'aja', 'haja', 'ja', 'dulu', 'please']);
const EH = ['eh', 'ehh', 'wait', 'loh', 'lho'];

type Plan = readonly (readonly [Tag, readonly (WordList | readonly string[])[]])[];

// Earlier lines win when a phrase is in two lists.
const PLANS: Record<PolarityMode, Plan> = {
  agree: [
    ['unsure', ['unsure']],
    ['pos', ['fine']],
    ['retract', ['cancel']],
    ['neg', ['notYet', 'negators', 'no']],
    ['pos', ['yes', 'agree', 'nod']],
  ],
  fact: [
    ['unsure', ['unsure']],
    ['retract', ['stopped']],
    ['neg', ['notYet', 'offline', 'negators', 'no']],
    ['pos', ['yes', 'done', 'online']],
    ['wish', ['agree']],
    ['nod', ['nod']],
    ['harmless', ['harmlessBut']],
    ['someone', ['relatives']],
  ],
  erase: [
    ['unsure', ['unsure']],
    ['retract', ['eraseKeep', 'cancel']],
    ['pos', ['fine', 'eraseYes']],
    ['neg', ['negators', 'no']],
    ['pos', ['yes', 'agree', 'nod']],
    ['part', ['eraseParts']],
  ],
  confirm: [
    ['unsure', ['unsure']],
    ['correction', ['correction']],
    ['neg', ['confirmNo', 'negators', 'no']],
    ['pos', ['confirmYes', 'yes', 'nod', 'agree']],
  ],
  rsvp: [
    ['unsure', ['unsure']],
    ['neg', ['rsvpWithdraw', 'cancel']],
    ['soft', ['rsvpSoft']],
    ['constraint', ['rsvpConstraint']],
    ['neg', ['negators', 'no']],
    ['pos', ['rsvpAttend']],
    ['nod', ['yes', 'nod']],
  ],
};

function index(vocab: Vocabulary, mode: PolarityMode, yesChoices: string | undefined): PhraseIndex<Tag> {
  return cached(vocab, `polarity:${mode}:${yesChoices ?? ''}`, () => {
    const idx = new PhraseIndex<Tag>(true);
    for (const [tag, lists] of PLANS[mode]) {
      for (const list of lists) idx.addAll(typeof list === 'string' ? vocab.words[list as WordList] : list, tag);
      // The options of a question that also say yes (a platform name answers "do you sell online?").
      if (tag === 'pos' && yesChoices !== undefined) {
        for (const [option, phrases] of Object.entries(vocab.choices[yesChoices] ?? {})) if (option !== '_ask') idx.addAll(phrases, 'pos');
      }
    }
    idx.addAll(BUT, 'but').addAll(IF, 'if').addAll(EH, 'eh');
    idx.addAll(vocab.words.polite, 'polite');
    return idx;
  });
}

interface Item {
  readonly tag: Tag;
  readonly start: number;
  readonly end: number;
  readonly clause: number;
}

interface Signal {
  readonly pol: 'yes' | 'no' | 'nod' | 'wish';
  readonly strong: boolean;
  readonly retract: boolean;
  readonly afterBut: boolean;
  readonly afterIf: boolean;
  readonly afterEh: boolean;
}

/**
 * Reads the yes or no of a message for one kind of question. `yesChoices` names a question of
 * `vocab.choices` whose option words also count as yes (`platform_online` for "do you sell online?").
 */
export function readPolarity(tokens: readonly Token[], vocab: Vocabulary, mode: PolarityMode, yesChoices?: string): Polarity {
  const idx = index(vocab, mode, yesChoices);
  const keys = tokens.map((t) => idx.key(t.w));
  const items: Item[] = [];
  const tagged = new Set<number>();
  for (const hit of idx.scan(keys)) {
    items.push({ tag: hit.value, start: hit.start, end: hit.end, clause: tokens[hit.start]!.clause });
    for (let k = hit.start; k < hit.end; k++) tagged.add(k);
  }
  if (items.some((i) => i.tag === 'unsure')) return { kind: 'ask', reason: 'unsure' };

  const contentAfter = (item: Item): boolean =>
    item.end < tokens.length && !tagged.has(item.end) && tokens[item.end]!.clause === item.clause;

  const signals: Signal[] = [];
  const afterBut: Item[] = [];
  let but = false;
  // After "gak bisa …" the rest of the clause is what is negated ("ga bisa online").
  let negatedClause = -1;
  let cond = -1;
  let eh = false;
  let partial = false;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    // Inside the clause of "asal …"/"kalau …" (the condition), not the clauses after it.
    const flags = { afterBut: but, afterIf: cond >= 0 && item.clause === cond, afterEh: eh };
    if (but) afterBut.push(item);
    switch (item.tag) {
      case 'but':
        but = true;
        break;
      case 'someone':
        // "anak sy yg online": someone else's selling is not the person's answer.
        if (signals.length === 0) return { kind: 'ask', reason: 'unclear' };
        break;
      case 'if':
        cond = item.clause;
        break;
      case 'eh':
        eh = true;
        break;
      case 'part':
        // "hapus nomor hp", "hapus yg omzet aja", "hapus data nama saja": a part of the data only.
        {
          let j = i - 1;
          while (j >= 0 && items[j]!.tag === 'polite') j--;
          const gap = keys.slice(items[j]?.end ?? 0, item.start);
          if (items[j]?.tag === 'pos' && gap.every((k, g) => PART_LINK.has(k) || tagged.has(items[j]!.end + g))) partial = true;
        }
        break;
      case 'neg':
      case 'retract': {
        // `tidak setuju`, `gak mau`, `tidak bisa hadir`: the negation takes the word after it.
        // A particle between them does not break the pair: "jangan pang dihapus", "gak bu setuju".
        let k = i + 1;
        while (items[k]?.tag === 'polite' && items[k]!.clause === item.clause) k++;
        const target = items[k];
        const between = target === undefined ? [] : keys.slice(item.end, target.start);
        const absorbs =
          target !== undefined &&
          target.clause === item.clause &&
          between.every((w, g) => PARTICLES.has(w) || tagged.has(item.end + g)) &&
          (target.tag === 'pos' || target.tag === 'nod' || target.tag === 'wish');
        if (absorbs) i = k;
        else if (contentAfter(item)) negatedClause = item.clause;
        signals.push({ pol: 'no', strong: absorbs || item.tag === 'retract' || !contentAfter(item), retract: item.tag === 'retract', ...flags });
        break;
      }
      case 'pos':
      case 'nod':
      case 'wish':
        if (item.clause === negatedClause) break;
        signals.push({ pol: item.tag === 'pos' ? 'yes' : item.tag, strong: !contentAfter(item), retract: false, ...flags });
        break;
      default:
        break;
    }
  }
  if (partial) return { kind: 'ask', reason: 'partial' };
  return decide(signals, afterBut, mode, items, items.some((i) => i.tag === 'but'));
}

function decide(
  signals: readonly Signal[],
  afterBut: readonly Item[],
  mode: PolarityMode,
  items: readonly Item[],
  hasBut: boolean,
): Polarity {
  const main = signals.filter((s) => !s.afterIf && !s.afterBut);
  const first = main[0] ?? signals.find((s) => !s.afterIf);
  if (first === undefined) {
    if (mode === 'rsvp' && items.some((i) => i.tag === 'soft')) return { kind: 'ask', reason: 'unsure' };
    // "maaf bu, hari itu ada acara": a reason not to come is a no.
    if (mode === 'rsvp' && items.some((i) => i.tag === 'constraint')) return { kind: 'no' };
    return { kind: 'ask', reason: 'unclear' };
  }
  let answer = resolve(first.pol, mode, signals);
  // "ok" where a fact is asked says nothing; "mau" (a wish) is not a fact either.
  if (answer === null) return { kind: 'ask', reason: first.pol === 'wish' ? 'unsure' : 'nod' };

  for (const s of main.slice(main.indexOf(first) + 1)) {
    const pol = resolve(s.pol, mode, signals);
    if (pol === null || pol === answer || !s.strong) continue;
    // A yes taken back later ("iya, eh gak jadi") is a no.
    if (answer === 'yes' && pol === 'no' && (s.retract || s.afterEh) && mode !== 'fact') answer = 'no';
    else return { kind: 'ask', reason: 'conflict' };
  }

  if (hasBut && first !== signals.find((s) => s.afterBut)) return judgeBut(answer, afterBut, mode);
  return { kind: answer };
}

// A nod is agreement where agreement is asked; at a factual question or an invitation it
// says nothing, unless a real yes/no word is also there.
function resolve(pol: Signal['pol'], mode: PolarityMode, all: readonly Signal[]): 'yes' | 'no' | null {
  if (pol === 'yes' || pol === 'no') return pol;
  if (mode === 'fact' || mode === 'rsvp') {
    const real = all.find((s) => s.pol === 'yes' || s.pol === 'no');
    return real === undefined ? null : real.pol === 'yes' ? 'yes' : 'no';
  }
  return 'yes';
}

function judgeBut(answer: 'yes' | 'no', after: readonly Item[], mode: PolarityMode): Polarity {
  const tags = new Set(after.map((i) => i.tag));
  tags.delete('but');
  tags.delete('polite');
  switch (mode) {
    case 'fact':
      if (answer === 'yes' && (tags.has('retract') || tags.has('neg'))) return { kind: 'ask', reason: 'conflict' };
      return { kind: answer };
    case 'rsvp':
      // "mau ikut tp hari itu sy di luar kota" declines; "hadir, tapi telat dikit" still comes.
      if (answer === 'yes' && (tags.has('constraint') || tags.has('neg') || tags.has('retract'))) return { kind: 'no' };
      return { kind: answer };
    case 'agree':
      return answer === 'no' ? { kind: 'no' } : { kind: 'ask', reason: 'partial' };
    default:
      return answer === 'no' ? { kind: 'no' } : { kind: 'ask', reason: 'unsure' };
  }
}
