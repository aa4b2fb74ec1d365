import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { KeyboardButton, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update } from 'telegraf/types';
import type { Inbound, MediaKind, Outbound } from '../types.js';

// Pure converters between Telegram's Bot API objects and Wirabot's Inbound/Outbound.
// Nothing here talks to the network, so every rule can be checked with a table of cases.

/** A message in a group: not a conversation, but the gateway tells the group once to chat privately. */
export interface GroupMarker {
  readonly kind: 'group';
  readonly chatId: string;
}

export interface TelegramMessage {
  readonly text: string;
  readonly extra: {
    readonly parse_mode: 'HTML';
    readonly reply_markup?: ReplyKeyboardMarkup | ReplyKeyboardRemove;
  };
}

export interface TelegramFormatOptions {
  /** The words on the "share my phone number" button; they come from the locales. */
  readonly shareContactLabel: string;
}

/** Telegram refuses longer texts (counted in UTF-16 units, as JavaScript counts). */
export const TELEGRAM_TEXT_LIMIT = 4096;

// Anything a person sends that is not text or a contact gets the "please type" answer.
const NON_TEXT_FIELDS = [
  'photo', 'sticker', 'voice', 'video', 'video_note', 'location', 'venue', 'document',
  'audio', 'animation', 'poll', 'dice', 'game', 'story',
] as const;

const SLASH_START = /^\/start(?:@\w+)?(?:\s+([\s\S]*))?$/u;

/** A private message becomes an Inbound; a group message a marker; everything else null. */
export function toInbound(update: Update): Inbound | GroupMarker | null {
  // Edits and channel posts are not new answers; only `message` updates are.
  if (!('message' in update)) return null;
  const message = update.message;
  if (message.chat.type === 'group' || message.chat.type === 'supergroup') return { kind: 'group', chatId: String(message.chat.id) };
  if (message.chat.type !== 'private') return null;
  const body = messageBody(message);
  if (!body) return null;
  const displayName = [message.from.first_name, message.from.last_name].filter(Boolean).join(' ');
  const replyTo = 'reply_to_message' in message && message.reply_to_message ? String(message.reply_to_message.message_id) : undefined;
  return {
    channel: 'telegram',
    // Message ids are unique per chat, so a redelivered update maps to the same row.
    externalId: `${message.chat.id}-${message.message_id}`,
    address: String(message.chat.id),
    ...body,
    ...(displayName ? { displayName } : {}),
    ...(replyTo ? { replyTo } : {}),
    receivedAt: new Date(message.date * 1000),
  };
}

type Body = Pick<Inbound, 'kind' | 'text' | 'verifiedPhone' | 'startPayload' | 'media'>;

const MEDIA: Readonly<Record<string, MediaKind>> = { photo: 'photo', sticker: 'sticker', voice: 'voice', audio: 'voice', video: 'video', video_note: 'video', document: 'document', animation: 'video' };

function messageBody(message: Update.MessageUpdate['message']): Body | null {
  if ('text' in message) return textBody(message.text);
  if ('contact' in message) return contactBody(message);
  const field = NON_TEXT_FIELDS.find((f) => f in message);
  if (field) return { kind: 'non_text', text: '', media: MEDIA[field] ?? 'other' };
  return null; // service messages (pinned, joined, …) are not something a person said
}

function textBody(text: string): Body {
  const start = SLASH_START.exec(text.trim());
  const payload = start?.[1]?.trim();
  if (start) return { kind: 'text', text: '/start', ...(payload ? { startPayload: payload } : {}) };
  return { kind: 'text', text };
}

function contactBody(message: Message.ContactMessage & { from: { id: number } }): Body {
  const { contact } = message;
  const e164 = contactE164(contact.phone_number);
  // An unreadable number is still a contact card, never text: typed, it became a name.
  if (!e164) return { kind: 'contact', text: '' };
  const own = contact.user_id !== undefined && contact.user_id === message.from.id;
  return { kind: 'contact', text: e164, ...(own ? { verifiedPhone: e164 } : {}) };
}

/** Telegram sends international numbers without the '+' (6281234567890). */
export function contactE164(phone: string): string | null {
  const cleaned = phone.replace(/[^\d+]/gu, '');
  const international = cleaned.startsWith('0') || cleaned.startsWith('+') ? cleaned : `+${cleaned}`;
  const parsed = parsePhoneNumberFromString(international, 'ID');
  return parsed?.isValid() ? parsed.number : null;
}

