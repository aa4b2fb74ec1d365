import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connect.js';
import { embeddedPaths } from '../../src/db/pglite/embedded.js';
import { tryLock } from '../../src/db/pglite/lock.js';
import { PgliteVersionError } from '../../src/db/pglite/version.js';
import { tsxChild, type LineChild } from './support/child.js';

// Who may open the embedded database directory.

const LOCK_CHILD = fileURLToPath(new URL('./support/lock-child.ts', import.meta.url));

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('the embedded database lock', () => {
  let folder: string;
  let lockPath: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'wirabot-lock-'));
  });
  beforeEach(async () => {
    lockPath = path.join(folder, `${Math.random().toString(36).slice(2)}.lock`);
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('of many attempts at once, exactly one gets it', async () => {
    const attempts = await Promise.all(Array.from({ length: 8 }, () => tryLock(lockPath)));
    expect(attempts.filter((a) => 'acquired' in a)).toHaveLength(1);
    expect(attempts.filter((a) => 'heldBy' in a && a.heldBy === process.pid)).toHaveLength(7);
  });

  it('a lock left by a process that died is taken over; a live owner is respected', async () => {
    await writeFile(lockPath, `${deadPid()} ${hostname()} deadbeef\n`);
    const taken = await tryLock(lockPath);
    expect('acquired' in taken).toBe(true);
    const other = path.join(folder, 'live.lock');
    await writeFile(other, `${process.ppid} ${hostname()} - cafe\n`);
    expect(await tryLock(other)).toEqual({ heldBy: process.ppid });
  });

  it('a breaker that died while breaking a stale lock holds things up only for a while', async () => {
    await writeFile(lockPath, `${deadPid()} ${hostname()} stale\n`);
    await mkdir(`${lockPath}.breaking`);
    expect('heldBy' in (await tryLock(lockPath))).toBe(true);
    const past = new Date(Date.now() - 60_000);
    await utimes(`${lockPath}.breaking`, past, past);
    expect('acquired' in (await tryLock(lockPath))).toBe(true);
  });

  it.skipIf(process.platform !== 'linux')('a lock whose pid now belongs to another process (a restarted container) is stale', async () => {
    await writeFile(lockPath, `${process.pid} ${hostname()} 1 cafe\n`);
    expect('acquired' in (await tryLock(lockPath))).toBe(true);
  });

  it('a lock from another host (another container on a shared volume) is never judged by its pid', async () => {
    const pid = deadPid();
    await writeFile(lockPath, `${pid} some-other-container cafe\n`);
    expect(await tryLock(lockPath)).toEqual({ heldBy: pid });
  });

  it('a garbled lock file counts as stale', async () => {
    await writeFile(lockPath, 'not a pid');
    expect('acquired' in (await tryLock(lockPath))).toBe(true);
  });

  it('release never removes a lock that someone else holds now', async () => {
    const attempt = await tryLock(lockPath);
    if (!('acquired' in attempt)) throw new Error('expected the lock');
    await writeFile(lockPath, `${process.ppid} someone-else\n`);
    expect(await attempt.acquired.held()).toBe(false);
    await attempt.acquired.release();
    expect(await readFile(lockPath, 'utf8')).toBe(`${process.ppid} someone-else\n`);
  });

  it('four processes breaking the same stale lock at once: exactly one gets it', async () => {
    await writeFile(lockPath, `${deadPid()} ${hostname()} stale\n`);
    const children: LineChild[] = Array.from({ length: 4 }, () => tsxChild(LOCK_CHILD, [lockPath]));
    try {
      await Promise.all(children.map((c) => c.until('ready', 60_000)));
      children.forEach((c) => c.process.stdin.write('go\n'));
      const results = await Promise.all(children.map((c) => c.json<{ acquired?: true; heldBy?: number }>()));
      expect(results.filter((r) => r.acquired)).toHaveLength(1);
      const winner = children[results.findIndex((r) => r.acquired)]!;
      expect(results.filter((r) => r.heldBy === winner.process.pid)).toHaveLength(3);
      expect((await readdir(folder)).filter((f) => f.endsWith('.breaking') || /\.lock\.\d+\./.test(f))).toEqual([]);
    } finally {
      children.forEach((c) => c.kill());
    }
  }, 90_000);
});

describe('an embedded database made by PGlite 0.4', () => {
  it('is refused with a message saying what to do, and left untouched', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'wirabot-pg17-'));
    const dir = path.join(folder, 'pglite');
    try {
      await mkdir(dir);
      await writeFile(path.join(dir, 'PG_VERSION'), '17\n');
      const opening = connectDatabase({ pgliteDir: dir });
      await expect(opening).rejects.toBeInstanceOf(PgliteVersionError);
      await expect(opening).rejects.toThrow(/PostgreSQL 17 .*Nothing was changed.*npm run db:upgrade-pglite/);
      expect(await readdir(dir)).toEqual(['PG_VERSION']);
      expect(existsSync(embeddedPaths(dir).lockPath)).toBe(false);
      expect(existsSync(embeddedPaths(dir).socketPath)).toBe(false);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
