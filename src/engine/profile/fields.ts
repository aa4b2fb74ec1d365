import { parseChoice, type ChoiceOption } from '../parse/choice.js';
import { parseYear } from '../parse/number.js';
import { displayPhone, parseIndonesianPhone } from '../parse/phone.js';
import { parseBusinessName, parsePersonName } from '../parse/text.js';
import { moneyAnswer, type MoneyAnswer } from '../core/money.js';
import { literal, text as t } from '../core/text.js';
import type { OutgoingMessage, RefOption, Text } from '../core/vocabulary.js';
import type { TurnContext } from '../unions.js';
import { PROFILE_FIELDS, type ProfileDraft, type ProfileField } from './state.js';

// One place that knows how each profile field is asked, understood and shown, so that
// sign-up, the summary and `ubah <field>` all behave the same.

export { PROFILE_FIELDS };

export type FieldAnswer = { readonly kind: 'ok'; readonly value: string | number } | Exclude<MoneyAnswer, { kind: 'ok' }>;

export function refOptions(list: readonly RefOption[]): ChoiceOption<number>[] {
  return list.map((r) => ({ value: r.id, labels: [r.name, ...r.aliases] }));
}

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

export function parseField(field: ProfileField, text: string, ctx: TurnContext): FieldAnswer {
  switch (field) {
    case 'name':
      return freeText(parsePersonName(text), 'name');
    case 'business':
      return freeText(parseBusinessName(text), 'business');
    case 'sector':
    case 'kecamatan':
      return refChoice(field, text, field === 'sector' ? ctx.sectors : ctx.kecamatan);
    case 'phone': {
      const phone = parseIndonesianPhone(text);
      return phone.kind === 'ok' ? { kind: 'ok', value: phone.e164 } : { kind: 'retry', reason: t('signup.invalid_phone') };
    }
    case 'year': {
      const nowYear = ctx.now.getUTCFullYear();
      const year = parseYear(text, nowYear);
      return year === null ? { kind: 'retry', reason: t('signup.invalid_year', { nowYear }) } : { kind: 'ok', value: year };
    }
    case 'omzet':
      return moneyAnswer(text);
  }
}

function freeText(result: { kind: string; value?: string }, field: 'name' | 'business'): FieldAnswer {
  if (result.kind === 'ok' && result.value !== undefined) return { kind: 'ok', value: result.value };
  return { kind: 'retry', reason: t(`signup.invalid_${field}_${result.kind}`) };
}

function refChoice(field: 'sector' | 'kecamatan', text: string, list: readonly RefOption[]): FieldAnswer {
  const choice = parseChoice(text, refOptions(list));
  if (choice.kind === 'ok') return { kind: 'ok', value: choice.value };
  if (choice.kind === 'ambiguous') {
    const names = list.filter((r) => choice.candidates.includes(r.id)).map((r) => r.name);
    return { kind: 'retry', reason: t('choice.ambiguous', { options: names.join(', ') }) };
  }
  return { kind: 'retry', reason: t(`signup.invalid_${field}`) };
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
