import { sql, type Kysely } from 'kysely';
import type { Inbound } from '../../channels/types.js';
import type { Database } from '../../db/schema.js';
import { initialState } from '../../engine/core/state.js';
import { STATE_VERSION } from '../../engine/core/state.js';
import { inboundKey, type IdHasher } from './id-hash.js';
import { FLOOD_LIMIT, FLOOD_WINDOW_MS } from './turn.js';

// The first write for every message: who sent it and what, once. A platform that delivers
// the same update twice finds the row already there and nothing further happens. The
// platform's message id is kept only as a keyed hash (id-hash.ts): it carries the sender.

export interface RecordedInbound {
  readonly inboundId: string;
  readonly identityId: string;
}

/** Postgres refuses NUL in text; people (and attackers) can still send it. */
export function cleanText(text: string): string {
  return text.replace(/\u0000/g, '').slice(0, 20_000);
}

const INITIAL_STATE = JSON.stringify(initialState());

interface RecordRow {
  identity_id: string;
  person_id: string | null;
  verified_phone: string | null;
  inbound_id: string | null;
}

/**
 * One statement, so one round trip on the hot path: upsert the chat identity (writing
 * again clears "unreachable": a person who blocked us and writes again is back), make sure
 * it has a conversation row, and insert the message unless it is a duplicate, with how many
 * of the chat's recent messages were still unanswered (the flood rule in turn.ts).
 */
export async function recordInbound(db: Kysely<Database>, inbound: Inbound, hash: IdHasher): Promise<RecordedInbound | null> {
  const displayName = inbound.displayName ? cleanText(inbound.displayName).slice(0, 200) : null;
  const payload = inbound.startPayload ? cleanText(inbound.startPayload).slice(0, 200) : null;
  const result = await sql<RecordRow>`
    with identity as (
      insert into identities (channel, address, verified_phone, display_name)
      values (${inbound.channel}, ${inbound.address}, ${inbound.verifiedPhone ?? null}, ${displayName})
      on conflict on constraint identities_channel_address_key do update
        set last_seen_at = now(), unreachable_at = null, unreachable_reason = null,
            verified_phone = coalesce(excluded.verified_phone, identities.verified_phone)
      returning id, person_id, verified_phone
    ), conversation as (
      insert into conversations (identity_id, state, state_version)
      select id, ${INITIAL_STATE}::jsonb, ${STATE_VERSION} from identity
      on conflict (identity_id) do nothing
    ), message as (
      insert into inbound_messages (channel, external_id, identity_id, kind, text, start_payload, reply_to, media, received_at, backlog)
      select ${inbound.channel}, ${inboundKey(hash, inbound.channel, inbound.externalId)}, id, ${inbound.kind}, ${cleanText(inbound.text)}, ${payload},
             ${inbound.replyTo ? cleanText(inbound.replyTo).slice(0, 100) : null}, ${inbound.media ?? null}, ${inbound.receivedAt},
             (select count(*) from (select 1 from inbound_messages w
                where w.identity_id = identity.id and w.handled_at is null
                  and w.received_at > ${inbound.receivedAt}::timestamptz - ${`${FLOOD_WINDOW_MS} milliseconds`}::interval
                limit ${FLOOD_LIMIT}) w)
        from identity
      on conflict on constraint inbound_channel_external_key do nothing
      returning id
    )
    select identity.id as identity_id, identity.person_id, identity.verified_phone, message.id as inbound_id
      from identity left join message on true`.execute(db);
  const row = result.rows[0]!;
  if (row.person_id === null && row.verified_phone) await linkByVerifiedPhone(db, row.identity_id, row.verified_phone);
  return row.inbound_id ? { inboundId: row.inbound_id, identityId: row.identity_id } : null;
}

/**
 * A platform-verified number that belongs to exactly one registered person, whose own
 * number was vouched for too, links this chat to them. A number typed at sign-up links
 * nothing: anyone could have typed it (issue 11, item 1). Two separately registered people
 * are never merged here (staff merge them: runtime/profile/merge.ts); a record merged away is not a candidate.
 */
export async function linkByVerifiedPhone(db: Kysely<Database>, identityId: string, phone: string): Promise<void> {
  await sql`
    update identities set person_id = sole.id
      from (select min(id) as id from people where phone_e164 = ${phone} and phone_verified and erased_at is null and merged_into is null having count(*) = 1) sole
     where identities.id = ${identityId} and identities.person_id is null`.execute(db);
}
