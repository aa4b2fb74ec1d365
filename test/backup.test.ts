import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup, restore } from '../src/cli/backup.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from './support/db.js';
import { seedPeople } from './support/seed.js';

// `wirabot backup` then `wirabot restore`: every table comes back with every row.

async function rowCounts(db: Kysely<any>): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    const { rows: n } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(name)}`.execute(db);
    counts[name] = Number(n[0]!.n);
  }
  return counts;
}

async function seed(db: Kysely<Database>): Promise<void> {
  await migrateToLatest(db);
  await seedPeople(db, [
    { name: 'Siti Aminah', chats: [{ channel: 'telegram', address: '7123456789' }] },
    { name: 'Budi Santoso', chats: [{ channel: 'whatsapp', address: '6281234567890@c.us' }] },
    { name: 'Rahmah', chats: [{ channel: 'telegram', address: '7123456790' }] },
  ]);
}

describe('backup and restore with Postgres', () => {
  let database: TestDatabase;
  let dir: string;
  let config: ReturnType<typeof loadConfig>;

  beforeAll(async () => {
    database = await createTestDatabase('backup');
    dir = mkdtempSync(path.join(tmpdir(), 'wirabot-backup-'));
    mkdirSync(path.join(dir, 'whatsapp', 'session-wirabot'), { recursive: true });
    writeFileSync(path.join(dir, 'whatsapp', 'session-wirabot', 'Local State'), '{"paired":true}');
    config = loadConfig({ DATABASE_URL: database.url, ID_HASH_KEY: process.env.ID_HASH_KEY, BACKUP_DIR: path.join(dir, 'backups'), BACKUP_KEEP: '2', WHATSAPP_SESSION_DIR: path.join(dir, 'whatsapp') });
    const handle = await connectDatabase({ url: database.url });
    await seed(handle.db);
    await handle.close();
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up, the database is dropped, and the restore brings back every row and the WhatsApp session', async () => {
    let handle = await connectDatabase({ url: database.url });
    const before = await rowCounts(handle.db);
    await handle.close();
    expect(before['people']).toBe(3);
    expect(before['kysely_migration']).toBeGreaterThan(0);

    const made = await backup(config, new Date('2026-12-02T18:00:00Z'));
    expect(path.basename(made.database)).toBe('wirabot-20261202-180000.dump');
    expect(readFileSync(made.database).subarray(0, 5).toString()).toBe('PGDMP'); // pg_dump's custom format
    expect(made.whatsapp).not.toBeNull();

    // The database is gone, and so is the session.
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database "${database.name}" with (force)`);
    await admin.query(`create database "${database.name}"`);
    await admin.end();
    rmSync(config.WHATSAPP_SESSION_DIR, { recursive: true });

    await restore(config, made.database, { whatsapp: made.whatsapp! });
    handle = await connectDatabase({ url: database.url });
    expect(await rowCounts(handle.db)).toEqual(before);
    const names = await handle.db.selectFrom('people').select('full_name').orderBy('full_name').execute();
    expect(names.map((n) => n.full_name)).toEqual(['Budi Santoso', 'Rahmah', 'Siti Aminah']);
    await handle.close();
    expect(readFileSync(path.join(config.WHATSAPP_SESSION_DIR, 'session-wirabot', 'Local State'), 'utf8')).toBe('{"paired":true}');
  });

  it('keeps only the newest BACKUP_KEEP backups of each kind', async () => {
    await backup(config, new Date('2026-12-03T18:00:00Z'));
    const third = await backup(config, new Date('2026-12-04T18:00:00Z'));
    expect([...third.removed].sort()).toEqual(['wirabot-20261202-180000.dump', 'wirabot-20261202-180000.whatsapp.tar.gz']);
    expect(readdirSync(config.BACKUP_DIR).sort()).toEqual([
      'wirabot-20261203-180000.dump',
      'wirabot-20261203-180000.whatsapp.tar.gz',
      'wirabot-20261204-180000.dump',
      'wirabot-20261204-180000.whatsapp.tar.gz',
    ]);
  });
});

describe('backup and restore with the embedded database', () => {
  let dir: string;
  let config: ReturnType<typeof loadConfig>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wb-'));
    config = loadConfig({ PGLITE_DIR: path.join(dir, 'pg'), BACKUP_DIR: path.join(dir, 'backups'), WHATSAPP_SESSION_DIR: path.join(dir, 'none') });
    const handle = await connectDatabase({ pgliteDir: config.PGLITE_DIR });
    await seed(handle.db);
    await handle.close();
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('dumps its rows, and the restore puts them back after they were deleted', async () => {
    let handle = await connectDatabase({ pgliteDir: config.PGLITE_DIR });
    const before = await rowCounts(handle.db);
    await handle.close();

    const made = await backup(config, new Date('2026-12-02T18:00:00Z'));
    expect(path.basename(made.database)).toBe('wirabot-20261202-180000.pglite.json.gz');
    expect(made.whatsapp).toBeNull();
    expect(existsSync(made.database)).toBe(true);

    handle = await connectDatabase({ pgliteDir: config.PGLITE_DIR });
    await sql`truncate people, identities, conversations, consents restart identity cascade`.execute(handle.db);
    expect((await rowCounts(handle.db))['people']).toBe(0);
    await handle.close();

    await restore(config, made.database);
    handle = await connectDatabase({ pgliteDir: config.PGLITE_DIR });
    expect(await rowCounts(handle.db)).toEqual(before);
    // Sequences continue after the restored rows: a new person gets the next id.
    const next = await handle.db.insertInto('people').values({ full_name: 'Baru', sector_id: 1, kecamatan_id: 5 }).returning('id').executeTakeFirstOrThrow();
    const max = await handle.db.selectFrom('people').select((eb) => eb.fn.max('id').as('m')).where('full_name', '!=', 'Baru').executeTakeFirstOrThrow();
    expect(BigInt(next.id)).toBeGreaterThan(BigInt(String(max.m)));
    await handle.close();
  }, 120_000);
});
