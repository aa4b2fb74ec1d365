import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createTcpServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteQueueKeys, REDIS_URL, uniquePrefix } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { FakeBotApi } from '../support/fake-bot-api.js';

// Issue 11, item 10: `npm start` that can never take in a message stops with one clear line
// (a token Telegram rejects, a webhook port in use) instead of "Wirabot started" and retries
// forever; and SIGTERM while Redis is down exits within SHUTDOWN_TIMEOUT.

interface Run {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; afterMs: number }>;
}

function start(env: Record<string, string>): Run {
  const began = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, LOG_LEVEL: 'info', WEB_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; afterMs: number }>((resolve) => child.once('exit', (code) => resolve({ code, afterMs: Date.now() - began })));
  return { child, output: () => output, exited };
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npm start that cannot work stops with one clear line', () => {
  let fake: FakeBotApi;
  let database: TestDatabase;
  const prefix = uniquePrefix('startfail');
  const children: ChildProcess[] = [];
  let busy: Server;

  beforeAll(async () => {
    fake = await FakeBotApi.start();
    database = await createTestDatabase('startfail');
    busy = createTcpServer();
    await new Promise<void>((resolve) => busy.listen(0, resolve));
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await new Promise((resolve) => busy.close(resolve));
    await fake.close();
    await deleteQueueKeys(prefix);
    await database.drop();
  });

  const base = () => ({ DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, TELEGRAM_API_ROOT: fake.url });

  it('a token Telegram rejects (401)', async () => {
    const run = start({ ...base(), TELEGRAM_BOT_TOKEN: '123456789:WRONG-token-for-wirabot-tests' });
    children.push(run.child);
    const { code } = await within(run.exited, 45_000, 'exit');
    expect(code).toBe(1);
    expect(run.output()).toContain('Wirabot could not start: Telegram rejected TELEGRAM_BOT_TOKEN (Telegram 401: Unauthorized); check the token from @BotFather');
    expect(run.output()).not.toContain('Wirabot started');
    expect(run.output()).not.toMatch(/retrying/);
  }, 60_000);

  it('a webhook port another process holds', async () => {
    const { port } = busy.address() as { port: number };
    const run = start({
      ...base(),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/telegram',
      TELEGRAM_WEBHOOK_SECRET: 'a-secret-of-the-test-0123456789',
      TELEGRAM_WEBHOOK_PORT: String(port),
    });
    children.push(run.child);
    const { code } = await within(run.exited, 45_000, 'exit');
    expect(code).toBe(1);
    expect(run.output()).toContain(`Wirabot could not start: TELEGRAM_WEBHOOK_PORT ${port} is already in use by another process (EADDRINUSE)`);
    expect(run.output()).not.toContain('Wirabot started');
  }, 60_000);

  it('SIGTERM while Redis is down exits within SHUTDOWN_TIMEOUT', async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    children.push(redis);
    const run = start({ ...base(), REDIS_URL: `redis://127.0.0.1:${port}`, SHUTDOWN_TIMEOUT: '3s', LOG_LEVEL: 'info' });
    children.push(run.child);
    await within(
      (async () => {
        while (!run.output().includes('Wirabot started')) await new Promise((resolve) => setTimeout(resolve, 100));
      })(),
      45_000,
      'Wirabot started',
    );
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const signalledAt = Date.now();
    run.child.kill('SIGTERM');
    await within(run.exited, 12_000, 'exit after SIGTERM');
    expect(Date.now() - signalledAt).toBeLessThan(12_000);
  }, 90_000);
});
