// Finding vocabulary phrases in a message: greedy, longest phrase first, left to right, so
// `kelayan barat` is read as the kelurahan before `barat` could be read as a direction, and
// `service hp` before `hp`. Indexes are built once per vocabulary and cached.

import type { Vocabulary } from '../vocabulary.js';
import { phraseWords, squeeze } from './tokens.js';

export interface PhraseHit<T> {
  readonly start: number;
  /** One past the last word. */
  readonly end: number;
  readonly value: T;
}

interface Entry<T> {
  readonly words: readonly string[];
  readonly value: T;
}

export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, Entry<T>[]>();
  private readonly seen = new Set<string>();

  constructor(private readonly squeezed = false) {}

  /** Adds a phrase; a phrase already present keeps its first value. */
  add(phrase: string, value: T): this {
    const words = phraseWords(phrase).map((w) => this.key(w));
    const joined = words.join(' ');
    if (words.length === 0 || this.seen.has(joined)) return this;
    this.seen.add(joined);
    const list = this.byFirst.get(words[0]!) ?? [];
    list.push({ words, value });
    list.sort((a, b) => b.words.length - a.words.length);
    this.byFirst.set(words[0]!, list);
    return this;
  }

  addAll(phrases: readonly string[], value: T): this {
    for (const p of phrases) this.add(p, value);
    return this;
  }

  key(word: string): string {
    return this.squeezed ? squeeze(word) : word;
  }

  /** The longest phrase starting at word `i`. */
  at(words: readonly string[], i: number): PhraseHit<T> | null {
    const list = this.byFirst.get(words[i] ?? '');
    if (list === undefined) return null;
    for (const entry of list) {
      if (entry.words.every((w, k) => words[i + k] === w)) return { start: i, end: i + entry.words.length, value: entry.value };
    }
    return null;
  }

  /** Every phrase in the words, longest first, without overlaps. */
  scan(words: readonly string[]): PhraseHit<T>[] {
    const hits: PhraseHit<T>[] = [];
    for (let i = 0; i < words.length; ) {
      const hit = this.at(words, i);
      if (hit === null) i++;
      else {
        hits.push(hit);
        i = hit.end;
      }
    }
    return hits;
  }

  /** True when the words are exactly one phrase. */
  whole(words: readonly string[]): T | null {
    const hit = this.at(words, 0);
    return hit !== null && hit.end === words.length ? hit.value : null;
  }

  /** Every word of every phrase. */
  allWords(): Set<string> {
    const out = new Set<string>();
    for (const list of this.byFirst.values()) for (const e of list) for (const w of e.words) out.add(w);
    return out;
  }

  /** Single-word phrases, for typo matching. */
  singleWords(): string[] {
    const out: string[] = [];
    for (const list of this.byFirst.values()) for (const e of list) if (e.words.length === 1) out.push(e.words[0]!);
    return out;
  }
}

const caches = new WeakMap<Vocabulary, Map<string, unknown>>();

/** Builds something from a vocabulary once; later calls with the same vocabulary reuse it. */
export function cached<T>(vocab: Vocabulary, key: string, build: () => T): T {
  let map = caches.get(vocab);
  if (map === undefined) {
    map = new Map();
    caches.set(vocab, map);
  }
  if (!map.has(key)) map.set(key, build());
  return map.get(key) as T;
}
