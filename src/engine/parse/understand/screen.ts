// What every reader checks before looking for its answer: hostile or runaway input, a
// command, a question to the bot, small talk. A message that reads as a question is not an
// answer even when an answer-like word is inside ("kalau jual kue online masuk mana?").

import type { FaqEntry, Vocabulary } from '../vocabulary.js';
import { cached, PhraseIndex } from './phrases.js';
import { ask, type Ask, type NotAnswer } from './reading.js';
import { phraseWords, tokenize, type Token } from './tokens.js';

/** A message that passed the screen: its words, for the reader. */
export interface Screened {
  readonly kind: 'screened';
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly words: readonly string[];
  /** A command the reader said it interprets itself (`batal` at the RSVP). */
  readonly command?: string;
  readonly rest?: string;
}

const MAX_LENGTH = 400;
// No answer to any question runs this long; it also bounds the work a message can cause.
const MAX_WORDS = 60;
// NUL and other C0 controls (tab, newline and carriage return are ordinary typing).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;
const HTML = /<\s*\/?\s*[a-z][a-z0-9]*(?:\s[^>]*)?\/?\s*>|javascript\s*:|on(?:error|load|click)\s*=/iu;
const SQL: readonly RegExp[] = [
  /\b(?:drop|truncate|alter|create)\s+(?:table|database|schema|index)\b/iu,
  /\bdelete\s+from\b/iu,
  /\binsert\s+into\b/iu,
  /\bupdate\s+\w+\s+set\b/iu,
  /\bunion\s+(?:all\s+)?select\b/iu,
  /\bselect\s+[^;]{1,80}?\sfrom\s+\w/iu,
  /'\s*\)?\s*(?:or|and)\s+'?[\w\s]*'?\s*=/iu,
  /\b(?:or|and)\s+'?(\w+)'?\s*=\s*'?\1'?/iu,
  /;\s*--|'\s*\)?\s*;|'\s*--/u,
];

/** Hostile, runaway or empty input: asked back without reading anything from it. */
export function guard(text: string): Ask | null {
  if (CONTROL.test(text)) return ask('hostile');
  if ([...text].length > MAX_LENGTH) return ask('too_long');
  if (HTML.test(text) || SQL.some((r) => r.test(text))) return ask('hostile');
  if (text.trim() === '') return ask('empty');
  return null;
}

interface ScreenLexicon {
  readonly commands: PhraseIndex<string>;
  readonly polite: PhraseIndex<true>;
  readonly questionStarts: PhraseIndex<true>;
  readonly questionMarkers: PhraseIndex<true>;
  readonly questionPhrases: PhraseIndex<true>;
  readonly smalltalk: PhraseIndex<true>;
  readonly faq: readonly CompiledFaq[];
}

interface CompiledFaq {
  readonly entry: FaqEntry;
  readonly match: readonly (readonly (readonly string[])[])[];
  readonly bare: readonly string[];
}

const join = (p: string): string => phraseWords(p).join(' ');

function lexicon(vocab: Vocabulary): ScreenLexicon {
  return cached(vocab, 'screen', () => {
    const commands = new PhraseIndex<string>();
    for (const [id, list] of Object.entries(vocab.commands)) commands.addAll(list, id);
    const w = vocab.words;
    return {
      commands,
      polite: new PhraseIndex<true>(true).addAll([...w.polite, 'ya', 'please'], true),
      questionStarts: new PhraseIndex<true>().addAll(w.questionStarts, true),
      questionMarkers: new PhraseIndex<true>().addAll(w.questionMarkers, true),
      questionPhrases: new PhraseIndex<true>().addAll(w.questionPhrases, true),
      smalltalk: new PhraseIndex<true>(true).addAll(w.smalltalk, true),
      faq: vocab.faq.map((entry) => ({
        entry,
        match: entry.match.map((alt) => alt.map((group) => group.map(join))),
        bare: entry.bare.map(join),
      })),
    };
  });
}

/** The words without polite words at either end (`batal aja pak` → batal). */
function core(words: readonly string[], lex: ScreenLexicon): readonly string[] {
  const keys = words.map((x) => lex.polite.key(x));
  let start = 0;
  let end = words.length;
  for (let hit = lex.polite.at(keys, start); hit !== null && hit.end <= end; hit = lex.polite.at(keys, start)) start = hit.end;
  while (end > start && lex.polite.at(keys, end - 1)?.end === end) end--;
  return words.slice(start, end);
}

const COMMAND_PREFIX = new Set(['mau', 'ingin', 'pengen', 'pingin', 'minta', 'tolong', 'mohon', 'saya', 'sy', 'ulun', 'aku', 'i', 'want', 'to', 'please']);

const SLASH_START = /^\s*\/start(?:@\w+)?(?:\s+(\S.*))?$/iu;

