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
  if (options.url) return connectPostgres(options.url, options.poolSize ?? 10, options.queryCounter, options.log);
  return connectPglite(options.pgliteDir ?? './data/pglite');
}

function connectPostgres(url: string, poolSize: number, counter?: { count: number }, log?: Logger): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, ...(counter ? { Client: countingClient(counter) } : {}) });
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

async function connectPglite(dir: string): Promise<DatabaseHandle> {
  // Loaded lazily: production with a real Postgres never pays for the WASM build.
  const [{ PGlite }, { PGliteDialect }, { mkdir }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
    import('node:fs/promises'),
  ]);
  if (dir !== 'memory://') await mkdir(dir, { recursive: true });
  // Same wire types as `pg`: bigint (20) and numeric (1700) stay strings.
  const client = new PGlite(dir, { parsers: { 20: (v: string) => v, 1700: (v: string) => v } });
  await client.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

function countingClient(counter: { count: number }): typeof pg.Client {
  return class CountingClient extends pg.Client {
    override query(...args: unknown[]): never {
      counter.count++;
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  } as typeof pg.Client;
}
