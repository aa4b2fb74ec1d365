import { parseArgs } from 'node:util';
import { loadCityVocabulary } from '../src/city/load.js';
import { ADAPTERS, loadCorpus } from '../test/understanding/run-corpus.js';

// `npm run bench:parse [-- --rounds 50] [--file <corpus.jsonl>]`: every phrasing of the dev
// corpus through its reader, many times over; prints the mean time per answer. The bar
// (issue 10) is under 1 ms per answer on average. The first round warms the caches and the JIT
// and is not counted.

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '50' },
    file: { type: 'string', default: new URL('../test/understanding/corpus/dev.jsonl', import.meta.url).pathname },
  },
});
const rounds = Number(values.rounds);
const vocab = loadCityVocabulary();
const entries = loadCorpus(values.file);
const run = (): void => {
  for (const e of entries) ADAPTERS[e.question]!(e.text, vocab, e.context ?? {});
};

run();
const perType = new Map<string, number>();
const start = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) run();
const total = Number(process.hrtime.bigint() - start) / 1000;
for (const e of entries) {
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < 20; r++) ADAPTERS[e.question]!(e.text, vocab, e.context ?? {});
  perType.set(e.question, (perType.get(e.question) ?? 0) + Number(process.hrtime.bigint() - t0) / 1000 / 20);
}
const counts = new Map<string, number>();
for (const e of entries) counts.set(e.question, (counts.get(e.question) ?? 0) + 1);

console.log(`${entries.length} phrasings × ${rounds} rounds: mean ${(total / (rounds * entries.length)).toFixed(1)} µs per answer`);
for (const [q, us] of [...perType].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`  ${q.padEnd(20)} ${(us / counts.get(q)!).toFixed(1).padStart(7)} µs`);
}