/** A command typed as the whole message (polite words around it allowed). */
export function detectCommand(text: string, words: readonly string[], vocab: Vocabulary): { command: string; rest?: string } | null {
  const start = SLASH_START.exec(text.normalize('NFKC'));
  if (start) return start[1] === undefined ? { command: 'start' } : { command: 'start', rest: start[1].trim() };
  const lex = lexicon(vocab);
  let key = core(words, lex);
  // "mau lapor omzet", "tolong hapus data saya": a wish in front of a command.
  while (key.length > 1 && COMMAND_PREFIX.has(key[0]!)) key = key.slice(1);
  if (key.length === 0) return null;
  const command = lex.commands.whole(key);
  if (command !== null) return { command };
  if (key.length > 1 && (key[0] === 'ubah' || key[0] === 'ganti' || key[0] === 'edit')) {
    return { command: 'edit', rest: key.slice(1).join(' ') };
  }
  return null;
}

/** Ends with `?`, starts with a question word, or holds a question marker (`kah`, `mau tanya`). */
export function isQuestion(text: string, words: readonly string[], vocab: Vocabulary): boolean {
  if (words.length === 0) return false;
  if (/\?[^\p{L}\p{N}]*$/u.test(text)) return true;
  const lex = lexicon(vocab);
  const key = core(words, lex);
  if (key.length > 0 && lex.questionStarts.at(key, 0) !== null && !(key.length === 1 && key[0] === 'mana')) return true;
  if (lex.questionMarkers.scan(words).length > 0) return true;
  return lex.questionPhrases.scan(words).length > 0;
}

const LAUGH = /^(?:w?k(?:wk)+w?|(?:ha){2,}h?|(?:he){2,}h?|(?:hi){2,}h?|a?(?:wk)+)$/u;

/** Thanks, greetings, laughter, "sebentar": nothing but small talk and polite words. */
export function isSmalltalk(words: readonly string[], vocab: Vocabulary): boolean {
  const lex = lexicon(vocab);
  const keys = words.map((x) => lex.smalltalk.key(x));
  let talk = false;
  for (let i = 0; i < keys.length; ) {
    const hit = lex.smalltalk.at(keys, i);
    if (hit !== null) {
      talk = true;
      i = hit.end;
      continue;
    }
    if (LAUGH.test(words[i]!)) {
      talk = true;
      i++;
      continue;
    }
    const polite = lex.polite.at(keys, i);
    if (polite === null) return false;
    i = polite.end;
  }
  return talk;
}

/** The FAQ entry a question is about (highest priority among those that match), or null. */
export function matchFaq(words: readonly string[], vocab: Vocabulary): FaqEntry | null {
  const lex = lexicon(vocab);
  const padded = ` ${words.join(' ')} `;
  const has = (phrase: string): boolean => padded.includes(` ${phrase} `);
  const bare = core(words, lex).join(' ');
  let best: FaqEntry | null = null;
  for (const f of lex.faq) {
    const hit = f.bare.includes(bare) || f.match.some((alt) => alt.every((group) => group.some(has)));
    if (hit && (best === null || f.entry.priority > best.priority)) best = f.entry;
  }
  return best;
}

/** A bare FAQ phrase typed alone (`pelatihan`): a question even without a question mark. */
export function bareFaq(words: readonly string[], vocab: Vocabulary): FaqEntry | null {
  const lex = lexicon(vocab);
  const bare = core(words, lex).join(' ');
  return lex.faq.find((f) => f.bare.includes(bare))?.entry ?? null;
}

export function question(words: readonly string[], vocab: Vocabulary): NotAnswer {
  const faq = matchFaq(words, vocab);
  return faq === null ? { kind: 'not_answer', what: 'question' } : { kind: 'not_answer', what: 'question', topic: faq.topic, faq: faq.id };
}

export interface ScreenOptions {
  /** Commands this question reads as answers (`cancel` at the RSVP is withdraw). */
  readonly ownCommands?: readonly string[];
}

/**
 * Guard, then command, question, small talk. Returns what to answer instead, or the words
 * for the reader.
 */
export function screen(text: string, vocab: Vocabulary, options: ScreenOptions = {}): Screened | Ask | NotAnswer {
  const guarded = guard(text);
  if (guarded !== null) return guarded;
  const tokens = tokenize(text);
  if (tokens.length > MAX_WORDS) return ask('too_long');
  const words = tokens.map((t) => t.w);
  const command = detectCommand(text, words, vocab);
  if (command !== null) {
    if (options.ownCommands?.includes(command.command)) return { kind: 'screened', text, tokens, words, ...command };
    return { kind: 'not_answer', what: 'command', ...command };
  }
  if (isQuestion(text, words, vocab)) return question(words, vocab);
  if (isSmalltalk(words, vocab)) return { kind: 'not_answer', what: 'smalltalk' };
  return { kind: 'screened', text, tokens, words };
}
