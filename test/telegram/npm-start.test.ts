import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { deleteQueueKeys, REDIS_URL, uniquePrefix } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildOnce } from '../support/build.js';
import { FakeBotApi } from '../support/fake-bot-api.js';

// `npm start` itself (the compiled dist/main.js, built here first), with a bot token pointed
// at the fake Bot API: it migrates a fresh database (the migrations, locales, survey file and
// city data found from dist/), a person signs up over Telegram in Indonesian, and the process
// stops cleanly on SIGTERM.

describe('npm start with TELEGRAM_BOT_TOKEN', () => {
  let fake: FakeBotApi;
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let child: ChildProcess;
  let stderr = '';
  let stdout = '';
  const prefix = uniquePrefix('npmstart');
  let metricsPort = 0;

  beforeAll(async () => {
    await buildOnce();
    fake = await FakeBotApi.start();
    metricsPort = await freePort();
    database = await createTestDatabase('npmstart');
    child = spawn('npm', ['start', '--silent'], {
      env: { ...process.env, DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, LOG_LEVEL: 'info', METRICS_PORT: String(metricsPort), WEB_PORT: '0', WEB_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    handle = await connectDatabase({ url: database.url });
  }, 180_000);

  afterAll(async () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
    await handle.close();
    await fake.close();
    await deleteQueueKeys(prefix);
    await database.drop();
  });

  async function say(text: string, expected: number): Promise<string> {
    fake.pushUpdate(fake.privateText(7_123_454_242, text, { first_name: 'Siti' }));
    const sent = await fake.waitForSent(expected, 30_000, 7_123_454_242);
    return sent.at(-1)!.text;
  }

  it('holds a whole Indonesian sign-up over Telegram', async () => {
    expect(await say('halo', 2)).toMatch(/setuju\?/);
    expect(await say('iya', 3)).toMatch(/nama lengkap/);
    await say('Siti Aminah', 4);
    await say('Kopi & Roti Asli', 5);
    await say('kulner', 6);
    expect(await say('utara', 7)).toMatch(/nomor HP/);
    await say('0812 3456 7890', 8);
    await say('2019', 9);
    expect(await say('7,5 juta', 10)).toContain('Kopi &amp; Roti Asli');
    await say('ya', 12);
    const person = await handle.db.selectFrom('people').select(['full_name', 'business_name', 'phone_e164', 'baseline_omzet']).executeTakeFirstOrThrow();
    expect(person).toEqual({ full_name: 'Siti Aminah', business_name: 'Kopi & Roti Asli', phone_e164: '+6281234567890', baseline_omzet: '7500000' });
    // Every migration was found in dist/migrations and applied to the fresh database.
    const applied = await handle.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    expect(applied.length).toBe(readdirSync('migrations').filter((f) => f.endsWith('.ts')).length);
  }, 120_000);

  it('serves /healthz, /readyz and /metrics on METRICS_PORT', async () => {
    const health = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${metricsPort}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { postgres: { ok: true }, redis: { ok: true }, telegram: { ok: true } } });
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    // The sign-up above: ten messages from Siti, each a turn of this process.
    expect(metrics).toMatch(/^wirabot_turns_total\{app="wirabot"\} (1\d|[2-9]\d)$/m);
    expect(metrics).toMatch(/^wirabot_outbound_messages\{channel="telegram",status="sent",app="wirabot"\} 1\d$/m);
  });

  it('serves the staff dashboard too (role web, on by default)', async () => {
    const deadline = Date.now() + 30_000;
    let url: string | undefined;
    while (!(url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*web dashboard listening/.exec(stdout)?.[1]) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(url).toBeDefined();
    const page = await fetch(`${url}/masuk`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Masuk ke dasbor');
    expect((await fetch(`${url}/`, { redirect: 'manual' })).status).toBe(303);
  }, 60_000);

  it('stops cleanly on SIGTERM: finishes its work, logs why, leaves no process behind', async () => {
    process.kill(-child.pid!, 'SIGTERM');
    const gone = async () => {
      try {
        process.kill(-child.pid!, 0);
        return false;
      } catch {
        return true;
      }
    };
    const deadline = Date.now() + 30_000;
    while (!(await gone()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await gone()).toBe(true);
    expect(stdout).toContain('shutting down');
    expect(stdout).not.toContain('unclean shutdown');
    expect(stderr).toBe('');
  }, 60_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
