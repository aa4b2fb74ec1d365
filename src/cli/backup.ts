import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config.js';

// `wirabot backup` and `wirabot restore`. With Postgres: pg_dump's custom format (restored
// by pg_restore). With the embedded PGlite database, whose server may be the running bot:
// its own dump, every table's rows as JSON through the same socket, restored in one
// transaction. Either way the WhatsApp session folder is archived beside it, so a restored
// office does not have to pair its phone again. Only the newest BACKUP_KEEP of each kind stay.

const run = promisify(execFile);
const gz = promisify(gzip);
const gunz = promisify(gunzip);

export interface BackupResult {
  readonly database: string;
  readonly whatsapp: string | null;
  readonly removed: readonly string[];
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export async function backup(config: Config, now = new Date()): Promise<BackupResult> {
  const dir = config.BACKUP_DIR;
  await mkdir(dir, { recursive: true });
  const name = `wirabot-${stamp(now)}`;
  let database: string;
  if (config.DATABASE_URL) {
    database = path.join(dir, `${name}.dump`);
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${database}`, config.DATABASE_URL], { maxBuffer: 16 * 1024 * 1024 });
  } else {
    database = path.join(dir, `${name}.pglite.json.gz`);
    await withEmbedded(config, async (db) => writeFile(database, await gz(JSON.stringify(await dumpRows(db)))));
  }
  let whatsapp: string | null = null;
  if (existsSync(config.WHATSAPP_SESSION_DIR)) {
    whatsapp = path.join(dir, `${name}.whatsapp.tar.gz`);
    const session = path.resolve(config.WHATSAPP_SESSION_DIR);
    // Chromium's caches are rebuilt on their own and make up most of the folder.
    await run('tar', ['-czf', whatsapp, '--exclude=*/Cache', '--exclude=*/Code Cache', '--exclude=*/GPUCache', '-C', path.dirname(session), path.basename(session)]);
  }
  const removed = await rotate(dir, config.BACKUP_KEEP);
  return { database, whatsapp, removed };
}

/** Keeps the newest `keep` backups of each kind (database dumps, WhatsApp archives). */
async function rotate(dir: string, keep: number): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^wirabot-\d{8}-\d{6}\./.test(f)).sort().reverse();
  const kinds = new Map<string, string[]>();
  for (const f of files) {
    const kind = f.slice('wirabot-00000000-000000'.length);
    kinds.set(kind, [...(kinds.get(kind) ?? []), f]);
  }
  const removed: string[] = [];
  for (const list of kinds.values()) {
    for (const old of list.slice(keep)) {
      await rm(path.join(dir, old), { force: true });
      removed.push(old);
    }
  }
  return removed;
}

export async function restore(config: Config, file: string, options: { whatsapp?: string } = {}): Promise<void> {
  await stat(file);
  if (file.endsWith('.dump')) {
    if (!config.DATABASE_URL) throw new Error('a pg_dump backup (.dump) restores into Postgres: set DATABASE_URL');
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', `--dbname=${config.DATABASE_URL}`, file], { maxBuffer: 16 * 1024 * 1024 });
  } else if (file.endsWith('.pglite.json.gz')) {
    const dump = JSON.parse((await gunz(await readFile(file))).toString('utf8')) as Dump;
    await withEmbedded(config, (db) => loadRows(db, dump));
  } else {
    throw new Error(`${file}: expected a backup made by "wirabot backup" (.dump or .pglite.json.gz)`);
  }
  if (options.whatsapp) {
    const session = path.resolve(config.WHATSAPP_SESSION_DIR);
    await rm(session, { recursive: true, force: true });
    await mkdir(path.dirname(session), { recursive: true });
    // The archive holds the folder under its own name; it is unpacked as WHATSAPP_SESSION_DIR.
    await run('tar', ['-xzf', options.whatsapp, '-C', path.dirname(session), `--transform=s,^[^/]*,${path.basename(session)},`]);
  }
}

interface Dump {
  readonly format: 'wirabot-rows-1';
  readonly tables: Record<string, unknown[]>;
  readonly sequences: Record<string, string | null>;
}

async function withEmbedded<T>(config: Config, work: (db: Kysely<any>) => Promise<T>): Promise<T> {
  const { connectDatabase } = await import('../db/connect.js');
  const { migrateToLatest } = await import('../db/migrate.js');
  const handle = await connectDatabase({ pgliteDir: config.PGLITE_DIR });
  try {
    await migrateToLatest(handle.db);
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

async function tableNames(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.map((r) => r.name);
}

async function dumpRows(db: Kysely<any>): Promise<Dump> {
  return db.transaction().execute(async (trx) => {
    await sql`set transaction isolation level repeatable read`.execute(trx);
    const tables: Record<string, unknown[]> = {};
    for (const name of await tableNames(trx)) {
      const { rows } = await sql<{ rows: unknown[] | null }>`select json_agg(t) as rows from ${sql.table(name)} t`.execute(trx);
      tables[name] = rows[0]?.rows ?? [];
    }
    const sequences: Record<string, string | null> = {};
    const { rows: seqs } = await sql<{ name: string; value: string | null }>`select sequencename as name, last_value::text as value from pg_sequences where schemaname = 'public'`.execute(trx);
    for (const s of seqs) sequences[s.name] = s.value;
    return { format: 'wirabot-rows-1', tables, sequences };
  });
}

async function loadRows(db: Kysely<any>, dump: Dump): Promise<void> {
  if (dump.format !== 'wirabot-rows-1') throw new Error('not a wirabot PGlite backup');
  await db.transaction().execute(async (trx) => {
    // Foreign keys are not checked while the rows go in (they were consistent when dumped).
    await sql`set local session_replication_role = replica`.execute(trx);
    const names = await tableNames(trx);
    if (names.length) await sql`truncate ${sql.join(names.map((n) => sql.table(n)))} restart identity cascade`.execute(trx);
    for (const [name, rows] of Object.entries(dump.tables)) {
      if (!names.includes(name) || rows.length === 0) continue;
      await sql`insert into ${sql.table(name)} select * from json_populate_recordset(null::${sql.table(name)}, ${JSON.stringify(rows)}::json)`.execute(trx);
    }
    for (const [name, value] of Object.entries(dump.sequences)) {
      if (value !== null) await sql`select setval(${name}::regclass, ${value}::bigint)`.execute(trx);
    }
  });
}
