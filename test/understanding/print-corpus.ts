import { describeGot, scoreCorpus } from './run-corpus.js';

// `npm run corpus -- <file> [--failures] [--text] [--readers]`: the share understood per
// question type, through the engine (or, with --readers, through the readers alone).
// Failures are listed by id; `--text` also prints each failing message (only for dev.jsonl:
// the held-out part stays unread).

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (file === undefined) {
  console.error('usage: npm run corpus -- <corpus.jsonl> [--failures] [--text]');
  process.exit(2);
}
const score = scoreCorpus(file, undefined, args.includes('--readers') ? 'readers' : 'engine');
const pct = (n: number, d: number): string => `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;
console.log(`${'question'.padEnd(20)} ${'understood'.padStart(12)} ${'share'.padStart(7)} ${'wrong stored'.padStart(13)}`);
for (const [question, s] of Object.entries(score.byType).sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${question.padEnd(20)} ${`${s.understood}/${s.total}`.padStart(12)} ${pct(s.understood, s.total).padStart(7)} ${String(s.wrongStored).padStart(13)}`);
}
console.log(`${'all'.padEnd(20)} ${`${score.understood}/${score.total}`.padStart(12)} ${pct(score.understood, score.total).padStart(7)} ${String(score.wrongStored).padStart(13)}`);
if (args.includes('--failures') || args.includes('--text')) {
  for (const f of score.failures) {
    const got = describeGot(f.got);
    const text = args.includes('--text') ? `  ${JSON.stringify(f.text.length > 120 ? `${f.text.slice(0, 120)}…` : f.text)}` : '';
    console.log(`${f.wrongStore ? 'WRONG ' : ''}${f.id}: expected ${JSON.stringify(f.expected)}, got ${got}${text}`);
  }
}
