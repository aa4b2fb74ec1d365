import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { freshDatabase } from './support.js';

// `npm run bench:cli`: how long the compiled command line (`npx wirabot`, dist/cli/main.js)
// takes, as staff feel it: `--help` (target under 1 s) and `people list` (target under 2 s)
// against Postgres and against the embedded database's socket while the bot serves it.
// Wall time is what staff wait; CPU time shows how much of it is ours on a busy machine.

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PEOPLE = 500;
const CLI = 'dist/cli/main.js';
// Another Node for the command line, e.g. the Docker image's 24: BENCH_NODE="$(npx -y -p node@24 which node)".
const NODE = process.env.BENCH_NODE ?? 'node';

interface Timing {
  wall: number;
  cpu: number;
}

function timeCli(args: string[], env: NodeJS.ProcessEnv): Timing {
  // bash's `time`: real (what staff wait) and user+system (what the process itself spent).
  const command = `TIMEFORMAT='%R %U %S'; { time ${NODE} ${CLI} ${args.join(' ')} >/dev/null 2>/tmp/wirabot-bench-cli.err; } 2>&1`;
  const result = spawnSync('bash', ['-c', command], { env, encoding: 'utf8' });
  const [real, user, sys] = result.stdout.trim().split(/\s+/).map(Number);
  if (result.status !== 0 || real === undefined || Number.isNaN(real)) throw new Error(`wirabot ${args.join(' ')} failed (see /tmp/wirabot-bench-cli.err)`);
  return { wall: real * 1000, cpu: ((user ?? 0) + (sys ?? 0)) * 1000 };
}

function measure(label: string, target: number, args: string[], env: NodeJS.ProcessEnv): boolean {
  const runs = Array.from({ length: RUNS }, () => timeCli(args, env));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const wall = median(runs.map((r) => r.wall));
  const cpu = median(runs.map((r) => r.cpu));
  const ok = wall < target;
  console.log(`${label.padEnd(34)} median ${(wall / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} s CPU  (target < ${target / 1000} s) ${ok ? 'ok' : 'SLOW'}`);
  return ok;
}

async function seed(db: Awaited<ReturnType<typeof connectDatabase>>['db']): Promise<void> {
  await migrateToLatest(db);
  const rows = Array.from({ length: PEOPLE }, (_, i) => ({
    member_no: `BJM-${String(i + 1).padStart(6, '0')}`,
    full_name: `Wirausaha ${i + 1}`,
    business_name: `Usaha ${i + 1}`,
    sector_id: (i % 5) + 1,
    kecamatan_id: (i % 5) + 1,
    baseline_omzet: 1_000_000 + i * 10_000,
    phone_e164: `+62812${String(10_000_000 + i)}`,
  }));
  await db.insertInto('people').values(rows).execute();
}

async function main(): Promise<void> {
  if (!existsSync(CLI) || process.argv.includes('--build')) spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  console.log(`${spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()}, ${RUNS} runs each, ${PEOPLE} people; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete base.DATABASE_URL;
  let ok = measure('--help', 1000, ['--help'], base);

  const pgDb = await freshDatabase('cli');
  try {
    const handle = await connectDatabase({ url: pgDb.url });
    await seed(handle.db);
    await handle.close();
    ok = measure('people list (Postgres)', 2000, ['people', 'list'], { ...base, DATABASE_URL: pgDb.url }) && ok;
  } finally {
    await pgDb.drop();
  }

  // The bot (here a stand-in process) holds the PGlite directory and serves its socket; the
  // command line connects to that socket instead of opening the WASM database itself.
  const dir = mkdtempSync(path.join(tmpdir(), 'wb-'));
  const pgliteDir = path.join(dir, 'pglite');
  const server = spawn(process.execPath, ['--input-type=module', '-e', `
    const { openEmbedded } = await import(${JSON.stringify(path.resolve('dist/db/pglite/embedded.js'))});
    const e = await openEmbedded(${JSON.stringify(pgliteDir)});
    await e.ensureServed();
    process.stdout.write('ready\\n');
    process.on('SIGTERM', () => e.close().then(() => process.exit(0)));
  `], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      server.on('exit', (code) => reject(new Error(`PGlite server exited (${code})`)));
    });
    const handle = await connectDatabase({ pgliteDir });
    await seed(handle.db);
    await handle.close();
    ok = measure('people list (PGlite socket)', 2000, ['people', 'list'], { ...base, PGLITE_DIR: pgliteDir }) && ok;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = ok ? 0 : 1;
}

await main();
