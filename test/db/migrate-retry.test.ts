import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connect.js';
import { MigrationError, migrateToLatest } from '../../src/db/migrate.js';
import { isTransientInfraError, retryTransient } from '../../src/retry.js';
import { createTestDatabase } from '../support/db.js';

// Issue 11, item 10: a database host that does not resolve (DNS down: ENOTFOUND, EAI_AGAIN)
// while migrating at start-up is waited out like a refused connection, not a crash.

async function migrationFailure(url: string, folder?: string): Promise<unknown> {
  const handle = await connectDatabase({ url, poolSize: 1 });
  try {
    await migrateToLatest(handle.db, folder);
    return null;
  } catch (error) {
    return error;
  } finally {
    await handle.close();
  }
}

describe('migrating while the database cannot be reached', () => {
  it('a host name that does not resolve is retried like a refused connection', async () => {
    const dns = await migrationFailure('postgres://postgres@wirabot-no-such-host.invalid:5432/wirabot');
    expect(dns).toBeInstanceOf(MigrationError);
    expect(String((dns as Error).message)).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(isTransientInfraError(dns)).toBe(true);
    const refused = await migrationFailure('postgres://postgres@127.0.0.1:1/wirabot');
    expect(isTransientInfraError(refused)).toBe(true);

    const attempts: number[] = [];
    const stop = new AbortController();
    const handle = await connectDatabase({ url: 'postgres://postgres@wirabot-no-such-host.invalid:5432/wirabot', poolSize: 1 });
    await expect(
      retryTransient(() => migrateToLatest(handle.db), {
        firstDelayMs: 10,
        signal: stop.signal,
        onRetry: (_error, attempt) => {
          attempts.push(attempt);
          if (attempt >= 3) stop.abort();
        },
      }),
    ).rejects.toBeInstanceOf(MigrationError);
    await handle.close();
    expect(attempts).toEqual([1, 2, 3]);
  }, 60_000);

  it('EAI_AGAIN (the resolver did not answer) inside a migration error is transient too', () => {
    const cause = Object.assign(new Error('getaddrinfo EAI_AGAIN db.internal'), { code: 'EAI_AGAIN', syscall: 'getaddrinfo' });
    expect(isTransientInfraError(new MigrationError('migration before any migration ran failed: getaddrinfo EAI_AGAIN db.internal', { cause }))).toBe(true);
  });

  it('a migration that is wrong is not retried', async () => {
    const database = await createTestDatabase('migratebad');
    const folder = mkdtempSync(path.join(tmpdir(), 'wirabot-migrations-'));
    writeFileSync(path.join(folder, '0001_bad.ts'), "import { sql } from 'kysely';\nexport async function up(db: any) { await sql`select no_such_column from no_such_table`.execute(db); }\n");
    try {
      const bad = await migrationFailure(database.url, folder);
      expect(bad).toBeInstanceOf(MigrationError);
      expect(isTransientInfraError(bad)).toBe(false);
    } finally {
      await database.drop();
    }
  }, 60_000);
});
