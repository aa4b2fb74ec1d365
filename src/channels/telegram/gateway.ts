import { Redis } from 'ioredis';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { ChannelPort } from '../port.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { ChatQueue } from '../chat-queue.js';
import { toInbound } from './convert.js';
import { ALLOWED_UPDATES, backoffMs, describe, getMeFailure, sleep, withBackoff } from './gateway-support.js';
import { GroupNotices } from './group-notices.js';
import { startWebhook } from './webhook.js';

// Receives Telegram updates (long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set)
// and feeds every private message to `app.runtime.handleInbound`. Replies do not go out
// from here: they travel the outbox and the send queues like every channel's.

export interface GroupMessageEvent {
  readonly chatId: string;
  /** True when this message made the bot post its "chat with me privately" line. */
  readonly notified: boolean;
}

export interface TelegramGatewayOptions {
  /** The rest of Wirabot as a channel sees it (the app). */
  readonly app: ChannelPort;
  readonly config: Config;
  /** Called after a group message was dealt with (for monitoring and tests). */
  readonly onGroupMessage?: (event: GroupMessageEvent) => void;
  /** Gives up waiting for Telegram at start-up (the process is shutting down). */
  readonly signal?: AbortSignal;
  /**
   * Called when Telegram could not be reached and the gateway goes on waiting for it: the
   * rest of the process need not wait. A rejected token or a busy webhook port is not
   * waited for: the returned promise rejects with a TelegramStartError.
   */
  readonly onWaiting?: () => void;
}

export interface TelegramGateway {
  readonly botUsername: string;
  stop(): Promise<void>;
}


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
    bot.botInfo = await withBackoff(() => bot.telegram.getMe(), stopping.signal, (error, delayMs) => {
      log.warn(getMeFailure(error, apiRoot, delayMs));
      options.onWaiting?.();
    });
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
    stopReceiving = config.TELEGRAM_WEBHOOK_URL ? await startWebhook(bot, config, log, stopping.signal, failed, options.onWaiting) : startPolling(bot, log, stopping.signal);
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
  readonly app: ChannelPort;
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
  await deps.chats.run(converted.address, () => deps.app.handleInbound(converted).then(() => undefined));
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

