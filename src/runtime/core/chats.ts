import { sql } from 'kysely';
import type { PersonSnapshot } from '../../engine/core/vocabulary.js';

// The chat and, if registered, the person behind it: what every turn (a person's own or a
// system turn) reads after locking the conversation, and how it becomes engine input.

export interface LoadedChat {
  identity_id: string;
  channel: string;
  address: string;
  verified_phone: string | null;
  person_id: string | null;
  member_no: string | null;
  full_name: string | null;
  business_name: string | null;
  sector_id: number | null;
  kecamatan_id: number | null;
  phone_e164: string | null;
  business_started_year: number | null;
  baseline_omzet: string | null;
  opted_out_at: Date | null;
}

/** The select list for `identities i left join people p` that fills a LoadedChat. */
export const CHAT_COLUMNS = sql`i.id as identity_id, i.channel, i.address, i.verified_phone, i.person_id,
  p.member_no, p.full_name, p.business_name, p.sector_id, p.kecamatan_id, p.phone_e164,
  p.business_started_year, p.baseline_omzet, p.opted_out_at`;

export function toPerson(row: LoadedChat): PersonSnapshot | null {
  if (!row.member_no) return null;
  return {
    memberNo: row.member_no,
    name: row.full_name ?? '',
    business: row.business_name ?? '',
    sectorId: row.sector_id,
    kecamatanId: row.kecamatan_id,
    phone: row.phone_e164,
    year: row.business_started_year,
    omzet: row.baseline_omzet === null ? null : Number(row.baseline_omzet),
    optedOut: row.opted_out_at !== null,
  };
}
