import { describe, expect, it } from 'vitest';
import { scoreCorpus } from './run-corpus.js';

// The dev part of the understanding corpus (issue 10), through the engine: each entry is a
// conversation put at its question. The held-out part is not run here: it stays unread until
// the lead runs it once (`npm run corpus -- <file>`).
//
// The check-in questions are read by the check-in flow, which another branch is moving onto
// the readers; until it lands they are held to the bar through the readers alone, and their
// engine share is only printed by `npm run corpus`. Drop them from CHECKIN once it has.
const CHECKIN = new Set(['checkin_omzet', 'checkin_workers', 'checkin_online', 'checkin_platforms', 'checkin_obstacle']);

const file = new URL('./corpus/dev.jsonl', import.meta.url);
const engine = scoreCorpus(file);
const readers = scoreCorpus(file, undefined, 'readers');
const wired = (question: string) => !CHECKIN.has(question);

describe('understanding corpus, dev part, through the engine', () => {
  it('never stores a value the person did not mean', () => {
    const wrong = engine.failures.filter((f) => f.wrongStore && wired(f.question)).map((f) => f.id);
    expect(wrong).toEqual([]);
  });

  it('understands at least 97% of the phrasings', () => {
    const types = Object.entries(engine.byType).filter(([q]) => wired(q));
    const total = types.reduce((n, [, s]) => n + s.total, 0);
    const understood = types.reduce((n, [, s]) => n + s.understood, 0);
    expect(types.length).toBe(13);
    expect(understood / total, engine.failures.filter((f) => wired(f.question)).map((f) => f.id).join(', ')).toBeGreaterThanOrEqual(0.97);
  });

  it('understands at least 90% of each question type', () => {
    const weak = Object.entries(engine.byType).filter(([q, s]) => wired(q) && s.understood / s.total < 0.9).map(([q]) => q);
    expect(weak).toEqual([]);
  });
});

describe('understanding corpus, dev part, the check-in questions through the readers', () => {
  it('never stores a value the person did not mean', () => {
    expect(readers.failures.filter((f) => f.wrongStore).map((f) => f.id)).toEqual([]);
  });

  it('understands at least 90% of each check-in question type', () => {
    const weak = Object.entries(readers.byType).filter(([q, s]) => CHECKIN.has(q) && s.understood / s.total < 0.9).map(([q]) => q);
    expect(Object.keys(readers.byType).filter((q) => CHECKIN.has(q))).toHaveLength(5);
    expect(weak).toEqual([]);
  });
});
