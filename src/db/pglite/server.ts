import { createServer, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { fatalError, lastReadyStatus, nextFrame, simpleQuery, sync, type FrontendFrame } from './protocol.js';

// Serves one PGlite to many `pg` connections on a Unix socket. PGlite is a single
// Postgres session, so connections take turns, and a turn lasts until the backend reports
// itself idle again (ReadyForQuery 'I'): a whole transaction, or a whole extended-protocol
// batch (Parse … Sync), never a single message.
//
// Why not @electric-sql/pglite-socket (0.2.17): it hands the session over between messages
// unless an explicit transaction is open, so another connection's Parse can slip between a
// Parse and its Bind (electric-sql/pglite#1046); a client idle inside a transaction stalls
// every other one for good (#985); a killed server leaves its socket file behind; and it
// pins PGlite to one exact version with seven extensions as required peer dependencies.

export interface PgliteServerOptions {
  /**
   * A connection that holds the session (an open transaction or batch) and sends nothing
   * for this long is cut off and rolled back, so one stuck client cannot stall everyone.
   */
  readonly idleInTransactionMs?: number;
  readonly onError?: (error: unknown) => void;
}

export interface PgliteServer {
  readonly socketPath: string;
  connections(): number;
  /** Stops listening, drops every connection (open transactions roll back), waits for the session. */
  close(): Promise<void>;
}

interface Session {
  readonly socket: Socket;
  buffer: Buffer;
  started: boolean;
  readonly pending: FrontendFrame[];
  working: boolean;
  closed: boolean;
  idleTimer: NodeJS.Timeout | undefined;
}

const DEFAULT_IDLE_IN_TRANSACTION_MS = 30_000;

export async function servePglite(db: PGlite, socketPath: string, options: PgliteServerOptions = {}): Promise<PgliteServer> {
  const idleMs = options.idleInTransactionMs ?? DEFAULT_IDLE_IN_TRANSACTION_MS;
  const report = options.onError ?? (() => undefined);
  const sessions = new Set<Session>();
  const running = new Set<Promise<void>>();
  const waiting: Session[] = [];
  let owner: Session | null = null;

  const exec = (bytes: Uint8Array) => db.runExclusive(() => db.execProtocolRaw(bytes));

  function track(work: Promise<void>): void {
    running.add(work);
    void work.finally(() => running.delete(work));
  }

  /** The session is idle again: the longest-waiting connection takes its turn. */
  function release(session: Session): void {
    if (owner !== session) return;
    owner = waiting.shift() ?? null;
    if (owner) {
      const next = owner;
      queueMicrotask(() => track(pump(next)));
    }
  }

  async function run(session: Session, frame: FrontendFrame): Promise<void> {
    if (frame.kind !== 'startup' && frame.kind !== 'message') return;
    let response: Uint8Array;
    try {
      response = await exec(frame.bytes);
    } catch (error) {
      report(error);
      session.socket.end(Buffer.from(fatalError('XX000', error instanceof Error ? error.message : String(error))));
      session.closed = true;
      return;
    }
    if (!session.closed) session.socket.write(Buffer.from(response));
    if (lastReadyStatus(response) === 'idle') release(session);
  }

  async function pump(session: Session): Promise<void> {
    if (session.working) return;
    session.working = true;
    try {
      while (!session.closed && session.pending.length > 0) {
        if (owner !== null && owner !== session) {
          if (!waiting.includes(session)) waiting.push(session);
          return;
        }
        owner = session;
        clearTimeout(session.idleTimer);
        await run(session, session.pending.shift()!);
      }
    } finally {
      session.working = false;
    }
    if (session.closed) await finish(session);
    else if (owner === session) armIdleTimer(session);
  }

  function armIdleTimer(session: Session): void {
    clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(() => {
      session.socket.end(Buffer.from(fatalError('25P03', 'terminating connection due to idle-in-transaction timeout')));
      session.socket.destroy();
    }, idleMs);
    session.idleTimer.unref();
  }

  /** A connection went away: end its half-sent batch and roll back what it left open. */
  async function finish(session: Session): Promise<void> {
    clearTimeout(session.idleTimer);
    const queued = waiting.indexOf(session);
    if (queued >= 0) waiting.splice(queued, 1);
    if (owner !== session) return;
    try {
      if (lastReadyStatus(await exec(sync())) !== 'idle') await exec(simpleQuery('ROLLBACK'));
    } catch (error) {
      report(error);
    }
    release(session);
  }

  function receive(session: Session, chunk: Buffer): void {
    session.buffer = session.buffer.length ? Buffer.concat([session.buffer, chunk]) : chunk;
    for (;;) {
      const next = nextFrame(session.buffer, session.started);
      if (!next) break;
      session.buffer = session.buffer.subarray(next.length);
      const { frame } = next;
      if (frame.kind === 'encryption') session.socket.write('N');
      else if (frame.kind === 'cancel' || (frame.kind === 'message' && frame.type === 'X')) {
        session.socket.end();
        return;
      } else {
        if (frame.kind === 'startup') session.started = true;
        session.pending.push(frame);
      }
    }
    track(pump(session));
  }

  function accept(socket: Socket): void {
    const session: Session = { socket, buffer: Buffer.alloc(0), started: false, pending: [], working: false, closed: false, idleTimer: undefined };
    sessions.add(session);
    socket.on('data', (chunk: Buffer) => {
      try {
        receive(session, chunk);
      } catch (error) {
        report(error);
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      session.closed = true;
      session.pending.length = 0;
      sessions.delete(session);
      if (!session.working) track(finish(session));
    });
  }

  const server = createServer(accept);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', report);

  return {
    socketPath,
    connections: () => sessions.size,
    async close() {
      // Node removes the socket file when a Unix-socket server closes.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.socket.destroy();
      await closed;
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
