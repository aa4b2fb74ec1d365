import { z } from 'zod';

// A person's profile as the flows hold it, and `ubah <field>` as stored in the conversation.

export const PROFILE_FIELDS = ['name', 'business', 'sector', 'kecamatan', 'phone', 'year', 'omzet'] as const;

export const profileField = z.enum(PROFILE_FIELDS);
export type ProfileField = z.infer<typeof profileField>;

export const profileDraft = z.object({
  name: z.string().optional(),
  business: z.string().optional(),
  sectorId: z.number().int().optional(),
  /** The person's own words for the business ("jualan kue bingka"), kept with the sector. */
  activity: z.string().optional(),
  kecamatanId: z.number().int().optional(),
  phone: z.string().optional(),
  year: z.number().int().optional(),
  omzet: z.number().optional(),
});
export type ProfileDraft = z.infer<typeof profileDraft>;

/** `ubah <field>`: the field being changed (null: which one is being asked). */
export const editFlow = z.object({
  name: z.literal('edit'),
  field: profileField.nullable(),
  /** A guessed amount awaiting "ya" (`5` → "Maksud Bapak/Ibu Rp5.000.000?"). */
  pendingMoney: z.number().optional(),
  /** Changing the sector: the person's own words, kept while the sector is asked back. */
  activity: z.string().optional(),
});
export type EditFlow = z.infer<typeof editFlow>;
