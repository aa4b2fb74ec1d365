import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { deleteQueueKeys, REDIS_URL, uniquePrefix } from './support/app.js';
import { buildOnce } from './support/build.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

// The compiled command line as the README shows it: `npx wirabot …`. Standard output holds
// only the result (a CSV starts with its byte-order mark, not with npm's banner or a log
// line); logs go to standard error.

describe('npx wirabot', () => {
  let database: TestDatabase;
  const prefix = uniquePrefix('bin');
  const wirabot = (...args: string[]) =>
    spawnSync('npx', ['wirabot', ...args], { env: { ...process.env, DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info' }, encoding: 'buffer' });

  beforeAll(async () => {
    await buildOnce();
    database = await createTestDatabase('bin');
  }, 180_000);
  afterAll(async () => {
    await deleteQueueKeys(prefix);
    await database.drop();
  });

  it('export checkins writes a clean CSV: the UTF-8 BOM first, the logs on stderr', () => {
    const opened = wirabot('checkin', 'open', '2026-11');
    expect(opened.status).toBe(0);
    // The fresh database was migrated on the way: said on stderr, at LOG_LEVEL=info.
    expect(opened.stderr.toString('utf8')).toContain('database migrated');
    expect(opened.stdout.toString('utf8')).not.toContain('"level"');
    const result = wirabot('export', 'checkins', '--period', '2026-11');
    expect(result.status).toBe(0);
    expect([...result.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = result.stdout.subarray(3).toString('utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^periode,no_anggota,nama,/);
    expect(csv).not.toContain('"level"');
  });

  it('people list --json prints only JSON on stdout', async () => {
    const handle = await connectDatabase({ url: database.url });
    await migrateToLatest(handle.db);
    await handle.db.insertInto('people').values({ member_no: 'BJM-000007', full_name: 'Siti Aminah', business_name: 'Kopi Siti', sector_id: 1, kecamatan_id: 5, baseline_omzet: 7_500_000, phone_e164: '+6281234567890' }).execute();
    await handle.close();
    const result = wirabot('people', 'list', '--json');
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout.toString('utf8')) as Record<string, unknown>[];
    expect(rows).toEqual([expect.objectContaining({ member_no: 'BJM-000007', full_name: 'Siti Aminah', business_name: 'Kopi Siti', baseline_omzet: 7_500_000 })]);
  });

  it('--help lists the commands and writes nothing else', () => {
    const result = wirabot('--help');
    expect(result.status).toBe(0);
    expect(result.stdout.toString('utf8')).toMatch(/^Usage: wirabot /);
    expect(result.stdout.toString('utf8')).toContain('people');
    expect(result.stderr.toString('utf8')).toBe('');
  });
});
