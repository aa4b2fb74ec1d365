import { randomBytes } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';

// Who may open the PGlite directory: a lock file holding the owner's pid. Created with
// link(2), which is atomic and fails if the file exists, so two processes starting at once
// cannot both win. A lock whose pid is dead (the owner was killed) is broken by renaming it
// aside first — only one breaker's rename succeeds — and checking that what was moved is
// still the dead owner's, putting it back otherwise.

export interface DirLock {
  readonly path: string;
  /** Still ours (not broken by another process that thought we were dead)? */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

export type LockAttempt = { readonly acquired: DirLock } | { readonly heldBy: number };

export async function tryLock(path: string): Promise<LockAttempt> {
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(path, token)) return { acquired: lockHandle(path, token) };
    const holder = await readOwner(path);
    if (holder === null) continue; // released meanwhile
    if (isAlive(holder.pid)) return { heldBy: holder.pid };
    await breakStale(path, holder.token);
  }
  const holder = await readOwner(path);
  return { heldBy: holder?.pid ?? -1 };
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

async function breakStale(path: string, staleToken: string): Promise<void> {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (code(error) === 'ENOENT') return; // someone else broke it
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  // Between reading the dead owner's token and the rename, another process may have broken
  // it and taken the lock: then we moved a live lock, and put it back.
  if (moved !== staleToken) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
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
