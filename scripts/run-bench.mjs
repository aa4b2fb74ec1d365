#!/usr/bin/env node
// `node scripts/run-bench.mjs engine [args…]`: compiles src/, bench/ and migrations/ with tsc
// (tsconfig.bench.json, into .bench-build/) and runs bench/<name>.js on the compiled code.
//
// Why not tsx, as the other scripts run: tsx transforms with esbuild's keepNames, which wraps
// every function it creates in a naming call, and keeps each module's source and source map
// in memory. That measures neither the speed nor the memory of what production runs
// (`npm run build`, then `node dist/main.js`); this does. Node flags before the name are
// passed on: `node scripts/run-bench.mjs --max-semi-space-size=8 engine`.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const args = process.argv.slice(2);
const at = args.findIndex((a) => !a.startsWith('-'));
if (at < 0) {
  console.error('usage: node scripts/run-bench.mjs [node flags…] <bench name> [bench args…]');
  process.exit(2);
}
const nodeFlags = args.slice(0, at);
const [name, ...benchArgs] = args.slice(at);
const out = '.bench-build';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// Built afresh each time (about 20 s): nothing of an older build can be measured by mistake.
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], { stdio: 'inherit' });
// The compiled code reads its data files where dist/ has them (scripts/build.mjs):
// the survey and city folders beside the code, the locales and the migrations one level up.
cpSync('src/survey', `${out}/src/survey`, { recursive: true, filter: (f) => !f.endsWith('.ts') });
cpSync('src/city', `${out}/src/city`, { recursive: true, filter: (f) => !f.endsWith('.ts') });
for (const [link, target] of [
  [`${out}/locales`, '../locales'],
  [`${out}/src/migrations`, '../migrations'],
]) {
  if (existsSync(link)) rmSync(link, { recursive: true, force: true });
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(target, link);
}
const run = spawnSync(process.execPath, [...nodeFlags, `${out}/bench/${name}.js`, ...benchArgs], { stdio: 'inherit' });
process.exit(run.status ?? 1);
