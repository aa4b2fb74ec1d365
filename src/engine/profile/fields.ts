import type { ChoiceOption } from '../parse/choice.js';
import { displayPhone } from '../parse/phone.js';
import {
  readBusinessName, readEditField, readKecamatan, readMobile, readPersonName, readSector, readSignupOmzet, readYear, type ReadContext, type Reading,
} from '../parse/understand/index.js';
import type { Vocabulary } from '../parse/vocabulary.js';
import { literal, text as t } from '../core/text.js';
import type { Lang, OutgoingMessage, RefOption, Text } from '../core/vocabulary.js';
import type { TurnContext } from '../unions.js';
import { PROFILE_FIELDS, type ProfileDraft, type ProfileField } from './state.js';

// One place that knows how each profile field is asked, understood and shown, so that
// sign-up, the summary and `ubah <field>` all behave the same.

export { PROFILE_FIELDS };


export function askField(field: ProfileField, ctx: TurnContext): OutgoingMessage {
  switch (field) {
    case 'sector':
      return { text: [t('signup.ask_sector')], choices: ctx.sectors.map((s) => literal(s.name)) };
    case 'kecamatan':
      return { text: [t('signup.ask_kecamatan')], choices: ctx.kecamatan.map((k) => literal(k.name)) };
    case 'phone':
      return { text: [t('signup.ask_phone')], requestContact: true };
    default:
      return { text: [t(`signup.ask_${field}`)] };
  }
}

/** The readers' context for a question asked in this turn: the language, the options shown, the year. */
export function readContext(ctx: TurnContext, lang: Lang, options?: readonly unknown[]): ReadContext {
  return { lang, nowYear: ctx.now.getUTCFullYear(), ...(options ? { options } : {}) };
}

/**
 * Reads an answer to a profile field out of the whole message (parse/understand). A sector or
 * kecamatan comes back as its id, with the person's own words for the business (`activity`).
 */
export function readField(field: ProfileField, raw: string, ctx: TurnContext, lang: Lang): Reading<string | number> {
  const v = ctx.vocabulary;
  switch (field) {
    case 'name':
      return readPersonName(raw, v);
    case 'business':
      return readBusinessName(raw, v);
    case 'sector':
      return ownWords(toId(readSector(raw, v, readContext(ctx, lang, codesOf(ctx.sectors))), ctx.sectors), v);
    case 'kecamatan':
      return toId(readKecamatan(raw, v, readContext(ctx, lang, codesOf(ctx.kecamatan))), ctx.kecamatan);
    case 'phone':
      return readMobile(raw, v);
    case 'year':
      return readYear(raw, v, readContext(ctx, lang));
    case 'omzet':
      return readSignupOmzet(raw, v, readContext(ctx, lang));
  }
}

/** The activity as the person put it, without `sy` in front or `bu` behind: "sy jual pulsa bu" → "jual pulsa". */
function ownWords<T>(reading: Reading<T>, v: Vocabulary): Reading<T> {
  if (reading.kind === 'not_answer' || reading.activity === undefined) return reading;
  const single = (list: readonly string[]) => new Set(list.filter((w) => !w.includes(' ')));
  const self = single(v.words.self);
  const polite = single(v.words.polite);
  const words = reading.activity.split(/\s+/u).filter((w) => w !== '');
  let start = 0;
  let end = words.length;
  while (start < end - 1 && self.has(words[start]!.toLowerCase())) start++;
  while (end > start + 1 && polite.has(words[end - 1]!.toLowerCase().replace(/[^\p{L}]/gu, ''))) end--;
  return { ...reading, activity: words.slice(start, end).join(' ') };
}

const codesOf = (list: readonly RefOption[]): string[] => list.map((r) => r.code ?? String(r.id));

/** A code the reader found, as the id of the office's list; a code the list lacks is asked back. */
function toId(reading: Reading<string>, list: readonly RefOption[]): Reading<number> {
  if (reading.kind !== 'value') return reading;
  const found = list.find((r) => (r.code ?? String(r.id)) === reading.value);
  if (!found) return { kind: 'ask', reason: 'unclear' };
  return { kind: 'value', value: found.id, ...(reading.activity ? { activity: reading.activity } : {}) };
}

/** `ubah bidang usaha`, `tahun mulai usaha`, `2`: which profile field (null when not clear). */
export function readFieldChoice(raw: string, ctx: TurnContext, lang: Lang): Reading<ProfileField> {
  const read = readEditField(raw, ctx.vocabulary, readContext(ctx, lang, PROFILE_FIELDS));
  if (read.kind !== 'value') return read;
  const field = PROFILE_FIELDS.find((f) => f === read.value);
  return field ? { kind: 'value', value: field } : { kind: 'ask', reason: 'unclear' };
}

export function draftValue(field: ProfileField, draft: ProfileDraft): string | number | undefined {
  const map: Record<ProfileField, string | number | undefined> = {
    name: draft.name,
    business: draft.business,
    sector: draft.sectorId,
    kecamatan: draft.kecamatanId,
    phone: draft.phone,
    year: draft.year,
    omzet: draft.omzet,
  };
  return map[field];
}

export function withField(draft: ProfileDraft, field: ProfileField, value: string | number): ProfileDraft {
  const key = ({ name: 'name', business: 'business', sector: 'sectorId', kecamatan: 'kecamatanId', phone: 'phone', year: 'year', omzet: 'omzet' } as const)[field];
  return { ...draft, [key]: value };
}

/** The values a summary or profile shows, ready for a locale template. */
export function profileParams(draft: ProfileDraft, ctx: TurnContext): Record<string, string | number> {
  const refName = (list: readonly RefOption[], id: number | undefined) => list.find((r) => r.id === id)?.name ?? '-';
  return {
    name: draft.name ?? '-',
    business: draft.business ?? '-',
    sector: refName(ctx.sectors, draft.sectorId),
    activity: draft.activity ?? '-',
    kecamatan: refName(ctx.kecamatan, draft.kecamatanId),
    phone: draft.phone ? displayPhone(draft.phone) : '-',
    year: draft.year ?? '-',
    omzet: draft.omzet ?? 0,
  };
}

/** Words a person may use to name a field: `ubah omzet`, or `nama usaha` at the summary. */
export const FIELD_CHOICES: readonly ChoiceOption<ProfileField>[] = [
  { value: 'name', labels: ['nama', 'nama lengkap', 'name'] },
  { value: 'business', labels: ['nama usaha', 'usaha', 'bisnis', 'toko', 'business'] },
  { value: 'sector', labels: ['sektor', 'bidang', 'jenis usaha', 'sector'] },
  { value: 'kecamatan', labels: ['kecamatan', 'lokasi', 'alamat', 'wilayah', 'district'] },
  { value: 'phone', labels: ['nomor hp', 'hp', 'telepon', 'nomor', 'no hp', 'wa', 'whatsapp', 'phone'] },
  { value: 'year', labels: ['tahun', 'tahun mulai', 'tahun berdiri', 'year'] },
  { value: 'omzet', labels: ['omzet', 'omset', 'pendapatan', 'penghasilan', 'revenue'] },
];

/** The fields as a person picks one: their names in order. */
export const fieldChoices: readonly Text[] = PROFILE_FIELDS.map((f) => t(`field.${f}`));
