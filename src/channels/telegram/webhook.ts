import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { ALLOWED_UPDATES, TelegramStartError, describe, withBackoff } from './gateway-support.js';

// Webhook mode: our own small HTTP server. Every request must carry Telegram's secret
// token; one without it is refused before its body is read and never processed.

const MAX_WEBHOOK_BODY = 1_000_000;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** A port in use or not ours to take: no Telegram intake can ever start, so nothing is retried. */
function listenFailure(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === 'EADDRINUSE') return new TelegramStartError(`TELEGRAM_WEBHOOK_PORT ${port} is already in use by another process (EADDRINUSE); stop it or choose another port`);
  if (error.code === 'EACCES') return new TelegramStartError(`TELEGRAM_WEBHOOK_PORT ${port} may not be opened by this user (EACCES); choose a port above 1023`);
  return error;
}

export async function startWebhook(bot: Telegraf, config: Config, log: Logger, stopping: AbortSignal, failed: WeakSet<Update>, onWaiting?: () => void): Promise<() => Promise<void>> {
  const url = config.TELEGRAM_WEBHOOK_URL!;
  const secret = config.TELEGRAM_WEBHOOK_SECRET!;
  const server = createServer((req, res) => {
    serveWebhook(req, res, { bot, secret, failed, log }).catch((error: unknown) => {
      log.error({ err: describe(error) }, 'Telegram webhook request failed');
      if (!res.headersSent) reply(res, 500);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenFailure(error, config.TELEGRAM_WEBHOOK_PORT)));
    server.listen(config.TELEGRAM_WEBHOOK_PORT, () => resolve());
  });
  try {
    await withBackoff(() => bot.telegram.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] }), stopping, (error, delayMs) => {
      log.warn(`Telegram setWebhook failed (${describe(error)}); retrying in ${Math.round(delayMs / 1000)} s`);
      onWaiting?.();
    });
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

