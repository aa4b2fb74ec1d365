// The words every part of the engine shares, and nothing else: this file imports nothing.
// Everything here is plain data, so a turn can be replayed in a test:
// (state, input, context) → (state, events). No clock, database or channel.

export type Lang = 'id' | 'en';
export type ChannelName = 'telegram' | 'whatsapp' | 'console';

/** A piece of text a person will read: an i18next key and its values, rendered later. */
export interface Text {
  readonly key: string;
  readonly params?: Readonly<Record<string, TextParam>>;
}

/**
 * A value for a template; a `{ key }` is itself translated (a field's name, say), and
 * `{ lines }` is several texts, each rendered, one per line (a menu made of parts).
 */
export type TextParam = string | number | { readonly key: string } | { readonly lines: readonly Text[] };

export interface OutgoingMessage {
  readonly text: readonly Text[];
  readonly choices?: readonly Text[];
  /** Said after the choices (the way out for someone stuck), never between question and options. */
  readonly footer?: readonly Text[];
  readonly requestContact?: boolean;
}

export type InputKind = 'text' | 'contact' | 'non_text';

/** What a person (or a staff member) sent. Jobs speak through each capability's system inputs. */
export interface Input {
  readonly type: 'message';
  readonly kind: InputKind;
  readonly text: string;
  /** For `contact`: whether the shared number is the sender's own. */
  readonly contactIsOwn?: boolean;
  readonly startPayload?: string;
  /** For `non_text`: what it was (photo, voice, sticker …), when the channel says. */
  readonly media?: string;
  /** The platform id of the bot's message this one replies to (a Telegram reply). */
  readonly replyTo?: string;
}

/** An entry of a reference list (sectors, kecamatan): its id, its name and other words for it. */
export interface RefOption {
  readonly id: number;
  /** The code the city vocabulary names it by (kuliner, bjm-utara). */
  readonly code?: string;
  readonly name: string;
  readonly aliases: readonly string[];
}

export interface PersonSnapshot {
  readonly memberNo: string;
  readonly name: string;
  readonly business: string;
  /** Their own words for what the business does ("jualan kue bingka"), if given. */
  readonly activity: string | null;
  readonly sectorId: number | null;
  readonly kecamatanId: number | null;
  readonly phone: string | null;
  readonly year: number | null;
  readonly omzet: number | null;
  readonly optedOut: boolean;
}

/** The staff member a chat belongs to, looked up by the runtime for every turn. */
export interface StaffMember {
  readonly id: string;
  readonly name: string;
}

/** What every turn knows, whichever capabilities there are; each adds its own part (unions.ts). */
export interface CoreContext {
  readonly now: Date;
  readonly channel: ChannelName;
  /** The registered person this chat belongs to, if any. */
  readonly person: PersonSnapshot | null;
  /** A phone number the platform vouches for (WhatsApp sender), in E.164. */
  readonly verifiedPhone: string | null;
  readonly sectors: readonly RefOption[];
  readonly kecamatan: readonly RefOption[];
  /** Version of the consent text shown, stored with the consent. */
  readonly consentVersion: string;
  /** Set when this chat is an active staff member's: the staff side of the engine answers. */
  readonly staff?: StaffMember | null;
}

/** The events of the core itself: saying something, and switching language. */
export type CoreEvent =
  | ({ readonly type: 'message_created' } & OutgoingMessage)
  | { readonly type: 'language_changed'; readonly lang: Lang }
  /** An answer that was not understood, kept (masked, without the person) to learn from: `question` is its id. */
  | { readonly type: 'answer_missed'; readonly question: string; readonly text: string };
