import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';

// Who may open the PGlite directory: a lock file holding the owner's pid, host name, start
// time (Linux) and a random token. It is created with link(2), which is atomic and fails if
// the file exists, so two processes starting at once cannot both win. A lock whose owner is
// gone (killed: its pid is dead, or reused by a process that started later) is removed by
// one breaker at a time — the breaker holds `<lock>.breaking`, a directory made with
// mkdir(2), also atomic — and only if it still holds the dead owner's token, so a breaker
// that was slow cannot remove a lock another process has taken since. A lock written on
// another host (another container sharing the volume) is never judged stale.

export interface DirLock {
  readonly path: string;
  /** Still ours (not broken by another process that thought we were dead)? */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

export type LockAttempt = { readonly acquired: DirLock } | { readonly heldBy: number };

export async function tryLock(path: string): Promise<LockAttempt> {
  const token = `${process.pid} ${hostname()} ${(await startTime(process.pid)) ?? '-'} ${randomBytes(8).toString('hex')}\n`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await createExclusive(path, token)) return { acquired: lockHandle(path, token) };
    const holder = await readOwner(path);
    if (holder === null) continue; // released meanwhile
    // A pid is only meaningful on its own host (and in its own container): elsewhere, wait.
    if (holder.host !== hostname() || (await isRunning(holder))) return { heldBy: holder.pid };
    await breakStale(path, holder.token);
  }
  return { heldBy: (await readOwner(path))?.pid ?? -1 };
}

async function createExclusive(path: string, token: string): Promise<boolean> {
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(draft, token);
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/** A breaker that died half-way leaves its directory; after this long it no longer counts. */
const BREAKER_STALE_MS = 10_000;

async function breakStale(path: string, staleToken: string): Promise<void> {
  const breaker = `${path}.breaking`;
  try {
    await mkdir(breaker);
  } catch (error) {
    if (code(error) !== 'EEXIST') throw error;
    const since = await stat(breaker).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (since > BREAKER_STALE_MS) await rmdir(breaker).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    return;
  }
  try {
    // Nobody can replace the lock file while we hold the breaker: creating one fails while
    // it exists, and removing it takes the breaker. So what we read now is what we remove.
    if ((await readFile(path, 'utf8').catch(() => null)) === staleToken) await unlink(path);
  } finally {
    await rmdir(breaker).catch(() => undefined);
  }
}

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
  readonly token: string;
}

async function readOwner(path: string): Promise<Owner | null> {
  try {
    const token = await readFile(path, 'utf8');
    const [pid, host, started] = token.trim().split(' ');
    const parsed = Number(pid);
    // A garbled file is nobody's: this host and pid -1 make it stale.
    if (!Number.isInteger(parsed) || parsed <= 0 || !host) return { pid: -1, host: hostname(), started: '-', token };
    return { pid: parsed, host, started: started ?? '-', token };
  } catch (error) {
    if (code(error) === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Is the owner still running? Its pid may have been given to another process since — in a
 * restarted container even to this one — so where Linux tells a process's start time, that
 * must match too.
 */
async function isRunning(owner: Owner): Promise<boolean> {
  if (!isAlive(owner.pid)) return false;
  if (owner.started === '-') return true;
  const started = await startTime(owner.pid);
  return started === null || started === owner.started;
}

/** A process's start time in clock ticks since boot (Linux), or null where unknown. */
async function startTime(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; the start time is field 22 of stat(5).
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function lockHandle(path: string, token: string): DirLock {
  const held = async () => (await readFile(path, 'utf8').catch(() => '')) === token;
  return {
    path,
    held,
    async release() {
      if (await held()) await unlink(path).catch(() => undefined);
    },
  };
}

/** Is a process with this pid running (on this machine)? */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return code(error) === 'EPERM';
  }
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
