#!/usr/bin/env node
// `npm run build`: compiles src/ into dist/ and migrations/ into dist/migrations/, then
// copies the data files the compiled code reads next to it (the survey file, the city
// folders). locales/ stays at the top level: dist/i18n.js finds it at ../locales as
// src/i18n.ts does.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('dist', { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.migrations.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
}
cpSync('src/survey', 'dist/survey', { recursive: true, filter: (f) => !f.endsWith('.ts') });
cpSync('src/city', 'dist/city', { recursive: true, filter: (f) => !f.endsWith('.ts') });
// The `wirabot` bin (package.json) runs as `npx wirabot`: it must be executable.
chmodSync('dist/cli/main.js', 0o755);
