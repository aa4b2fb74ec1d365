// The engine's vocabulary. Everything here is plain data so a turn can be replayed in a
// test: (state, input, context) → (state, events). No clock, database or channel here.

import type { Growth, GrowthSettings } from '../checkin/growth.js';
import type { Answer, AnswerValue, SurveyDefinition } from '../checkin/survey.js';
import type { StaffEvent, StaffFlow, StaffMember } from '../broadcast/types.js';
import type { WorkshopContext, WorkshopEvent, WorkshopFlow, WorkshopState, WorkshopSystemInput } from '../workshop/types.js';

export type Lang = 'id' | 'en';
export type ChannelName = 'telegram' | 'whatsapp' | 'console';

/** A piece of text a person will read: an i18next key and its values, rendered later. */
export interface Text {
  readonly key: string;
  readonly params?: Readonly<Record<string, TextParam>>;
}

/** A value for a template; a `{ key }` is itself translated (a field's name, say). */
export type TextParam = string | number | { readonly key: string };

export type ProfileField = 'name' | 'business' | 'sector' | 'kecamatan' | 'phone' | 'year' | 'omzet';

export interface ProfileDraft {
  name?: string;
  business?: string;
  sectorId?: number;
  kecamatanId?: number;
  phone?: string;
  year?: number;
  omzet?: number;
}

/** Where a person is in a flow; stored as JSON in `conversations.state`. */
export type Flow =
  | {
      readonly name: 'signup';
      readonly step: 'consent' | ProfileField | 'summary';
      readonly draft: ProfileDraft;
      readonly consentedAt?: string;
      /** The phone came from the platform or a shared contact of the sender's own. */
      readonly phoneVerified?: boolean;
      /** Set while re-answering one field from the summary. */
      readonly backToSummary?: boolean;
      /** A guessed amount awaiting "ya" (`5` → "Maksud Anda Rp5.000.000?"). */
      readonly pendingMoney?: number;
    }
  | {
      readonly name: 'edit';
      readonly field: ProfileField | null;
      readonly pendingMoney?: number;
    }
  | { readonly name: 'erase_confirm' }
  | {
      /** Answering the monthly check-in (its period and answers are in `state.checkin`). */
      readonly name: 'checkin';
      readonly question: string;
      readonly pendingMoney?: number;
      /** An option that asks for a free text ("lainnya") was picked; that text is awaited. */
      readonly detailFor?: { readonly option: string; readonly value: AnswerValue };
    }
  | WorkshopFlow;

/** A check-in the person owes: being answered, paused with `batal`, or waiting for another flow to end. */
export interface CheckinProgress {
  readonly period: string;
  readonly surveyVersion: number;
  readonly answers: Readonly<Record<string, Answer>>;
  /** `batal` paused it: not asked again until `LAPOR` or a reminder. */
  readonly paused: boolean;
}

export interface ConversationState {
  readonly version: 1;
  readonly lang: Lang;
  readonly flow: Flow | null;
  /** Misunderstood answers in a row; at three the reply also offers `menu` and `batal`. */
  readonly strikes: number;
  /** The idle menu was the last thing shown, so a bare number picks from it. */
  readonly menuShown: boolean;
  readonly checkin?: CheckinProgress;
  /** Where a staff member is in a staff flow (staff-types.ts); absent for everyone else. */
  readonly staffFlow?: StaffFlow | null;
  /** The workshop the person was last told about, and feedback owed (workshop-types.ts). */
  readonly workshop?: WorkshopState;
}

export const STATE_VERSION = 1;

export type InputKind = 'text' | 'contact' | 'non_text';

export type Input = {
  readonly type: 'message';
  readonly kind: InputKind;
  readonly text: string;
  /** For `contact`: whether the shared number is the sender's own. */
  readonly contactIsOwn?: boolean;
  readonly startPayload?: string;
};

/** Something that happened to the person without them writing: a job's doing. */
export type SystemInput =
  | { readonly type: 'system'; readonly event: 'checkin_opened'; readonly period: string }
  | { readonly type: 'system'; readonly event: 'checkin_reminder'; readonly period: string; readonly last: boolean };

export type TurnInput = Input | SystemInput | WorkshopSystemInput;

export interface RefOption {
  readonly id: number;
  readonly name: string;
  readonly aliases: readonly string[];
}

export interface PersonSnapshot {
  readonly memberNo: string;
  readonly name: string;
  readonly business: string;
  readonly sectorId: number | null;
  readonly kecamatanId: number | null;
  readonly phone: string | null;
  readonly year: number | null;
  readonly omzet: number | null;
  readonly optedOut: boolean;
}

export interface TurnContext {
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
  /** The open check-in period, for a registered person; absent or null when none is open. */
  readonly checkin?: CheckinContext | null;
  /** Set when this chat is an active staff member's: the staff side of the engine answers. */
  readonly staff?: StaffMember | null;
  /** Open workshops and this person's seats; absent in a runtime without workshops. */
  readonly workshops?: WorkshopContext | null;
}

export interface CheckinContext {
  readonly period: string;
  readonly survey: SurveyDefinition;
  /** This person already finished this period's check-in (perhaps in another chat). */
  readonly completed: boolean;
  /** Omzet reported before this period, oldest first, the sign-up baseline first. */
  readonly history: readonly number[];
  readonly growth: GrowthSettings;
}

export interface OutgoingMessage {
  readonly text: readonly Text[];
  readonly choices?: readonly Text[];
  readonly requestContact?: boolean;
}

export type EngineEvent =
  | ({ readonly type: 'message_created' } & OutgoingMessage)
  | {
      readonly type: 'person_registered';
      readonly profile: Required<Omit<ProfileDraft, 'phone'>> & { readonly phone: string | null };
      readonly phoneVerified: boolean;
      readonly consent: { readonly version: string; readonly decidedAt: string; readonly lang: Lang };
    }
  | { readonly type: 'profile_updated'; readonly field: ProfileField; readonly value: string | number }
  | { readonly type: 'announcements_stopped' }
  | { readonly type: 'announcements_resumed' }
  | { readonly type: 'language_changed'; readonly lang: Lang }
  | { readonly type: 'personal_data_erased' }
  | {
      readonly type: 'checkin_answered';
      readonly period: string;
      readonly surveyVersion: number;
      readonly question: string;
      readonly value: AnswerValue;
      readonly detail: string | null;
    }
  | {
      readonly type: 'checkin_completed';
      readonly period: string;
      readonly surveyVersion: number;
      readonly omzet: number;
      /** The report compared with: the last one before, or the sign-up baseline. */
      readonly previousOmzet: number | null;
      readonly growth: Growth;
    }
  | StaffEvent
  | WorkshopEvent;

export interface TurnResult {
  readonly state: ConversationState;
  readonly events: readonly EngineEvent[];
}
