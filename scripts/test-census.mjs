#!/usr/bin/env node
// Counts what the tests assert, so a restructuring can show it asserts the same after as
// before: test cases and `expect` calls as written in test/ (per file and in total), and,
// given a vitest JSON report, the cases that ran.
//   node scripts/test-census.mjs [--files] [vitest-report.json]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const perFile = args.includes('--files');
const report = args.find((a) => a.endsWith('.json'));

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (name.endsWith('.ts')) yield full;
  }
}

// `it(`, `test(`, `it.each(…)(`, `it.skip(` …; `expect(`, `expect.soft(`, `expect.poll(`.
const CASE = /(?<![\w.])(?:it|test)(?:\.\w+)*\s*\(/g;
const EXPECT = /(?<![\w.])expect(?:\.\w+)*\s*\(/g;

const rows = [];
for (const file of files(path.join(root, 'test'))) {
  const source = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
  rows.push({ file: path.relative(root, file), cases: (source.match(CASE) ?? []).length, expects: (source.match(EXPECT) ?? []).length });
}
const testFiles = rows.filter((r) => r.file.endsWith('.test.ts'));
const sum = (key) => rows.reduce((n, r) => n + r[key], 0);
if (perFile) for (const r of rows) if (r.cases + r.expects > 0) console.log(`${r.file}\t${r.cases} cases\t${r.expects} expect`);
console.log(`test files: ${testFiles.length}`);
console.log(`test cases (written): ${sum('cases')}`);
console.log(`expect calls (written): ${sum('expects')}`);
if (report) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  console.log(`test cases (run): ${r.numTotalTests} (${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + (r.numTodoTests ?? 0)} skipped)`);
}
