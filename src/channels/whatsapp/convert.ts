import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { withNumberedChoices } from '../format.js';
import type { Inbound, MediaKind, Outbound } from '../types.js';

// Pure translation between whatsapp-web.js messages and Wirabot's Inbound/Outbound.
// Nothing here touches the browser, so every rule is a table test.

/** The fields of a whatsapp-web.js `Message` this adapter reads. */
export interface WhatsAppMessage {
  readonly id: { readonly _serialized: string };
  /** The chat the message came from: `<number>@c.us`, `<lid>@lid`, `<id>@g.us`, `status@broadcast` … */
  readonly from: string;
  readonly fromMe: boolean;
  readonly type: string;
  readonly body: string;
  readonly isStatus?: boolean;
  readonly broadcast?: boolean;
  readonly vCards?: readonly string[];
  /** Seconds since the epoch, as WhatsApp stamped the message. */
  readonly timestamp?: number;
  /** The raw model; `notifyName` is the sender's own profile name, `quotedStanzaID` the id of the message this one quotes. */
  readonly _data?: { readonly notifyName?: unknown; readonly quotedStanzaID?: unknown };
}

export type IgnoreReason = 'from_me' | 'status' | 'newsletter' | 'group' | 'broadcast' | 'system' | 'unknown_sender';

export type SenderClass =
  | { readonly type: 'ignore'; readonly reason: IgnoreReason }
  /** A `@c.us` chat: the id is the phone number, which WhatsApp has verified. */
  | { readonly type: 'phone'; readonly chatId: string; readonly phone: string | undefined }
  /** A `@lid` chat: WhatsApp hides the number; it may be looked up. */
  | { readonly type: 'lid'; readonly chatId: string };

// Messages WhatsApp generates itself (security-code changes, calls, deletions, group
// events): nobody wrote them, so answering them would only confuse the person.
const SYSTEM_TYPES: ReadonlySet<string> = new Set([
  'e2e_notification',
  'notification',
  'notification_template',
  'gp2',
  'group_notification',
  'broadcast_notification',
  'call_log',
  'protocol',
  'revoked',
  'ciphertext',
  'debug',
  'pinned_message',
  'newsletter_notification',
]);

// Replies to (deprecated) buttons and lists carry the chosen text in the body.
const TEXT_TYPES: ReadonlySet<string> = new Set(['chat', 'buttons_response', 'list_response', 'template_button_reply']);

/** Decides whether a message is a person writing to the bot, and how to learn their number. */
export function classifySender(msg: WhatsAppMessage): SenderClass {
  const reason = ignoreReason(msg);
  if (reason) return { type: 'ignore', reason };
  if (msg.from.endsWith('@c.us')) return { type: 'phone', chatId: msg.from, phone: phoneFromWid(msg.from) };
  if (msg.from.endsWith('@lid')) return { type: 'lid', chatId: msg.from };
  return { type: 'ignore', reason: 'unknown_sender' };
}

function ignoreReason(msg: WhatsAppMessage): IgnoreReason | null {
  if (msg.fromMe) return 'from_me';
  if (msg.isStatus === true || msg.from === 'status@broadcast') return 'status';
  if (msg.from.endsWith('@newsletter')) return 'newsletter';
  if (msg.from.endsWith('@g.us')) return 'group';
  if (msg.broadcast === true || msg.from.endsWith('@broadcast')) return 'broadcast';
  if (SYSTEM_TYPES.has(msg.type)) return 'system';
  return null;
}

/** `6281234567890@c.us` → `+6281234567890`; anything else (a `@lid`, a group) → undefined. */
export function phoneFromWid(wid: string | undefined | null): string | undefined {
  const match = /^([1-9]\d{5,14})@c\.us$/.exec(wid ?? '');
  return match ? `+${match[1]}` : undefined;
}

/** The Inbound for a message `classifySender` accepted; `verifiedPhone` is the resolved number, if any. */
export function toInbound(msg: WhatsAppMessage, verifiedPhone: string | undefined): Inbound {
  const content = messageContent(msg);
  const displayName = typeof msg._data?.notifyName === 'string' && msg._data.notifyName.trim() ? msg._data.notifyName : undefined;
  const quoted = msg._data?.quotedStanzaID;
  const replyTo = typeof quoted === 'string' && quoted.trim() !== '' ? quoted.trim() : undefined;
  return {
    channel: 'whatsapp',
    externalId: msg.id._serialized,
    address: msg.from,
    ...content,
    ...(verifiedPhone ? { verifiedPhone } : {}),
    ...(displayName ? { displayName } : {}),
    ...(replyTo ? { replyTo } : {}),
    receivedAt: msg.timestamp ? new Date(msg.timestamp * 1000) : new Date(),
  };
}

const MEDIA: Readonly<Record<string, MediaKind>> = { image: 'photo', sticker: 'sticker', ptt: 'voice', audio: 'voice', video: 'video', document: 'document' };

function messageContent(msg: WhatsAppMessage): Pick<Inbound, 'kind' | 'text' | 'media'> {
  // `?? ''`: a message from a newer WhatsApp may arrive without a body; it is still a message.
  if (TEXT_TYPES.has(msg.type)) return { kind: 'text', text: msg.body ?? '' };
  if (msg.type === 'vcard') {
    const phone = phoneFromVCard(msg.vCards?.[0] ?? msg.body);
    if (phone) return { kind: 'contact', text: phone };
  }
  return { kind: 'non_text', text: '', media: MEDIA[msg.type] ?? 'other' };
}

/**
 * The number on a shared contact card, in E.164. WhatsApp adds `waid=<digits>` to the TEL
 * line for numbers on WhatsApp; other cards carry only the number as the phone shows it.
 */
export function phoneFromVCard(vcard: string): string | undefined {
  const waid = /^TEL[^:\n]*waid=(\d{6,15})/im.exec(vcard);
  if (waid) return `+${waid[1]}`;
  const tel = /^TEL[^:\n]*:(.+)$/im.exec(vcard);
  if (!tel?.[1]) return undefined;
  const parsed = parsePhoneNumberFromString(tel[1].trim(), 'ID');
  return parsed?.isValid() ? parsed.number : undefined;
}

/** The text WhatsApp shows: choices as a numbered list, WhatsApp's `*bold*` untouched. */
export function toWhatsAppText(outbound: Pick<Outbound, 'text' | 'choices' | 'footer'>): string {
  // There is no "share my number" button on WhatsApp; the question itself asks for the number.
  return withNumberedChoices(outbound.text, outbound.choices, outbound.footer);
}

/** A chat id safe for logs: `6281234567890@c.us` → `*********7890@c.us`. */
export function maskChatId(chatId: string): string {
  const [user = '', server] = chatId.split('@');
  const masked = user.length > 4 ? '*'.repeat(user.length - 4) + user.slice(-4) : user;
  return server === undefined ? masked : `${masked}@${server}`;
}
