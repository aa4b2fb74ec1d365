import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { Telegraf } from 'telegraf';
import type { Update, UserFromGetMe } from 'telegraf/types';
import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { toInbound, toTelegramHtml, type GroupMarker } from './convert.js';
import { toSendError } from './sender.js';

// Receives Telegram updates (long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set)
// and feeds every private message to `app.runtime.handleInbound`. Replies do not go out
// from here: they travel the outbox and the send queues like every channel's.

export interface GroupMessageEvent {
  readonly chatId: string;
  /** True when this message made the bot post its "chat with me privately" line. */
  readonly notified: boolean;
}

export interface TelegramGatewayOptions {
  readonly app: App;
  readonly config: Config;
  /** Called after a group message was dealt with (for monitoring and tests). */
  readonly onGroupMessage?: (event: GroupMessageEvent) => void;
  /** Gives up waiting for Telegram at start-up (the process is shutting down). */
  readonly signal?: AbortSignal;
}

export interface TelegramGateway {
  readonly botUsername: string;
  stop(): Promise<void>;
}

const ALLOWED_UPDATES = ['message'] as const;
const MAX_WEBHOOK_BODY = 1_000_000;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export async function startTelegramGateway(options: TelegramGatewayOptions): Promise<TelegramGateway> {
  const { app, config } = options;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const log = app.log.child({ channel: 'telegram' });
  const stopping = new AbortController();
  options.signal?.addEventListener('abort', () => stopping.abort(), { once: true });
  // No handler timeout: an update is acknowledged only once it is recorded, however long a
  // database outage makes that take.
  const bot = new Telegraf(token, { telegram: config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}, handlerTimeout: Infinity });
  const redis = new Redis(app.queues.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  redis.on('error', () => undefined); // a failed command is reported where it is awaited

  const apiRoot = config.TELEGRAM_API_ROOT ?? 'https://api.telegram.org';
  try {
    bot.botInfo = await withBackoff(() => bot.telegram.getMe(), stopping.signal, (error, delayMs) => log.warn(getMeFailure(error, apiRoot, delayMs)));
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const botUsername = bot.botInfo.username;
  const groups = new GroupNotices(app, bot, redis, botUsername, log);
  const failed = new WeakSet<Update>();
  const chats = new ChatQueue();

  bot.use((ctx) => routeUpdate(ctx.update, { app, groups, chats, onGroupMessage: options.onGroupMessage }));
  bot.catch((error, ctx) => {
    failed.add(ctx.update);
    log.error({ err: describe(error), updateId: ctx.update.update_id }, 'Telegram update could not be handled; continuing with the next');
  });

  let stopReceiving: () => Promise<void>;
  try {
    stopReceiving = config.TELEGRAM_WEBHOOK_URL ? await startWebhook(bot, config, log, stopping.signal, failed) : startPolling(bot, log, stopping.signal);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  log.info({ botUsername, mode: config.TELEGRAM_WEBHOOK_URL ? 'webhook' : 'polling' }, 'Telegram gateway started');

  return {
    botUsername,
    async stop() {
      stopping.abort();
      await stopReceiving();
      redis.disconnect();
    },
  };
}

interface RouteDeps {
  readonly app: App;
  readonly groups: GroupNotices;
  readonly chats: ChatQueue;
  readonly onGroupMessage?: ((event: GroupMessageEvent) => void) | undefined;
}

async function routeUpdate(update: Update, deps: RouteDeps): Promise<void> {
  const converted = toInbound(update);
  if (!converted) return;
  if (converted.kind === 'group') {
    const notified = await deps.groups.tell(converted);
    deps.onGroupMessage?.({ chatId: converted.chatId, notified });
    return;
  }
  // Polling hands a batch of updates over all at once; one chat's messages must still be
  // recorded in the order the person sent them.
  await deps.chats.run(converted.address, () => deps.app.runtime.handleInbound(converted).then(() => undefined));
}

/** Starts long polling and keeps it running; returns the function that stops it. */
function startPolling(bot: Telegraf, log: Logger, stopping: AbortSignal): () => Promise<void> {
  const running = (async () => {
    for (let attempt = 1; !stopping.aborted; attempt++) {
      const startedAt = Date.now();
      try {
        // Resolves only when polling ends; a 409 (another process polls this bot) or a
        // network failure while deleting the webhook rejects it.
        await bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] });
      } catch (error) {
        if (!stopping.aborted) log.error(`Telegram polling stopped (${describe(error)}); restarting`);
      }
      if (Date.now() - startedAt > 60_000) attempt = 1;
      if (!stopping.aborted) await sleep(backoffMs(attempt), stopping);
    }
  })();
  return async () => {
    // `launch` may still be between deleteWebhook and its first getUpdates, when `stop`
    // would say "not running"; keep asking until the polling loop has really ended.
    const deadline = Date.now() + 10_000;
    let done = false;
    void running.then(() => (done = true));
    while (!done && Date.now() < deadline) {
      try {
        bot.stop('shutdown');
      } catch {
        // not polling yet
      }
      await Promise.race([running, sleep(100)]);
    }
  };
}

