import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ProfileField } from '../../engine/profile/state.js';
import { linkOtherChats } from '../core/links.js';

// One way a profile field is written, whoever changes it: the person in chat (`ubah <field>`,
// the profile_updated handler) or staff on the dashboard and the command line (staff-edit.ts).

export const PROFILE_COLUMNS = {
  name: 'full_name',
  business: 'business_name',
  sector: 'sector_id',
  kecamatan: 'kecamatan_id',
  phone: 'phone_e164',
  year: 'business_started_year',
  omzet: 'baseline_omzet',
} as const satisfies Record<ProfileField, keyof Database['people']>;

export interface ProfileChange {
  readonly field?: Exclude<ProfileField, 'omzet'>;
  readonly value?: string | number;
  /** The person's own words for the business; undefined: unchanged. */
  readonly activity?: string | null;
  /** With a new number: whether a channel vouched for it (only then does it link chats). */
  readonly phoneVerified?: boolean;
}

export async function applyProfileChange(trx: Kysely<Database>, personId: string, change: ProfileChange, now: Date): Promise<void> {
  await trx
    .updateTable('people')
    .set({
      ...(change.field !== undefined && change.value !== undefined ? { [PROFILE_COLUMNS[change.field]]: change.value } : {}),
      ...(change.activity !== undefined ? { business_activity: change.activity } : {}),
      ...(change.phoneVerified === undefined ? {} : { phone_verified: change.phoneVerified }),
      updated_at: now,
    })
    .where('id', '=', personId)
    .execute();
  if (change.field === 'phone' && change.phoneVerified) await linkOtherChats(trx, String(change.value));
}
