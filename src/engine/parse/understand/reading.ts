// What a reader makes of a message: a value to store, a reason to ask back, or something
// that is not an answer at all (a question, a command, small talk). Nothing here is stored
// unless it is `value`: asking back is always the safe outcome (issue 10: a wrong number in
// the office's statistics is worse than a missing one).

import type { FaqTopic, Lang } from '../vocabulary.js';

export type AskReason =
  /** Nothing but spaces. */
  | 'empty'
  /** Code, markup or control characters: never read, even when an answer is inside. */
  | 'hostile'
  /** Far longer than any answer. */
  | 'too_long'
  /** No answer found (gibberish, emoji only, a word that means nothing here). */
  | 'unclear'
  /** The person hesitates: mungkin, nanti dulu, tergantung, tidak tahu. */
  | 'unsure'
  /** Yes and no together, or a kecamatan and a kelurahan that disagree. */
  | 'conflict'
  /** Fits several options: `candidates` lists them. */
  | 'ambiguous'
  /** A number that is not one of the options shown, or something the question does not offer. */
  | 'not_offered'
  /** A nod (ok, 👍) where a fact or a registration is asked. */
  | 'nod'
  /** An answer to another question (a yes at the name question, an amount at the workers question). */
  | 'other_answer'
  /** The person would rather not say. */
  | 'refused'
  /** Agrees only in part (consent without the phone number, erase only the phone number). */
  | 'partial'
  /** Business: described, not named (`jual pentol`), or has no name yet. */
  | 'no_name'
  /** Sector: a word that fits any business (warung, toko, jualan). */
  | 'vague'
  /** Kecamatan: the city alone, a street, a landmark. */
  | 'too_general'
  /** Kecamatan: a place outside the city (`where` says which). */
  | 'outside_city'
  /** Phone: not a mobile number (landline, foreign, too short or long, masked, two numbers). */
  | 'not_mobile'
  /** Year: two digits, a month, an event, or not between 1950 and now. */
  | 'year_unclear'
  /** Money: a range or a bound (3-4 jt, lebih dari 2 juta). */
  | 'range'
  /** Money: per day, week or year instead of per month. */
  | 'per_period'
  /** Money: a figure without a unit (`5`, `1.500`): confirm `guess`. */
  | 'no_unit'
  /** Money or count: shaped like a phone number or a year. */
  | 'number_shape'
  /** Money or count outside what is believable (`value`, `previous`, `limit`). */
  | 'implausible'
  /** Money: `naik 500rb` (rose by or to?), `sama` with nothing to compare. */
  | 'change_not_level'
  /** Two figures where one is asked (`bulan lalu 4jt, bulan ini 5,5jt`, `kadang 1jt kadang 4jt`). */
  | 'two_values'
  /** Workers: is the owner counted? (`2 karyawan`). */
  | 'owner_unclear'
  /** Idle: an answer typed when no question is open (an omzet: explain LAPOR). */
  | 'nothing_asked';

export type NotAnswerKind = 'question' | 'command' | 'smalltalk';

export interface NotAnswer {
  readonly kind: 'not_answer';
  readonly what: NotAnswerKind;
  /** For a question: its topic, when obvious. */
  readonly topic?: FaqTopic;
  /** For a question: the FAQ entry that answers it. */
  readonly faq?: string;
  /** For a command: its id (menu, cancel, back, stop, resume, erase, profile, report, register, edit, language_en, language_id, start). */
  readonly command?: string;
  /** For `ubah <rest>` and `/start <payload>`: the rest of the message. */
  readonly rest?: string;
}

export interface Ask {
  readonly kind: 'ask';
  readonly reason: AskReason;
  /** Options the message fits (codes or ids). */
  readonly candidates?: readonly string[];
  /** Money: the amount to offer (`Maksud Bapak/Ibu Rp5.000.000?`). */
  readonly guess?: number;
  /** The figure read, when it was implausible. */
  readonly value?: number;
  /** The figure it was compared with (last report). */
  readonly previous?: number;
  /** Kecamatan: the place outside the city. */
  readonly where?: string;
  /** Idle: what the message looked like (`omzet`). */
  readonly hint?: string;
  /** Sector: the person's own words, kept even when the sector is asked back. */
  readonly activity?: string;
}

export interface Value<T> {
  readonly kind: 'value';
  readonly value: T;
  /** Sector: the person's own words for the business (`jualan kue bingka`), to keep as a field. */
  readonly activity?: string;
}

export type Reading<T> = Value<T> | Ask | NotAnswer;

/** What a reader may know besides the message. */
export interface ReadContext {
  /** `en` after `bahasa en`; default `id`. */
  readonly lang?: Lang;
  /** Values of the numbered options shown, in order: a bare `k` picks `options[k-1]`. */
  readonly options?: readonly unknown[];
  /** The current year (the engine has no clock). */
  readonly nowYear?: number;
  /** Check-in omzet: the last report (or the sign-up omzet); 0 means nothing to compare. */
  readonly previousOmzet?: number;
  /** Money confirmation: the amount the bot asked about. */
  readonly guess?: number;
}

export const value = <T>(v: T): Value<T> => ({ kind: 'value', value: v });

export const ask = (reason: AskReason, detail: Omit<Ask, 'kind' | 'reason'> = {}): Ask => ({ kind: 'ask', reason, ...detail });
