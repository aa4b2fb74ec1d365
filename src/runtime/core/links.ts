import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { linkByVerifiedPhones } from './inbound.js';

// Which chats belong to a registration. A chat joins a person only by a number its channel
// vouches for (the WhatsApp sender, a Telegram contact the sender shared of their own), and
// only a person whose own number was vouched for: a typed number could be anybody's.
// Before this rule, chats were joined to registrations whose number was merely typed;
// those links are "disputed": staff review them (`people review-links`), nothing unlinks
// them silently, and erasing one side never deletes the other side's chat.

/** Does the chat's channel vouch for this number? */
export async function chatVouchesFor(db: Kysely<Database>, identityId: string, phone: string | null): Promise<boolean> {
  if (phone === null) return false;
  const row = await db.selectFrom('identities').select('verified_phone').where('id', '=', identityId).executeTakeFirst();
  return row?.verified_phone === phone;
}

/** A chat joined by its verified number to a registration whose number was only typed. */
const DISPUTED = sql`i.verified_phone = p.phone_e164 and not p.phone_verified`;

export interface DisputedLink {
  identity_id: string;
  channel: string;
  address: string;
  verified_phone: string;
  member_no: string | null;
  full_name: string | null;
  last_seen_at: Date;
  other_chats: string;
}

/** Every disputed link, oldest registration first, with how many other chats the person has. */
export async function listDisputedLinks(db: Kysely<Database>): Promise<DisputedLink[]> {
  const { rows } = await sql<DisputedLink>`
    select i.id as identity_id, i.channel, i.address, i.verified_phone, p.member_no, p.full_name, i.last_seen_at,
           (select count(*) from identities o where o.person_id = p.id and o.id <> i.id) as other_chats
      from identities i join people p on p.id = i.person_id and p.erased_at is null
     where ${DISPUTED}
     order by p.id, i.id`.execute(db);
  return rows;
}

/** Is this chat a disputed link (see above)? */
export async function isDisputedChat(db: Kysely<Database>, identityId: string): Promise<boolean> {
  const { rows } = await sql`select 1 from identities i join people p on p.id = i.person_id where i.id = ${identityId} and ${DISPUTED}`.execute(db);
  return rows.length > 0;
}

/**
 * Before a person's data is erased: the chats of theirs that are disputed links (someone
 * else's number, joined only because it was typed at sign-up) are let go, not deleted.
 */
export async function releaseDisputedChats(db: Kysely<Database>, personId: string, except: string): Promise<void> {
  await sql`
    update identities i set person_id = null
      from people p
     where p.id = i.person_id and i.person_id = ${personId} and i.id <> ${except} and ${DISPUTED}`.execute(db);
}

/** Other chats of the same verified number (WhatsApp and Telegram) now belong to this person. */
export async function linkOtherChats(trx: Kysely<Database>, phone: string): Promise<void> {
  const others = await trx.selectFrom('identities').select('id').where('verified_phone', '=', phone).where('person_id', 'is', null).execute();
  if (others.length > 0) await linkByVerifiedPhones(trx, others.map((o) => o.id));
}

/** The chat's own number, typed into someone else's registration, is taken off it. */
export async function forgetTypedNumber(db: Kysely<Database>, personId: string, identityId: string): Promise<void> {
  await sql`
    update people p set phone_e164 = null
      from identities i
     where i.id = ${identityId} and p.id = ${personId} and ${DISPUTED}`.execute(db);
}
