import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootConfig } from '../../boot.js';
import { embeddedPaths } from './embedded.js';
import { tryLock } from './lock.js';
import { PGLITE_PG_MAJOR } from './version.js';

// `npm run db:upgrade-pglite`: copies an embedded database made by PGlite 0.4 (PostgreSQL 17)
// into a new one for PGlite 0.5 (PostgreSQL 18), which cannot open the old files. The old
// PGlite and its pg_dump are fetched once with npm into a temporary folder, the database is
// dumped with them and loaded into a fresh directory, the row counts are compared, and only
// then are the directories swapped. The old directory is kept beside it, renamed.

const OLD_PGLITE = '@electric-sql/pglite@0.4.6';
const OLD_PG_DUMP = '@electric-sql/pglite-tools@0.3.6'; // the pg_dump built for PGlite 0.4.6

const DUMP_SCRIPT = `
import { PGlite } from '@electric-sql/pglite';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import { writeFile } from 'node:fs/promises';
const [dir, out] = process.argv.slice(2);
const pg = new PGlite(dir);
await pg.waitReady;
const file = await pgDump({ pg, args: ['--no-owner', '--no-privileges'] });
await writeFile(out, await file.text());
const tables = await pg.query("select tablename from pg_tables where schemaname = 'public' order by 1");
const counts = {};
for (const { tablename } of tables.rows) counts[tablename] = Number((await pg.query('select count(*) as n from public."' + tablename + '"')).rows[0].n);
await pg.close();
process.stdout.write(JSON.stringify(counts));
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function dumpWithOldPglite(dir: string, work: string): Promise<{ sqlFile: string; counts: Record<string, number> }> {
  process.stdout.write(`Fetching ${OLD_PGLITE} and ${OLD_PG_DUMP} into ${work} …\n`);
  await writeFile(path.join(work, 'package.json'), '{"private":true,"type":"module"}');
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', OLD_PGLITE, OLD_PG_DUMP], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  if (install.status !== 0) fail('npm install failed (the old PGlite is needed once, from the npm registry); nothing was changed.');
  await writeFile(path.join(work, 'dump.mjs'), DUMP_SCRIPT);
  const sqlFile = path.join(work, 'dump.sql');
  const dump = spawnSync(process.execPath, [path.join(work, 'dump.mjs'), dir, sqlFile], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (dump.status !== 0) fail('pg_dump with the old PGlite failed; nothing was changed.');
  return { sqlFile, counts: JSON.parse(dump.stdout) as Record<string, number> };
}

async function loadIntoNewPglite(target: string, sqlFile: string): Promise<Record<string, number>> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = new PGlite(target);
  await pg.waitReady;
  try {
    await pg.exec(await readFile(sqlFile, 'utf8'));
    await pg.exec('set search_path = public');
    const counts: Record<string, number> = {};
    const tables = await pg.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' order by 1");
    for (const { tablename } of tables.rows) {
      counts[tablename] = Number((await pg.query<{ n: string }>(`select count(*) as n from public."${tablename}"`)).rows[0]!.n);
    }
    return counts;
  } finally {
    await pg.close();
  }
}

async function main(): Promise<void> {
  const dir = path.resolve(bootConfig().PGLITE_DIR);
  const version = await readFile(path.join(dir, 'PG_VERSION'), 'utf8').then((v) => v.trim(), () => null);
  if (version === null) fail(`There is no embedded database in ${dir}; nothing to upgrade.`);
  if (version === PGLITE_PG_MAJOR) return void process.stdout.write(`${dir} is already a PostgreSQL ${version} database; nothing to do.\n`);
  if (version !== '17') fail(`${dir} is a PostgreSQL ${version} database; this tool only copies PostgreSQL 17 (PGlite 0.4) databases.`);

  const lock = await tryLock(embeddedPaths(dir).lockPath);
  if (!('acquired' in lock)) fail(`Process ${lock.heldBy} is using the embedded database; stop every Wirabot process first.`);
  const work = await mkdtemp(path.join(tmpdir(), 'wirabot-pglite-upgrade-'));
  const fresh = `${dir}.upgrading`;
  try {
    await rm(fresh, { recursive: true, force: true });
    const { sqlFile, counts: before } = await dumpWithOldPglite(dir, work);
    const after = await loadIntoNewPglite(fresh, sqlFile);
    const differing = Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
    if (differing.length > 0) fail(`Row counts differ after loading (${differing.join(', ')}); ${dir} is unchanged, the attempt is in ${fresh}.`);
    const kept = `${dir}.pg${version}-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;
    await rename(dir, kept);
    await rename(fresh, dir);
    const rows = Object.values(after).reduce((a, b) => a + b, 0);
    process.stdout.write(`Copied ${Object.keys(after).length} tables (${rows} rows) into PostgreSQL ${PGLITE_PG_MAJOR}.\nThe old database is kept in ${kept}; delete it once Wirabot runs well.\n`);
  } finally {
    await lock.acquired.release();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => fail(`upgrade failed: ${error instanceof Error ? error.message : String(error)}`));
