// The contract between the chat platforms and the rest of Wirabot. Adapters translate a
// platform's native update into an `Inbound` and an `Outbound` into the platform's call;
// they hold no business logic.

export type ChannelName = 'telegram' | 'whatsapp' | 'console';

export type InboundKind = 'text' | 'contact' | 'non_text';

export type MediaKind = 'photo' | 'voice' | 'sticker' | 'video' | 'document' | 'other';

export interface Inbound {
  readonly channel: ChannelName;
  /** The platform's id for this message; (channel, externalId) is unique. */
  readonly externalId: string;
  /** Where replies go: Telegram chat id, WhatsApp chat id, console session name. */
  readonly address: string;
  readonly kind: InboundKind;
  /** Message text; for `contact` the shared phone number (empty when it could not be read); empty for `non_text`. */
  readonly text: string;
  /** A phone number the platform vouches for as the sender's own, in E.164. */
  readonly verifiedPhone?: string;
  /** Telegram `/start <payload>` deep-link payload. */
  readonly startPayload?: string;
  /** For `non_text`: what it was (photo, voice, sticker, video, document, other). */
  readonly media?: MediaKind;
  /** The platform id of the bot's message this one replies to (a Telegram reply). */
  readonly replyTo?: string;
  readonly displayName?: string;
  readonly receivedAt: Date;
}

export interface Outbound {
  readonly address: string;
  readonly text: string;
  /** Answers the person may pick: a reply keyboard on Telegram, a numbered list on WhatsApp. */
  readonly choices: readonly string[];
  /** Offer a "share my phone number" button where the platform has one. */
  readonly requestContact: boolean;
  /** Said after the choices: below the numbered list, or under the text above the keyboard. */
  readonly footer?: string | null;
}

export interface SendResult {
  readonly platformMessageId: string;
}

export interface ChannelSender {
  readonly channel: ChannelName;
  send(message: Outbound): Promise<SendResult>;
}

/** The one entry point every channel feeds. */
export type InboundHandler = (inbound: Inbound) => Promise<void>;

/** The platform asked us to slow down; retry after `retryAfterMs`, the message is not failed. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(readonly retryAfterMs: number, message = `rate limited, retry after ${retryAfterMs} ms`) {
    super(message);
  }
}

/** The recipient cannot be reached (blocked the bot, chat not found): never retry. */
export class RecipientUnreachableError extends Error {
  override readonly name = 'RecipientUnreachableError';
}

/** A network failure or a 5xx: retry with backoff. */
export class TransientSendError extends Error {
  override readonly name = 'TransientSendError';
}
