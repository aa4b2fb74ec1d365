import { describe, expect, it } from 'vitest';
import { scoreCorpus } from './run-corpus.js';

// The dev part of the understanding corpus through the readers (issue 10). The held-out part
// is not run here: it stays unread until the lead runs it once (`npm run corpus -- <file>`).

const score = scoreCorpus(new URL('./corpus/dev.jsonl', import.meta.url));

describe('understanding corpus, dev part', () => {
  it('never stores a value the person did not mean', () => {
    const wrong = score.failures.filter((f) => f.wrongStore).map((f) => f.id);
    expect(wrong).toEqual([]);
  });

  it('understands at least 97% of the phrasings', () => {
    expect(score.share, score.failures.map((f) => f.id).join(', ')).toBeGreaterThanOrEqual(0.97);
  });

  it('understands at least 90% of each question type', () => {
    const weak = Object.entries(score.byType).filter(([, s]) => s.understood / s.total < 0.9).map(([q]) => q);
    expect(weak).toEqual([]);
  });
});
