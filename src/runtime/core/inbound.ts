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

/** How stale `identities.last_seen_at` may be: recording a message rewrites the chat's row at most this often. */
export const LAST_SEEN_GRANULARITY_MS = 60_000;

interface RecordRow {
  ord: string;
  identity_id: string | null;
  person_id: string | null;
  verified_phone: string | null;
  inbound_id: string | null;
}

/** Records one message; null for a duplicate. */
export async function recordInbound(db: Kysely<Database>, inbound: Inbound, hash: IdHasher): Promise<RecordedInbound | null> {
  const [recorded] = await recordInbounds(db, [inbound], hash);
  return recorded ?? null;
}

/**
 * One statement for any number of messages, so one round trip on the hot path: upsert each
 * chat identity (writing again clears "unreachable": a person who blocked us and writes
 * again is back), make sure it has a conversation row, and insert each message unless it
 * is a duplicate, in the order given (ids follow it, so a chat's messages keep their order),
 * with how many of the chat's recent messages were still unanswered or coalesced (the flood
 * rule in turn.ts; earlier messages of the same chat in this batch count too). Returns, for
 * each message in order, what was recorded, or null for a duplicate (a second copy in the
 * same batch included).
 */
export async function recordInbounds(db: Kysely<Database>, inbounds: readonly Inbound[], hash: IdHasher): Promise<(RecordedInbound | null)[]> {
  if (inbounds.length === 0) return [];
  const keys = inbounds.map((m) => inboundKey(hash, m.channel, m.externalId));
  // A platform that hands over the same update twice in one batch: the first copy counts.
  const firstOf = new Map<string, number>();
  keys.forEach((key, i) => {
    const k = `${inbounds[i]!.channel}\u0000${key}`;
    if (!firstOf.has(k)) firstOf.set(k, i);
  });
  const unique = [...firstOf.values()];
  const pick = <T>(f: (m: Inbound, i: number) => T) => unique.map((i) => f(inbounds[i]!, i));
  const result = await sql<RecordRow>`
    with input as (
      select * from unnest(
        ${pick((m) => m.channel)}::text[], ${pick((m) => m.address)}::text[], ${pick((m) => m.verifiedPhone ?? null)}::text[],
        ${pick((m) => (m.displayName ? cleanText(m.displayName).slice(0, 200) : null))}::text[], ${pick((_, i) => keys[i]!)}::text[],
        ${pick((m) => m.kind)}::text[], ${pick((m) => cleanText(m.text))}::text[],
        ${pick((m) => (m.startPayload ? cleanText(m.startPayload).slice(0, 200) : null))}::text[],
        ${pick((m) => (m.replyTo ? cleanText(m.replyTo).slice(0, 100) : null))}::text[], ${pick((m) => m.media ?? null)}::text[],
        ${pick((m) => m.receivedAt.toISOString())}::timestamptz[]
      ) with ordinality as x(channel, address, verified_phone, display_name, external_id, kind, text, start_payload, reply_to, media, received_at, ord)
    ), chats as (
      -- One row per chat, or the upsert below would touch a row twice: its latest name, any verified number.
      select distinct on (channel, address) channel, address, display_name,
             (select max(v.verified_phone) from input v where v.channel = input.channel and v.address = input.address) as verified_phone
        from input order by channel, address, ord desc
    ), written as (
      insert into identities (channel, address, verified_phone, display_name)
      select channel, address, verified_phone, display_name from chats
      on conflict on constraint identities_channel_address_key do update
        set last_seen_at = now(), unreachable_at = null, unreachable_reason = null,
            verified_phone = coalesce(excluded.verified_phone, identities.verified_phone)
        -- Rewriting the row for every message costs a new row version and an entry in each
        -- of its indexes: "last seen" to the minute is enough.
        where identities.last_seen_at < now() - ${`${LAST_SEEN_GRANULARITY_MS} milliseconds`}::interval
           or identities.unreachable_at is not null
           or (excluded.verified_phone is not null and excluded.verified_phone is distinct from identities.verified_phone)
      returning id, channel, address, person_id, verified_phone
    ), identity as (
      -- The chats written above, and those left as they were (not returned by the upsert).
      select * from written
      union all
      select i.id, i.channel, i.address, i.person_id, i.verified_phone
        from identities i join chats c on c.channel = i.channel and c.address = i.address
       where not exists (select 1 from written w where w.channel = i.channel and w.address = i.address)
    ), conversation as (
      insert into conversations (identity_id, state, state_version)
      select id, ${INITIAL_STATE}::jsonb, ${STATE_VERSION} from identity
      on conflict (identity_id) do nothing
    ), message as (
      insert into inbound_messages (channel, external_id, identity_id, kind, text, start_payload, reply_to, media, received_at, backlog)
      select x.channel, x.external_id, identity.id, x.kind, x.text, x.start_payload, x.reply_to, x.media, x.received_at,
             least(${FLOOD_LIMIT},
               (select count(*) from (select 1 from inbound_messages w
                  where w.identity_id = identity.id and w.handled_at is null
                    and w.received_at > x.received_at - ${`${FLOOD_WINDOW_MS} milliseconds`}::interval
                  limit ${FLOOD_LIMIT}) w)
             + (select count(*) from (select 1 from inbound_messages w
                  where w.identity_id = identity.id and w.coalesced_at is not null
                    and w.received_at > x.received_at - ${`${FLOOD_WINDOW_MS} milliseconds`}::interval
                  limit ${FLOOD_LIMIT}) w)
             + (row_number() over (partition by x.channel, x.address order by x.ord) - 1))
        from input x join identity on identity.channel = x.channel and identity.address = x.address
       order by x.ord
      on conflict on constraint inbound_channel_external_key do nothing
      returning id, channel, external_id
    )
    select x.ord, identity.id as identity_id, identity.person_id, identity.verified_phone, message.id as inbound_id
      from input x
      left join identity on identity.channel = x.channel and identity.address = x.address
      left join message on message.channel = x.channel and message.external_id = x.external_id
     order by x.ord`.execute(db);
  const seen = result.rows.filter((r): r is RecordRow & { identity_id: string } => r.identity_id !== null);
  const unlinked = seen.filter((r) => r.person_id === null && r.verified_phone);
  if (unlinked.length > 0) await linkByVerifiedPhones(db, unlinked.map((r) => r.identity_id));
  const recorded: (RecordedInbound | null)[] = inbounds.map(() => null);
  for (const row of seen) {
    const i = unique[Number(row.ord) - 1]!;
    if (row.inbound_id) recorded[i] = { inboundId: String(row.inbound_id), identityId: String(row.identity_id) };
  }
  // A chat another transaction created after this statement began, and that the upsert then
  // left as it was, is in neither half of `identity`: nothing of its messages was written,
  // so they are recorded again, by a statement that sees it.
  const unseen = result.rows.filter((r) => r.identity_id === null).map((r) => unique[Number(r.ord) - 1]!);
  if (unseen.length > 0) {
    const again = await recordInbounds(db, unseen.map((i) => inbounds[i]!), hash);
    unseen.forEach((i, k) => (recorded[i] = again[k] ?? null));
  }
  return recorded;
}

/**
 * A platform-verified number that belongs to exactly one registered person, whose own
 * number was vouched for too, links this chat to them. A number typed at sign-up links
 * nothing: anyone could have typed it (issue 11, item 1). Two separately registered people
 * are never merged here (staff merge them: runtime/profile/merge.ts); a record merged away is not a candidate.
 */
export async function linkByVerifiedPhones(db: Kysely<Database>, identityIds: readonly string[]): Promise<void> {
  await sql`
    update identities set person_id = sole.id
      from (select p.phone_e164, min(p.id) as id from people p
             where p.phone_verified and p.erased_at is null and p.merged_into is null
               and p.phone_e164 in (select verified_phone from identities where id = any(${identityIds}::bigint[]))
             group by p.phone_e164 having count(*) = 1) sole
     where identities.id = any(${identityIds}::bigint[]) and identities.person_id is null and identities.verified_phone = sole.phone_e164`.execute(db);
}
