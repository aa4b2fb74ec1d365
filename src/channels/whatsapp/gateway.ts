import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Writable } from 'node:stream';
import type { Worker } from 'bullmq';
import QRCode from 'qrcode';
import type { ChannelPort } from '../port.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { classifySender, maskChatId, phoneFromWid, toInbound, type SenderClass, type WhatsAppMessage } from './convert.js';
import { ChatQueue } from '../chat-queue.js';
import { channelStatusKey, readChannelStatus, StatusStore, type ChannelStatus, type ConnectionState, type PairingInfo } from './status.js';

export { channelStatusKey, readChannelStatus, type ChannelStatus, type ConnectionState };
import { WhatsAppSender, type WhatsAppSendClient } from './sender.js';

// The one process that holds the WhatsApp Web session: it keeps a browser connected
// (reconnecting with backoff whatever happens), feeds incoming messages to the runtime and
// runs WhatsApp's send workers, which only take jobs while the connection is ready.



/** The part of a whatsapp-web.js `Client` the gateway uses; tests pass a fake. */
export interface WhatsAppClient extends WhatsAppSendClient {
  readonly info?: { readonly wid?: { readonly user?: string } } | undefined;
  initialize(): Promise<void>;
  destroy(): Promise<void>;
  getContactLidAndPhone(userIds: string[]): Promise<readonly { readonly lid?: string; readonly pn?: string }[]>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  // `any` as in EventEmitter itself: each event has its own arguments.
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeAllListeners(event?: string): unknown;
}

export interface BackoffSettings {
  readonly baseMs: number;
  readonly maxMs: number;
}

export interface WhatsAppGatewayOptions {
  /** The rest of Wirabot as a channel sees it (the app). */
  readonly app: ChannelPort;
  /** Defaults to `app.config`. */
  readonly config?: Config;
  /** Builds a fresh client for every connection attempt; defaults to the real whatsapp-web.js one. */
  readonly createClient?: (config: Config) => WhatsAppClient | Promise<WhatsAppClient>;
  readonly backoff?: Partial<BackoffSettings>;
  /** A connection attempt that has not finished initializing by then counts as failed. */
  readonly initializeTimeoutMs?: number;
  /** Where the QR code and the pairing code are drawn for the operator; defaults to stdout. */
  readonly terminal?: Writable;
  readonly log?: Logger;
  readonly random?: () => number;
}