async function startWebhook(bot: Telegraf, config: Config, log: Logger, stopping: AbortSignal, failed: WeakSet<Update>): Promise<() => Promise<void>> {
  const url = config.TELEGRAM_WEBHOOK_URL!;
  const secret = config.TELEGRAM_WEBHOOK_SECRET!;
  const server = createServer((req, res) => {
    serveWebhook(req, res, { bot, secret, failed, log }).catch((error: unknown) => {
      log.error({ err: describe(error) }, 'Telegram webhook request failed');
      if (!res.headersSent) reply(res, 500);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.TELEGRAM_WEBHOOK_PORT, () => resolve());
  });
  try {
    await withBackoff(() => bot.telegram.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] }), stopping, (error, delayMs) =>
      log.warn(`Telegram setWebhook failed (${describe(error)}); retrying in ${Math.round(delayMs / 1000)} s`),
    );
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  return () => closeServer(server);
}

interface WebhookDeps {
  readonly bot: Telegraf;
  readonly secret: string;
  readonly failed: WeakSet<Update>;
  readonly log: Logger;
}

async function serveWebhook(req: IncomingMessage, res: ServerResponse, deps: WebhookDeps): Promise<void> {
  if (req.method !== 'POST') return reply(res, 405);
  if (!sameSecret(req.headers[SECRET_HEADER], deps.secret)) {
    deps.log.warn({ remote: req.socket.remoteAddress }, 'Telegram webhook call without the right secret token refused');
    return reply(res, 401);
  }
  const body = await readBody(req, MAX_WEBHOOK_BODY);
  if (body === null) return reply(res, 413);
  const update = parseUpdate(body);
  if (!update) return reply(res, 400);
  await deps.bot.handleUpdate(update);
  // A 500 makes Telegram deliver the update again later; the inbound table drops repeats.
  reply(res, deps.failed.has(update) ? 500 : 200);
}

function parseUpdate(body: string): Update | null {
  try {
    const parsed = JSON.parse(body) as Partial<Update> | null;
    return typeof parsed?.update_id === 'number' ? (parsed as Update) : null;
  } catch {
    return null;
  }
}

/** Compares digests so neither the length nor the content leaks through timing. */
function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{}' : '');
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/**
 * Tells a group, once ever, that the bot only chats privately. The "told" mark lives in
 * Redis under the app's prefix, so a restart does not make the bot repeat itself.
 */
class GroupNotices {
  constructor(
    private readonly app: App,
    private readonly bot: Telegraf,
    private readonly redis: Redis,
    private readonly botUsername: string,
    private readonly log: Logger,
  ) {}

  async tell(group: GroupMarker): Promise<boolean> {
    const key = `${this.app.queues.prefix}:telegram:group-told:${group.chatId}`;
    const first = await this.redis.set(key, new Date().toISOString(), 'NX');
    if (first !== 'OK') return false;
    const text = this.app.renderer.render('id', { key: 'telegram.group_private_only', params: { botUsername: this.botUsername } });
    try {
      await this.bot.telegram.sendMessage(group.chatId, toTelegramHtml(text), { parse_mode: 'HTML' });
      return true;
    } catch (error) {
      await this.redis.del(key); // not told after all: the next message tries again
      this.log.warn({ chatId: group.chatId, err: toSendError(error).message }, 'could not post the private-chat notice in a group');
      return false;
    }
  }
}

/** Runs work one at a time per key, in the order it was asked for. */
class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, work: () => Promise<void>): Promise<void> {
    const current = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return current;
  }
}

/** One clear line per failed start-up call: a wrong token reads differently from an outage. */
function getMeFailure(error: unknown, apiRoot: string, delayMs: number): string {
  const retry = `retrying in ${Math.round(delayMs / 1000)} s`;
  const code = (error as { code?: unknown }).code;
  if (code === 401 || code === 404) return `Telegram rejected TELEGRAM_BOT_TOKEN (${describe(error)}); check the token from @BotFather; ${retry}`;
  // node-fetch puts the system error (ECONNREFUSED, ETIMEDOUT, …) in `code`: short and telling.
  const reason = typeof code === 'string' ? code : describe(error);
  return `Telegram API not reachable at ${apiRoot} (getMe: ${reason}); ${retry}`;
}

/** Retries until the call succeeds; only stopping the gateway ends the wait. */
async function withBackoff<T>(work: () => Promise<T>, stopping: AbortSignal, onFailure: (error: unknown, delayMs: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (stopping.aborted) throw error;
      const delayMs = backoffMs(attempt);
      onFailure(error, delayMs);
      await sleep(delayMs, stopping);
      if (stopping.aborted) throw new Error('Telegram gateway stopped while waiting for the Telegram API');
    }
  }
}

function backoffMs(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** (attempt - 1));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

function describe(error: unknown): string {
  return toSendError(error).message;
}
