import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connect.js';
import { embeddedPaths } from '../../src/db/pglite/embedded.js';
import { tsxChild, type LineChild } from './support/child.js';

// Several real processes on one embedded database directory: exactly one opens it, the
// others connect to it, and when the one that opened it is gone another takes over.

const CHILD = fileURLToPath(new URL('./support/embedded-child.ts', import.meta.url));

describe('one embedded database directory, several processes', () => {
  let folder: string;
  let dir: string;
  const children: LineChild[] = [];

  function start(): LineChild {
    const child = tsxChild(CHILD, [dir]);
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'wirabot-takeover-'));
    dir = path.join(folder, 'pglite');
  });
  afterEach(() => children.splice(0).forEach((c) => c.kill()));
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('a process killed while serving leaves a stale socket and lock that the next one takes over', async () => {
    const first = start();
    await first.json(60_000);
    expect(await first.ask('add before the kill')).toEqual({ added: 1 });
    first.kill();
    await first.exited;
    const { socketPath, lockPath } = embeddedPaths(dir);
    expect(existsSync(socketPath)).toBe(true);
    expect(existsSync(lockPath)).toBe(true);

    const handle = await connectDatabase({ pgliteDir: dir });
    try {
      const { rows } = await sql<{ text: string }>`select text from notes`.execute(handle.db);
      expect(rows).toEqual([{ text: 'before the kill' }]);
      expect(Number.parseInt(await readFile(lockPath, 'utf8'), 10)).toBe(process.pid);
    } finally {
      await handle.close();
    }
    expect(existsSync(socketPath)).toBe(false);
    expect(existsSync(lockPath)).toBe(false);
  }, 90_000);

  it('three processes starting at once: one serves, all see every write, numbers stay consecutive across a handover', async () => {
    const trio = [start(), start(), start()];
    await Promise.all(trio.map((c) => c.json(60_000)));
    const serving = await Promise.all(trio.map((c) => c.ask<{ serving: boolean }>('serving')));
    expect(serving.filter((s) => s.serving)).toHaveLength(1);

    const added: number[] = [];
    for (const [i, child] of trio.entries()) added.push((await child.ask<{ added: number }>(`add from ${i}`)).added);
    const server = trio[serving.findIndex((s) => s.serving)]!;
    const others = trio.filter((c) => c !== server);

    // Ctrl+C on the process that serves: it closes the database cleanly and exits; the
    // next statement from another process takes over.
    const stopped = await server.stop('SIGINT');
    expect(stopped.code).toBe(130);
    for (const [i, child] of others.entries()) added.push((await child.ask<{ added: number }>(`add after handover ${i}`)).added);
    expect(added).toEqual(added.map((_, i) => added[0]! + i));

    const lists = await Promise.all(others.map((c) => c.ask<{ notes: { text: string }[] }>('list')));
    for (const list of lists) expect(list.notes.map((n) => n.text)).toEqual(expect.arrayContaining(['from 0', 'from 1', 'from 2', 'after handover 0', 'after handover 1']));
    const nowServing = await Promise.all(others.map((c) => c.ask<{ serving: boolean }>('serving')));
    expect(nowServing.filter((s) => s.serving)).toHaveLength(1);
    for (const child of others) expect((await child.stop('SIGINT')).code).toBe(130);
  }, 120_000);
});