export interface WhatsAppGateway {
  stop(): Promise<void>;
  state(): ConnectionState;
  readonly sender: WhatsAppSender;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 1000, maxMs: 5 * 60_000 };

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The real whatsapp-web.js client on Debian's Chromium, its session kept in `sessionDir`. */
export async function createWhatsAppClient(config: Pick<Config, 'WHATSAPP_SESSION_DIR' | 'CHROMIUM_PATH'>, sessionDir = config.WHATSAPP_SESSION_DIR): Promise<WhatsAppClient> {
  // Loaded on demand so that importing the gateway (in tests, in the CLI) does not load puppeteer.
  const { default: wwebjs } = await import('whatsapp-web.js');
  return new wwebjs.Client({
    authStrategy: new wwebjs.LocalAuth({ dataPath: sessionDir }),
    webVersionCache: { type: 'local', path: join(sessionDir, 'web-cache') },
    puppeteer: {
      executablePath: config.CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      // Shutdown is ours: puppeteer's own SIGINT handler would exit the process mid-send.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    },
  });
}

/** Delay before reconnect attempt `attempt` (1-based): doubling from the base, ±20% jitter, capped. */
export function reconnectDelay(attempt: number, backoff: BackoffSettings, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  // Jitter keeps several gateways restarted together from hitting WhatsApp in step.
  return Math.round(Math.min(backoff.maxMs, exponential * (0.8 + 0.4 * random())));
}

export function startWhatsAppGateway(options: WhatsAppGatewayOptions): WhatsAppGateway {
  const gateway = new Gateway(options);
  gateway.start();
  return { stop: () => gateway.stop(), state: () => gateway.state, sender: gateway.sender };
}

class Gateway {
  readonly sender = new WhatsAppSender();
  state: ConnectionState = 'starting';
  private detail = '';
  private readonly app: ChannelPort;
  private readonly config: Config;
  private readonly log: Logger;
  private readonly createClient: (config: Config) => WhatsAppClient | Promise<WhatsAppClient>;
  private readonly backoff: BackoffSettings;
  private readonly random: () => number;
  private readonly initializeTimeoutMs: number;
  private readonly terminal: Writable;
  private readonly status: StatusStore;
  private readonly chats = new ChatQueue();
  private readonly stopping = new AbortController();
  private readonly workers: Worker[] = [];
  private current: WhatsAppClient | null = null;
  private endSession: (reason: string) => void = () => undefined;
  private failures = 0;
  private supervisor: Promise<void> = Promise.resolve();
  private pairing: { client: WhatsAppClient; lastCode?: string } | null = null;
  private qrShown: WhatsAppClient | null = null;

  constructor(options: WhatsAppGatewayOptions) {
    this.app = options.app;
    this.config = options.config ?? options.app.config;
    this.log = options.log ?? options.app.log;
    this.createClient = options.createClient ?? ((config) => createWhatsAppClient(config));
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
    this.initializeTimeoutMs = options.initializeTimeoutMs ?? 180_000;
    this.terminal = options.terminal ?? process.stdout;
    this.status = new StatusStore(this.app.config.REDIS_URL, channelStatusKey(this.app.config.QUEUE_PREFIX, 'whatsapp'), this.log);
  }

  start(): void {
    this.supervisor = this.supervise().catch((error: unknown) => {
      // Unreachable by design; logged rather than thrown so the process stays up.
      this.log.error({ err: errorText(error) }, 'whatsapp: supervisor stopped unexpectedly');
    });
  }

  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    // Workers first, while the browser can still finish a send in flight.
    await Promise.all(this.workers.map((w) => w.close()));
    await this.chats.idle();
    this.endSession('gateway stopped');
    await this.supervisor;
    this.setState('disconnected', 'gateway stopped');
    await this.status.close();
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  // ── connection supervision ────────────────────────────────────────────────

  private async supervise(): Promise<void> {
    while (!this.stopped) {
      const reason = await this.runSession().catch((error: unknown) => `could not create the client: ${errorText(error)}`);
      if (this.stopped) return;
      await this.waitToReconnect(reason);
    }
  }

  /** One client from creation to loss; resolves with the reason it ended. */
  private async runSession(): Promise<string> {
    this.setState('starting', this.failures > 0 ? `reconnect attempt ${this.failures}` : 'launching the browser');
    const ended = new Promise<string>((resolve) => (this.endSession = resolve));
    const client = await this.createClient(this.config);
    if (this.stopped) {
      await destroyQuietly(client, this.log);
      return 'gateway stopped';
    }
    this.current = client;
    this.listen(client);
    const initialized = withTimeout(client.initialize(), this.initializeTimeoutMs, 'initialize timed out');
    const reason = await Promise.race([ended, initialized.then(() => ended, (error: unknown) => `initialize failed: ${errorText(error)}`)]);
    await this.drop(client);
    return reason;
  }

  private async drop(client: WhatsAppClient): Promise<void> {
    if (this.current === client) this.current = null;
    this.sender.setClient(null);
    this.pauseWorkers();
    await destroyQuietly(client, this.log);
    client.removeAllListeners();
  }

  private async waitToReconnect(reason: string): Promise<void> {
    this.failures++;
    const delayMs = reconnectDelay(this.failures, this.backoff, this.random);
    this.setState('disconnected', reason);
    this.log.warn(
      { attempt: this.failures, delayMs, reason },
      `whatsapp: reconnect attempt ${this.failures} in ${formatDelay(delayMs)} (${reason})`,
    );
    await sleep(delayMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  private listen(client: WhatsAppClient): void {
    const on = (event: string, handler: (...args: never[]) => void | Promise<void>): void => {
      client.on(event, (...args: unknown[]) => {
        if (client !== this.current || this.stopped) return; // a stale client's last words
        const report = (error: unknown): void => this.log.error({ event, err: errorText(error) }, 'whatsapp: event handler failed');
        // Nothing may throw back into whatsapp-web.js: one bad message must not stop the client.
        try {
          void Promise.resolve(handler(...(args as never[]))).catch(report);
        } catch (error) {
          report(error);
        }
      });
    };
    on('qr', (qr: string) => this.onQr(client, qr));
    on('code', (code: string) => this.announcePairingCode(code));
    on('authenticated', () => this.log.info('whatsapp: session authenticated, loading chats'));
    on('ready', () => this.onReady(client));
    on('message', (msg: WhatsAppMessage) => this.onMessage(client, msg));
    on('auth_failure', (message: string) => this.lose(`auth failure: ${String(message)}`));
    on('disconnected', (reason: string) => this.lose(`connection lost: ${String(reason)}`));
    on('change_state', (state: string) => this.log.debug({ waState: state }, 'whatsapp: web state changed'));
    // Deliberately no `message_create`: it also fires for the bot's own messages.
  }

  private lose(reason: string): void {
    this.sender.setClient(null);
    this.pauseWorkers();
    this.setState('disconnected', reason);
    this.endSession(reason);
  }

  private async onReady(client: WhatsAppClient): Promise<void> {
    this.failures = 0;
    const own = client.info?.wid?.user;
    this.setState('ready', own ? `connected as ${maskChatId(own)}` : 'connected');
    this.warnOnUnexpectedNumber(own);
    this.sender.setClient(client);
    this.runWorkers();
    // The QR image links a device to the office's number while valid; it is useless now.
    await rm(this.qrImagePath, { force: true });
  }

  private warnOnUnexpectedNumber(own: string | undefined): void {
    const expected = this.config.WHATSAPP_NUMBER?.replace(/\D/g, '');
    if (expected && own && expected !== own) {
      this.log.warn(`whatsapp: the linked account ${maskChatId(own)} is not WHATSAPP_NUMBER ${maskChatId(expected)}`);
    }
  }

  private setState(state: ConnectionState, detail: string, pairing: PairingInfo = {}): void {
    const changed = this.state !== state || this.detail !== detail;
    if (!changed && !pairing.qr && !pairing.pairingCode) return;
    this.state = state;
    this.detail = detail;
    if (changed) this.log.info({ whatsappState: state, detail }, `whatsapp: ${state}${detail ? ` (${detail})` : ''}`);
    // The dashboard draws the QR (it refreshes about every 20 s) and shows the pairing code.
    this.status.write(state, detail, pairing);
  }

  // ── pairing ────────────────────────────────────────────────────────────────

  private get qrImagePath(): string {
    return join(this.config.WHATSAPP_SESSION_DIR, 'pairing-qr.png');
  }

  private async onQr(client: WhatsAppClient, qr: string): Promise<void> {
    const pairingNumber = this.config.WHATSAPP_PAIRING_NUMBER?.replace(/\D/g, '');
    if (pairingNumber) return this.requestPairingCode(client, pairingNumber);
    this.setState('qr', 'scan the QR code: WhatsApp on the office phone > Linked devices > Link a device', { qr });
    await this.showQr(client, qr);
  }

  private async showQr(client: WhatsAppClient, qr: string): Promise<void> {
    this.terminal.write(`\n${await QRCode.toString(qr, { type: 'terminal', small: true })}\n`);
    await mkdir(this.config.WHATSAPP_SESSION_DIR, { recursive: true });
    await QRCode.toFile(this.qrImagePath, qr);
    // WhatsApp refreshes the QR about every 20 s; one info line per connection is enough.
    const level = this.qrShown === client ? 'debug' : 'info';
    this.qrShown = client;
    this.log[level]({ path: this.qrImagePath }, `whatsapp: QR code written to ${this.qrImagePath}`);
  }

  private async requestPairingCode(client: WhatsAppClient, phoneNumber: string): Promise<void> {
    // The QR keeps refreshing while pairing; the code is requested once per connection.
    if (this.pairing?.client === client) return;
    this.pairing = { client };
    this.setState('qr', `waiting for the pairing code to be entered on the phone ${maskChatId(phoneNumber)}`);
    try {
      this.announcePairingCode(await client.requestPairingCode(phoneNumber));
    } catch (error) {
      this.pairing = null; // asked again on the next QR refresh
      this.log.error({ err: errorText(error) }, 'whatsapp: could not get a pairing code, will retry');
    }
  }

  private announcePairingCode(code: string): void {
    if (!this.pairing || this.pairing.lastCode === code) return;
    this.pairing.lastCode = code;
    const shown = code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
    this.terminal.write(`\nWhatsApp pairing code: ${shown}\n`);
    this.setState('qr', this.detail, { pairingCode: shown });
    this.log.info(`whatsapp: pairing code ${shown} (on the phone: WhatsApp > Linked devices > Link with phone number)`);
  }

  // ── incoming messages ──────────────────────────────────────────────────────

  private onMessage(client: WhatsAppClient, msg: WhatsAppMessage): void {
    const sender = classifySender(msg);
    if (sender.type === 'ignore') {
      this.log.debug({ reason: sender.reason, type: msg.type }, 'whatsapp: message ignored');
      return;
    }
    // Per chat, in arrival order: the runtime handles a person's messages in the order recorded.
    void this.chats.run(sender.chatId, () => this.record(client, msg, sender));
  }

  private async record(client: WhatsAppClient, msg: WhatsAppMessage, sender: Exclude<SenderClass, { type: 'ignore' }>): Promise<void> {
    try {
      const phone = sender.type === 'lid' ? await this.lookUpPhone(client, sender.chatId) : sender.phone;
      await this.app.handleInbound(toInbound(msg, phone));
    } catch (error) {
      this.log.error({ chat: maskChatId(sender.chatId), err: errorText(error) }, 'whatsapp: could not record an incoming message');
    }
  }

  /** A `@lid` sender's number, when WhatsApp will tell; otherwise the sign-up asks for it. */
  private async lookUpPhone(client: WhatsAppClient, lid: string): Promise<string | undefined> {
    try {
      const [entry] = await withTimeout(client.getContactLidAndPhone([lid]), 10_000, 'lid lookup timed out');
      return phoneFromWid(entry?.pn);
    } catch (error) {
      this.log.warn({ chat: maskChatId(lid), err: errorText(error) }, 'whatsapp: could not look up the number of a @lid sender');
      return undefined;
    }
  }

  // ── send workers ───────────────────────────────────────────────────────────

  /** Started on the first `ready`, resumed on every later one. */
  private runWorkers(): void {
    if (this.workers.length > 0) {
      for (const worker of this.workers) void worker.resume();
      return;
    }
    // Replies go promptly (a short per-chat spacing); bulk one at a time, 4-8 s apart with
    // jitter, paced in Redis rather than by sleeping in the worker.
    this.workers.push(...this.app.startChannelSenders(this.sender));
  }

  private pauseWorkers(): void {
    if (this.stopped) return; // stop() closes them
    // Not waiting for the job in flight: it fails as transient and is retried after the reconnect.
    for (const worker of this.workers) {
      worker.pause(true).catch((error: unknown) => this.log.warn({ err: errorText(error) }, 'whatsapp: could not pause a send worker'));
    }
  }
}

async function destroyQuietly(client: WhatsAppClient, log: Logger): Promise<void> {
  try {
    await withTimeout(client.destroy(), 15_000, 'destroy timed out');
  } catch (error) {
    log.warn({ err: errorText(error) }, 'whatsapp: could not close the browser cleanly');
    killBrowser(client);
  }
}

/** Last resort for a browser that will not close: a second one could not open the same session. */
function killBrowser(client: WhatsAppClient): void {
  const browser = (client as { pupBrowser?: { process?: () => { kill(signal: string): boolean } | null } }).pupBrowser;
  try {
    browser?.process?.()?.kill('SIGKILL');
  } catch {
    // already gone
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
