import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from './db.js';

// A real app (real Postgres, real Redis) with its own database and queue prefix.

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestApp {
  readonly app: App;
  readonly config: Config;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

export function uniquePrefix(label: string): string {
  return `test-${label.replace(/[^a-zA-Z0-9_-]/g, '')}-${randomBytes(4).toString('hex')}`;
}

export type TestDatabaseKind = 'postgres' | 'pglite';

export async function createTestApp(
  label: string,
  env: Record<string, string> = {},
  options: { clock?: () => Date; database?: TestDatabaseKind } = {},
): Promise<TestApp> {
  // PGlite runs in memory inside this process: the same migrations, no server. Without a
  // choice, the test project's (vitest.config.ts) decides.
  const kind = options.database ?? (process.env.TEST_DATABASE === 'pglite' ? 'pglite' : 'postgres');
  const database: TestDatabase = kind === 'pglite' ? { url: '', name: 'pglite', drop: async () => undefined } : await createTestDatabase(label);
  const config = loadConfig({
    ...(database.url ? { DATABASE_URL: database.url } : { PGLITE_DIR: 'memory://' }),
    REDIS_URL,
    ID_HASH_KEY: process.env.ID_HASH_KEY ?? 'test-only-id-hash-key-0123456789',
    QUEUE_PREFIX: uniquePrefix(label),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const app = await createApp(config, { log: createLogger(config.LOG_LEVEL), ...(options.clock ? { clock: options.clock } : {}) }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return {
    app,
    config,
    database,
    async close() {
      await app.close();
      await deleteQueueKeys(config.QUEUE_PREFIX);
      await database.drop();
    },
  };
}

export async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` returns a truthy value or the time is up. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
