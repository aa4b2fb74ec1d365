import { mkdir, mkdtemp, rm, unlink } from 'node:fs/promises';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { tryLock, type DirLock } from './lock.js';
import { servePglite, type PgliteServer } from './server.js';
import { checkDataDirVersion } from './version.js';

// The embedded database, safe with several processes: exactly one process opens the
// PGlite directory and serves it on a Unix socket beside it (`data/pglite.sock`, guarded by
// `data/pglite.lock`); every process, that one included, talks to it through `pg`. When
// nobody answers on the socket — nobody started yet, or the server exited or was killed —
// the next connection takes over: it takes the lock, removes a stale socket and serves.

export interface EmbeddedOptions {
  /** How long to wait for another process that holds the lock to start answering. */
  readonly waitMs?: number;
  readonly idleInTransactionMs?: number;
  readonly onServe?: (socketPath: string) => void;
  readonly onError?: (error: unknown) => void;
}

export interface EmbeddedDatabase {
  readonly socketPath: string;
  /** A fresh, unconnected socket to the server, for `pg`'s `stream` option. */
  stream(): Socket;
  /** Makes sure some process serves the directory, taking it over if none does. */
  ensureServed(): Promise<void>;
  /** Does this process hold the directory open? */
  serving(): boolean;
  close(): Promise<void>;
}

export class EmbeddedBusyError extends Error {
  override readonly name = 'EmbeddedBusyError';
}

// Unix socket paths are limited to 104 bytes on macOS (108 on Linux), terminator included.
const MAX_SOCKET_PATH = 103;

export function embeddedPaths(dir: string): { socketPath: string; lockPath: string } {
  const base = path.resolve(dir);
  return { socketPath: `${base}.sock`, lockPath: `${base}.lock` };
}

export async function openEmbedded(dir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  if (dir === 'memory://') return openPrivate(options);
  const { socketPath, lockPath } = embeddedPaths(dir);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    throw new Error(`the embedded database socket ${socketPath} is longer than a Unix socket path may be; set PGLITE_DIR to a shorter path`);
  }
  const waitMs = options.waitMs ?? 30_000;
  let served: { pglite: PGlite; server: PgliteServer; lock: DirLock } | null = null;
  let takingOver: Promise<void> | null = null;
  let closed = false;

  /** Opens the directory and serves it; false if the lock turned out not to be ours after all. */
  async function serve(lock: DirLock): Promise<boolean> {
    await checkDataDirVersion(dir);
    await mkdir(dir, { recursive: true });
    // We hold the lock, so a socket file left here belongs to a process that is gone.
    await unlink(socketPath).catch(() => undefined);
    if (!(await lock.held())) return false;
    const pglite = await openPglite(dir);
    try {
      const server = await servePglite(pglite, socketPath, serverOptions(options));
      served = { pglite, server, lock };
    } catch (error) {
      await pglite.close();
      throw error;
    }
    options.onServe?.(socketPath);
    return true;
  }

  async function takeOver(): Promise<void> {
    const deadline = Date.now() + waitMs;
    await mkdir(path.dirname(lockPath), { recursive: true });
    for (;;) {
      const attempt = await tryLock(lockPath);
      if ('acquired' in attempt) {
        const serving = await serve(attempt.acquired).catch(async (error: unknown) => {
          await attempt.acquired.release();
          throw error;
        });
        if (serving) return;
      } else if (await answers(socketPath)) return;
      if (Date.now() > deadline) {
        const holder = 'heldBy' in attempt ? `process ${attempt.heldBy}` : 'another process';
        throw new EmbeddedBusyError(
          `${holder} holds ${lockPath} but nothing answers on ${socketPath}; if no Wirabot process is running, delete ${lockPath}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const database: EmbeddedDatabase = {
    socketPath,
    stream: () => socketTo(socketPath),
    async ensureServed() {
      if (closed) throw new Error('the embedded database is closed');
      if (served || (await answers(socketPath))) return;
      takingOver ??= takeOver().finally(() => (takingOver = null));
      return takingOver;
    },
    serving: () => served !== null,
    async close() {
      closed = true;
      await takingOver?.catch(() => undefined);
      const current = served;
      served = null;
      if (!current) return;
      await current.server.close();
      await current.pglite.close();
      await current.lock.release();
    },
  };
  await database.ensureServed();
  return database;
}

/** `memory://`: a database of this process alone (tests), served on a private socket. */
async function openPrivate(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const folder = await mkdtemp(path.join(tmpdir(), 'wirabot-pglite-'));
  const socketPath = path.join(folder, 'pglite.sock');
  const pglite = await openPglite('memory://');
  const server = await servePglite(pglite, socketPath, serverOptions(options));
  let closed = false;
  return {
    socketPath,
    stream: () => socketTo(socketPath),
    ensureServed: async () => {
      if (closed) throw new Error('the embedded database is closed');
    },
    serving: () => !closed,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await pglite.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

async function openPglite(dir: string): Promise<PGlite> {
  // Loaded lazily: production with a real Postgres never pays for the WASM build.
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = new PGlite(dir);
  await pglite.waitReady;
  return pglite;
}

function serverOptions(options: EmbeddedOptions) {
  return {
    ...(options.idleInTransactionMs !== undefined ? { idleInTransactionMs: options.idleInTransactionMs } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  };
}

/** Does a server accept connections on this socket? (A stale socket file refuses them.) */
export function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * `pg` connects to `<host>/.s.PGSQL.<port>` for a socket directory; ours is a plain file
 * beside the PGlite directory, so the socket `pg` is given ignores the address it is told.
 */
function socketTo(socketPath: string): Socket {
  const socket = new Socket();
  const connectTo = socket.connect.bind(socket);
  socket.connect = ((..._ignored: unknown[]) => connectTo(socketPath)) as Socket['connect'];
  return socket;
}
