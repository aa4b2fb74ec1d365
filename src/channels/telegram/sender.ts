import { Telegram, TelegramError } from 'telegraf';
import type { ChannelPort } from '../port.js';
import { RateLimitedError, RecipientUnreachableError, TransientSendError, type ChannelSender, type Outbound, type SendResult } from '../types.js';
import { toTelegramMessage, type TelegramMessage } from './convert.js';

// Sends one Outbound through the Bot API and turns Telegram's failures into the typed
// errors the send worker understands: wait (429), give up on this chat (403), retry (5xx).

export interface TelegramSenderOptions {
  readonly token: string;
  readonly apiRoot?: string | undefined;
  /** The words on the "share my phone number" button, from the locales. */
  readonly shareContactLabel: string;
}

export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  private readonly telegram: Telegram;
  private readonly progress = new PartProgress();

  constructor(private readonly options: TelegramSenderOptions) {
    this.telegram = new Telegram(options.token, options.apiRoot ? { apiRoot: options.apiRoot } : {});
  }

  async send(message: Outbound): Promise<SendResult> {
    const parts = toTelegramMessage(message, { shareContactLabel: this.options.shareContactLabel });
    const key = parts.length > 1 ? `${message.address}\n${message.text}` : null;
    let lastId = 0;
    for (let i = key ? this.progress.done(key) : 0; i < parts.length; i++) {
      lastId = await this.sendPart(message.address, parts[i]!);
      if (key) this.progress.mark(key, i + 1);
    }
    if (key) this.progress.clear(key);
    return { platformMessageId: String(lastId) };
  }

  private async sendPart(address: string, part: TelegramMessage): Promise<number> {
    try {
      const sent = await this.telegram.sendMessage(address, part.text, part.extra);
      return sent.message_id;
    } catch (error) {
      throw toSendError(error);
    }
  }
}

/** The sender `main` and the tests start for Telegram, with the button label in Indonesian. */
export function createTelegramSender(app: Pick<ChannelPort, 'config' | 'text'>): TelegramSender {
  const token = app.config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const shareContactLabel = app.text('telegram.share_contact');
  return new TelegramSender({ token, apiRoot: app.config.TELEGRAM_API_ROOT, shareContactLabel });
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);
const UNREACHABLE_400 = /chat not found|user not found|PEER_ID_INVALID/iu;

/** Maps a failed Bot API call to the error that tells the send worker what to do next. */
export function toSendError(error: unknown): Error {
  if (error instanceof TelegramError) return fromApiError(error);
  const e = error as { name?: string; code?: string; errno?: string; message?: string } | null;
  // node-fetch reports connection failures, timeouts and unreadable bodies as FetchError.
  if (e?.name === 'FetchError' || e?.name === 'AbortError' || NETWORK_CODES.has(e?.code ?? e?.errno ?? '')) {
    return new TransientSendError(`Telegram not reachable: ${e?.message ?? String(error)}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function fromApiError(error: TelegramError): Error {
  const description = error.description ?? error.message;
  if (error.code === 429) return new RateLimitedError((error.parameters?.retry_after ?? 1) * 1000, description);
  if (error.code === 403 || (error.code === 400 && UNREACHABLE_400.test(description))) return new RecipientUnreachableError(description);
  if (error.code >= 500) return new TransientSendError(`Telegram ${error.code}: ${description}`);
  return new Error(`Telegram ${error.code}: ${description}`);
}

/**
 * Remembers how many parts of a long message went out, so a retry after a failure on
 * part 2 does not send part 1 again. In memory only: it spares the person duplicates in
 * the common case, and the worst case after a restart is one repeated part.
 */
class PartProgress {
  private readonly sent = new Map<string, number>();
  constructor(private readonly capacity = 500) {}

  done(key: string): number {
    return this.sent.get(key) ?? 0;
  }

  mark(key: string, count: number): void {
    this.sent.delete(key);
    this.sent.set(key, count);
    if (this.sent.size > this.capacity) this.sent.delete(this.sent.keys().next().value!);
  }

  clear(key: string): void {
    this.sent.delete(key);
  }
}
