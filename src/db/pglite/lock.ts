import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';

// Who may open the PGlite directory: a lock file holding the owner's pid and a random
// token. It is created with link(2), which is atomic and fails if the file exists, so two
// processes starting at once cannot both win. A lock whose pid is dead (the owner was
// killed) is removed by one breaker at a time — the breaker holds `<lock>.breaking`, a
// directory made with mkdir(2), also atomic — and only if it still holds the dead owner's
// token, so a breaker that was slow cannot remove a lock another process has taken since.

export interface DirLock {
  readonly path: string;
  /** Still ours (not broken by another process that thought we were dead)? */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

export type LockAttempt = { readonly acquired: DirLock } | { readonly heldBy: number };

export async function tryLock(path: string): Promise<LockAttempt> {
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await createExclusive(path, token)) return { acquired: lockHandle(path, token) };
    const holder = await readOwner(path);
    if (holder === null) continue; // released meanwhile
    if (isAlive(holder.pid)) return { heldBy: holder.pid };
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

async function readOwner(path: string): Promise<{ pid: number; token: string } | null> {
  try {
    const token = await readFile(path, 'utf8');
    const pid = Number.parseInt(token, 10);
    return { pid: Number.isInteger(pid) ? pid : -1, token };
  } catch (error) {
    if (code(error) === 'ENOENT') return null;
    throw error;
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
