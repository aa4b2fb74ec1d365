import { sql, type Kysely } from 'kysely';
import type { Inbound } from '../channels/types.js';
import type { Database } from '../db/schema.js';
import { initialState } from '../engine/engine.js';
import { STATE_VERSION } from '../engine/types.js';

// The first write for every message: who sent it and what, once. A platform that delivers
// the same update twice finds the row already there and nothing further happens.

export interface RecordedInbound {
  readonly inboundId: string;
  readonly identityId: string;
}

/** Postgres refuses NUL in text; people (and attackers) can still send it. */
export function cleanText(text: string): string {
  return text.replace(/\u0000/g, '').slice(0, 20_000);
}

export async function recordInbound(db: Kysely<Database>, inbound: Inbound): Promise<RecordedInbound | null> {
  return db.transaction().execute(async (trx) => {
    const identityId = await upsertIdentity(trx, inbound);
    const row = await trx
      .insertInto('inbound_messages')
      .values({
        channel: inbound.channel,
        external_id: inbound.externalId,
        identity_id: identityId,
        kind: inbound.kind,
        text: cleanText(inbound.text),
        start_payload: inbound.startPayload ? cleanText(inbound.startPayload).slice(0, 200) : null,
        received_at: inbound.receivedAt,
      })
      .onConflict((oc) => oc.constraint('inbound_channel_external_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row ? { inboundId: row.id, identityId } : null;
  });
}

async function upsertIdentity(trx: Kysely<Database>, inbound: Inbound): Promise<string> {
  // Writing again clears "unreachable": a person who blocked us and writes again is back.
  const identity = await trx
    .insertInto('identities')
    .values({
      channel: inbound.channel,
      address: inbound.address,
      verified_phone: inbound.verifiedPhone ?? null,
      display_name: inbound.displayName ? cleanText(inbound.displayName).slice(0, 200) : null,
    })
    .onConflict((oc) =>
      oc.constraint('identities_channel_address_key').doUpdateSet({
        last_seen_at: sql`now()`,
        unreachable_at: null,
        unreachable_reason: null,
        verified_phone: sql`coalesce(excluded.verified_phone, identities.verified_phone)`,
      }),
    )
    .returning(['id', 'person_id', 'verified_phone'])
    .executeTakeFirstOrThrow();

  if (identity.person_id === null && identity.verified_phone) await linkByVerifiedPhone(trx, identity.id, identity.verified_phone);

  await trx
    .insertInto('conversations')
    .values({ identity_id: identity.id, state: JSON.stringify(initialState()), state_version: STATE_VERSION })
    .onConflict((oc) => oc.column('identity_id').doNothing())
    .execute();
  return identity.id;
}

/**
 * A platform-verified number that belongs to exactly one registered person links this
 * chat to them. Two separately registered people are never merged.
 */
export async function linkByVerifiedPhone(trx: Kysely<Database>, identityId: string, phone: string): Promise<void> {
  const matches = await trx
    .selectFrom('people')
    .select('id')
    .where('phone_e164', '=', phone)
    .where('erased_at', 'is', null)
    .limit(2)
    .execute();
  if (matches.length !== 1) return;
  await trx.updateTable('identities').set({ person_id: matches[0]!.id }).where('id', '=', identityId).where('person_id', 'is', null).execute();
}
