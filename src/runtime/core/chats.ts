import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PersonSnapshot, StaffMember } from '../../engine/core/vocabulary.js';

// The chat, the person behind it if registered, and the staff member it belongs to if it
// is staff's: what every turn (a person's own or a system turn) reads after locking the
// conversation.

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
  business_activity: string | null;
  baseline_omzet: string | null;
  opted_out_at: Date | null;
  staff_id: string | null;
  staff_name: string | null;
}

/** The select list of a LoadedChat, over CHAT_JOINS. */
export const CHAT_COLUMNS = sql`i.id as identity_id, i.channel, i.address, i.verified_phone, i.person_id,
  p.member_no, p.full_name, p.business_name, p.sector_id, p.kecamatan_id, p.phone_e164,
  p.business_started_year, p.business_activity, p.baseline_omzet, p.opted_out_at, st.id as staff_id, st.name as staff_name`;

/** `identities i` with its person (unless erased) and, for a staff chat, its staff member. */
export const CHAT_JOINS = sql`identities i
      left join people p on p.id = i.person_id and p.erased_at is null
      left join lateral (
        -- A staff chat: WhatsApp vouches for the number, a Telegram private chat id is the user id.
        select s.id, s.name from staff s
         where s.removed_at is null
           and ((i.verified_phone is not null and s.phone_e164 = i.verified_phone)
             or (i.channel = 'telegram' and s.telegram_user_id = i.address))
         order by s.id limit 1
      ) st on true`;

/** The chats of these identities, in one statement. */
export async function loadChats(trx: Kysely<Database>, identityIds: readonly string[]): Promise<LoadedChat[]> {
  if (identityIds.length === 0) return [];
  const { rows } = await sql<LoadedChat>`select ${CHAT_COLUMNS} from ${CHAT_JOINS} where i.id = any(${identityIds}::bigint[])`.execute(trx);
  return rows;
}

export function toPerson(row: LoadedChat): PersonSnapshot | null {
  if (!row.member_no) return null;
  return {
    memberNo: row.member_no,
    name: row.full_name ?? '',
    business: row.business_name ?? '',
    activity: row.business_activity,
    sectorId: row.sector_id,
    kecamatanId: row.kecamatan_id,
    phone: row.phone_e164,
    year: row.business_started_year,
    omzet: row.baseline_omzet === null ? null : Number(row.baseline_omzet),
    optedOut: row.opted_out_at !== null,
  };
}

export function toStaff(row: LoadedChat): StaffMember | null {
  return row.staff_id ? { id: row.staff_id, name: row.staff_name ?? '' } : null;
}
