import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';

// `npm run build`, once for the test files that run the compiled code (dist/) side by side:
// a directory made with mkdir is the lock, and a stamp newer than the caller's start says
// another file has just built it.

const LOCK = '.build-lock';
const STAMP = 'dist/.built';

export async function buildOnce(): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (builtSince(started)) return;
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'pipe'] });
    writeFileSync(STAMP, new Date().toISOString());
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function builtSince(ms: number): boolean {
  try {
    return statSync(STAMP).mtimeMs >= ms;
  } catch {
    return false;
  }
}
