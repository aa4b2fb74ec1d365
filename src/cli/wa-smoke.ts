import { execFile } from 'node:child_process';
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bootConfig } from '../boot.js';
import { createWhatsAppClient, type WhatsAppClient } from '../channels/whatsapp/gateway.js';

// `npm run wa:smoke`: starts the real whatsapp-web.js client on this machine's Chromium with a
// throw-away session and reports how far it gets, one line per step. Passing means the
// browser started; reaching WhatsApp Web needs internet and is reported, not required.
//   exit 0: the browser started · 1: the browser did not start · 2: Chromium is missing

const TIMEOUT_MS = Number(/^--timeout=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 90) * 1000;
const started = Date.now();
const remaining = (): number => Math.max(0, TIMEOUT_MS - (Date.now() - started));
const say = (line: string): void => void process.stdout.write(`${line}\n`);

type Outcome = { kind: 'done' } | { kind: 'failed'; error: unknown } | { kind: 'timeout' };

async function main(): Promise<number> {
  const config = bootConfig();
  if (!(await reportChromium(config.CHROMIUM_PATH))) return 2;
  const sessionDir = await mkdtemp(join(tmpdir(), 'wirabot-wa-smoke-'));
  const client = await createWhatsAppClient(config, sessionDir);
  try {
    return await probe(client);
  } finally {
    await close(client);
    await rm(sessionDir, { recursive: true, force: true });
  }
}

async function reportChromium(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
  } catch {
    say(`chromium: not found at ${path} (install it with: apt-get install -y chromium, or set CHROMIUM_PATH)`);
    return false;
  }
  const version = await promisify(execFile)(path, ['--version'], { timeout: 15_000 })
    .then(({ stdout }) => /\d+(\.\d+){3}/.exec(stdout)?.[0] ?? stdout.trim())
    .catch((error: unknown) => `unknown (${firstLine(error)})`);
  say(`chromium: found ${path} v${version}`);
  return true;
}

async function probe(client: WhatsAppClient): Promise<number> {
  const seen = watchEvents(client);
  const initialized = settle(client.initialize());
  const browser = await waitForBrowser(client, initialized);
  if (!browser) {
    const outcome = await initialized;
    say(`browser: could not start (${outcome.kind === 'failed' ? firstLine(outcome.error) : `no browser after ${TIMEOUT_MS / 1000} s`})`);
    return 1;
  }
  say(`browser: started (${await browser.version().catch(() => 'version unknown')})`);
  const outcome = await Promise.race([initialized, timeout()]);
  if (outcome.kind === 'failed') say(`whatsapp web: not reachable (${firstLine(outcome.error)})`);
  else if (outcome.kind === 'timeout') say(`whatsapp web: no answer within ${TIMEOUT_MS / 1000} s`);
  else {
    say('whatsapp web: reachable');
    await Promise.race([seen, timeout()]);
  }
  return 0;
}

/** Reports the pairing events; resolves at the first QR or ready. */
function watchEvents(client: WhatsAppClient): Promise<void> {
  return new Promise((resolve) => {
    client.on('qr', () => {
      say('qr: received (a fresh session would now be paired by scanning it)');
      resolve();
    });
    client.on('ready', () => {
      say('whatsapp web: ready');
      resolve();
    });
    client.on('auth_failure', (message: string) => say(`whatsapp web: auth failure (${String(message)})`));
    client.on('disconnected', (reason: string) => say(`whatsapp web: disconnected (${String(reason)})`));
  });
}

type BrowserHandle = { version(): Promise<string>; isConnected?(): boolean; process?(): { kill(signal: string): boolean } | null };

function browserOf(client: WhatsAppClient): BrowserHandle | undefined {
  return (client as { pupBrowser?: BrowserHandle | null }).pupBrowser ?? undefined;
}

/** whatsapp-web.js sets `pupBrowser` once Chromium is up, before it opens WhatsApp Web. */
async function waitForBrowser(client: WhatsAppClient, initialized: Promise<Outcome>): Promise<BrowserHandle | undefined> {
  let settled = false;
  void initialized.then(() => (settled = true));
  while (remaining() > 0) {
    const browser = browserOf(client);
    if (browser) return browser;
    if (settled) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

async function close(client: WhatsAppClient): Promise<void> {
  const browser = browserOf(client);
  const closed = await Promise.race([client.destroy().then(() => true, () => false), delay(15_000).then(() => false)]);
  if (!closed || browser?.isConnected?.()) browser?.process?.()?.kill('SIGKILL');
  if (browser) say(closed ? 'browser: closed' : 'browser: killed (it did not close in time)');
}

function settle(promise: Promise<void>): Promise<Outcome> {
  return promise.then(
    (): Outcome => ({ kind: 'done' }),
    (error: unknown): Outcome => ({ kind: 'failed', error }),
  );
}

function timeout(): Promise<Outcome> {
  return delay(remaining()).then((): Outcome => ({ kind: 'timeout' }));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

// The step lines are the report; the process must end even if something hangs.
setTimeout(() => {
  say(`smoke: gave up after ${(TIMEOUT_MS + 30_000) / 1000} s`);
  process.exit(1);
}, TIMEOUT_MS + 30_000).unref();

main().then(
  (code) => {
    say(code === 0 ? 'result: pass (the browser started)' : 'result: fail');
    process.exit(code);
  },
  (error: unknown) => {
    say(`result: fail (${firstLine(error)})`);
    process.exit(1);
  },
);