/** One Outbound as one or more Telegram messages; the keyboard rides on the last one. */
export function toTelegramMessage(outbound: Outbound, options: TelegramFormatOptions): TelegramMessage[] {
  // The buttons sit below the message, so the footer simply ends its text.
  const parts = splitText(outbound.footer ? `${outbound.text}\n\n${outbound.footer}` : outbound.text, TELEGRAM_TEXT_LIMIT);
  const markup = replyMarkup(outbound, options);
  return parts.map((part, i) => ({
    text: toTelegramHtml(part),
    extra: i === parts.length - 1 ? { parse_mode: 'HTML', reply_markup: markup } : { parse_mode: 'HTML' },
  }));
}

function replyMarkup(outbound: Outbound, options: TelegramFormatOptions): ReplyKeyboardMarkup | ReplyKeyboardRemove {
  const contactRow: KeyboardButton[][] = outbound.requestContact ? [[{ text: options.shareContactLabel, request_contact: true }]] : [];
  const keyboard = [...contactRow, ...keyboardRows(outbound.choices)];
  // Without buttons to offer, the previous question's keyboard must not linger.
  if (keyboard.length === 0) return { remove_keyboard: true };
  return { keyboard, one_time_keyboard: true, resize_keyboard: true };
}

// Two buttons side by side still fit on a small phone when each label is short.
const SHORT_LABEL = 20;

export function keyboardRows(choices: readonly string[]): KeyboardButton.CommonButton[][] {
  const rows: KeyboardButton.CommonButton[][] = [];
  for (const choice of choices) {
    const last = rows.at(-1);
    const short = choice.length <= SHORT_LABEL;
    if (short && last?.length === 1 && last[0]!.text.length <= SHORT_LABEL) last.push({ text: choice });
    else rows.push([{ text: choice }]);
  }
  return rows;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

// WhatsApp-style emphasis the locales use: the marker sits against a word on the inside and
// is not glued to a letter on the outside, so `2*3*4`, `snake_case` or a lone `*` stay as typed.
const EMPHASIS = [
  { tag: 'b', pattern: /(?<![\p{L}\p{N}])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\p{L}\p{N}])/u },
  { tag: 'i', pattern: /(?<![\p{L}\p{N}])_(?!\s)([^_\n]+?)(?<!\s)_(?![\p{L}\p{N}])/u },
] as const;

/** Plain text with `*bold*`/`_italic_` as Telegram HTML; everything else shown exactly as written. */
export function toTelegramHtml(text: string, emphasis: readonly (typeof EMPHASIS)[number][] = EMPHASIS): string {
  const found = emphasis
    .map((e) => ({ e, match: e.pattern.exec(text) }))
    .filter((f) => f.match !== null)
    .sort((a, b) => a.match!.index - b.match!.index)[0];
  if (!found) return escapeHtml(text);
  const match = found.match!;
  // The inside is rendered with the other markers only, so tags always nest properly.
  const inner = toTelegramHtml(match[1]!, emphasis.filter((e) => e !== found.e));
  const rest = text.slice(match.index + match[0].length);
  return `${escapeHtml(text.slice(0, match.index))}<${found.e.tag}>${inner}</${found.e.tag}>${toTelegramHtml(rest, emphasis)}`;
}

/**
 * Splits on paragraphs, then lines, then spaces, so no part exceeds `limit`. Splitting the
 * plain text (not the HTML) means a tag is never cut in two; markup only makes text shorter.
 */
export function splitText(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current = '';
  for (const piece of pieces(text, limit)) {
    const joined = current === '' ? piece.text : `${current}${piece.separator}${piece.text}`;
    if (joined.length <= limit) current = joined;
    else {
      if (current !== '') parts.push(current);
      current = piece.text;
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}

interface Piece {
  readonly text: string;
  readonly separator: string;
}

/** Pieces no longer than `limit`, each with the separator that joined it to the one before. */
function pieces(text: string, limit: number): Piece[] {
  const out: Piece[] = [];
  for (const separator of ['\n\n', '\n', ' '] as const) {
    if (!text.includes(separator)) continue;
    for (const [i, chunk] of text.split(separator).entries()) {
      const sub = chunk.length <= limit ? [{ text: chunk, separator }] : pieces(chunk, limit);
      out.push(...sub.map((p, j) => (j === 0 ? { ...p, separator: i === 0 ? '' : separator } : p)));
    }
    return out;
  }
  return hardCut(text, limit).map((t) => ({ text: t, separator: '' }));
}

/** Last resort for one endless word: cut, but never between the halves of an emoji. */
function hardCut(text: string, limit: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const code = rest.charCodeAt(limit);
    const at = code >= 0xdc00 && code <= 0xdfff ? limit - 1 : limit;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  return [...out, rest];
}
