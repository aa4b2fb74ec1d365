import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../log.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** A postgres:// URL; without one an embedded PGlite under `pgliteDir` is used. */
  readonly url?: string | undefined;
  readonly pgliteDir?: string;
  readonly poolSize?: number;
  /** Counts every statement sent to Postgres, begin/commit included (benchmarks). */
  readonly queryCounter?: { count: number };
  /** Told about connections that die; without it they are dropped silently. */
  readonly log?: Logger;
}

export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.url) return connectPostgres({ connectionString: options.url, max: options.poolSize ?? 10 }, options);
  return connectEmbedded(options.pgliteDir ?? './data/pglite', options);
}

function connectPostgres(config: pg.PoolConfig, options: ConnectOptions, Client: typeof pg.Client = pg.Client): DatabaseHandle {
  const { queryCounter: counter, log } = options;
  const pool = new pg.Pool({ ...config, Client: counter ? countingClient(counter, Client) : Client });
  const lost = (error: Error) => log?.warn({ err: error.message }, 'database connection lost (the pool reconnects)');
  // An idle client losing its connection (Postgres restarted) is reported on the pool.
  pool.on('error', lost);
  // A client that dies while checked out (pg_terminate_backend, a failover) emits 'error'
  // on itself, where the pool listens no longer: without a listener of our own that is an
  // unhandled 'error' event and the process dies. Its query rejects anyway, so the turn
  // fails and is retried; the pool throws the broken client away on release.
  pool.on('connect', (client) => client.on('error', lost));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

async function connectEmbedded(dir: string, options: ConnectOptions): Promise<DatabaseHandle> {
  // Loaded lazily: production with a real Postgres never pays for the WASM build.
  const { openEmbedded } = await import('./pglite/embedded.js');
  const { log } = options;
  const embedded = await openEmbedded(dir, {
    onServe: (socketPath) => log?.debug({ socketPath }, 'serving the embedded database'),
    onError: (error) => log?.warn({ err: String(error) }, 'embedded database server error'),
  });
  // Every new connection first makes sure someone serves the directory, so the process
  // that served it may exit (or be killed) and another one takes over.
  class EmbeddedClient extends pg.Client {
    override connect(...args: unknown[]): never {
      const callback = args[0] as ((error: unknown) => void) | undefined;
      const ready = embedded.ensureServed();
      const connect = () => (super.connect as (...a: unknown[]) => unknown).apply(this, args);
      return (typeof callback === 'function' ? void ready.then(connect, callback) : ready.then(connect)) as never;
    }
  }
  // PGlite is one session: more connections only queue at the server, a few keep it busy.
  const config: pg.PoolConfig = { stream: () => embedded.stream(), host: 'pglite', user: 'postgres', database: 'postgres', ssl: false, max: 4 };
  const handle = connectPostgres(config, options, EmbeddedClient);
  return {
    db: handle.db,
    kind: 'pglite',
    async close() {
      await handle.close();
      await embedded.close();
    },
  };
}

function countingClient(counter: { count: number }, Base: typeof pg.Client): typeof pg.Client {
  return class CountingClient extends Base {
    override query(...args: unknown[]): never {
      counter.count++;
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  } as typeof pg.Client;
}
