import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedPaths } from '../../src/db/pglite/embedded.js';
import { deleteQueueKeys, REDIS_URL, uniquePrefix } from '../support/app.js';
import { LineChild, tsxChild } from './support/child.js';

// Without DATABASE_URL: two consoles (`npm run chat`) and the staff CLI at once on one
// embedded database directory, as a person trying Wirabot on a laptop would run them.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHAT = path.join(ROOT, 'src/cli/chat.ts');
const CLI = path.join(ROOT, 'src/cli/main.ts');

const signup = (name: string, phone: string) => ['halo', 'ya', name, `Toko ${name}`, 'kuliner', 'utara', phone, '2019', '7,5 juta', 'ya'];

describe('consoles and the CLI on one embedded database', () => {
  let folder: string;
  let env: NodeJS.ProcessEnv;
  const prefix = uniquePrefix('embeddedprocs');
  const children: LineChild[] = [];

  function chat(session: string): LineChild {
    const child = tsxChild(CHAT, ['--session', session], env);
    children.push(child);
    return child;
  }

  function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      });
    });
  }

  async function servingPid(dir: string): Promise<number> {
    return Number.parseInt(await readFile(embeddedPaths(dir).lockPath, 'utf8'), 10);
  }

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'wirabot-procs-'));
    env = { ...process.env, PGLITE_DIR: path.join(folder, 'pglite'), REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
  });
  afterAll(async () => {
    children.forEach((c) => c.kill());
    await deleteQueueKeys(prefix);
    await rm(folder, { recursive: true, force: true });
  });

  it('two consoles and the CLI see each other, number members consecutively, and each stops on Ctrl+C', async () => {
    const dir = env.PGLITE_DIR!;
    const ani = chat('ani');
    const budi = chat('budi');
    ani.process.stdin.write(`${signup('Ani', '0812-1111-1111').join('\n')}\n`);
    budi.process.stdin.write(`${signup('Budi', '0812-2222-2222').join('\n')}\n`);
    const numbers = await Promise.all([ani, budi].map(async (c) => /BJM-\d{6}/.exec(await c.until('Nomor anggota', 90_000))![0]));
    expect([...numbers].sort()).toEqual(['BJM-000001', 'BJM-000002']);

    // The CLI, while both consoles run, sees both sign-ups.
    const listed = await cli('people', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stderr).not.toMatch(/error|fail/i);
    expect(listed.stdout).toContain('Toko Ani');
    expect(listed.stdout).toContain('Toko Budi');
    expect(listed.stdout).toContain('2 orang');

    // Ctrl+C on the console that holds the database: it exits at once; the other
    // console carries on (it takes the database over) and still sees everything.
    const server = (await servingPid(dir)) === ani.process.pid ? ani : budi;
    const other = server === ani ? budi : ani;
    const stopped = await server.stop('SIGINT');
    expect(stopped.code).toBe(130);
    other.process.stdin.write('profil\n');
    expect(await other.until('Profil Bapak/Ibu', 30_000)).toContain(other === ani ? numbers[0] : numbers[1]);
    expect(await servingPid(dir)).toBe(other.process.pid);

    // A third console signs up next: the very next member number, no jump.
    const citra = chat('citra');
    citra.process.stdin.write(`${signup('Citra', '0812-3333-3333').join('\n')}\n`);
    expect(await citra.until('Nomor anggota', 90_000)).toContain('BJM-000003');

    for (const child of [other, citra]) expect((await child.stop('SIGINT')).code).toBe(130);
    expect(existsSync(embeddedPaths(dir).socketPath)).toBe(false);

    // Nobody runs now: the CLI opens the directory itself, and leaves nothing behind.
    const alone = await cli('people', 'list');
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain('3 orang');
    expect(existsSync(embeddedPaths(dir).lockPath)).toBe(false);
  }, 240_000);

  // util-linux `script` gives the console a terminal, where readline reads Ctrl+C itself.
  const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('Ctrl+C typed in a terminal ends the console at once', async () => {
    const command = `'${process.execPath}' --import tsx '${CHAT}' --session terminal`;
    const terminal = new LineChild('script', ['-qfec', command, '/dev/null'], env);
    children.push(terminal);
    await terminal.printed('Pesan:', 60_000);
    const started = Date.now();
    terminal.process.stdin.write('\x03');
    const { code } = await terminal.exited;
    expect(code).toBe(130);
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 90_000);
});
