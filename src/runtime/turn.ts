import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { handleTurn, restoreState } from '../engine/engine.js';
import { STATE_VERSION, type ChannelName, type Input, type PersonSnapshot, type TurnContext } from '../engine/types.js';
import type { Renderer } from '../i18n.js';
import type { ReferenceCache } from './context.js';
import { applyEvent, forgetIdentities, type TurnScope } from './handlers.js';

// One person turn = one transaction: lock the chat's conversation row, take its oldest
// unhandled message, run the engine, write state + domain rows + outbox, commit. Because
// every turn takes the same row lock and always the oldest message, a person's messages
// are handled in arrival order however many workers run.

export interface TurnDeps {
  readonly db: Kysely<Database>;
  readonly renderer: Renderer;
  readonly references: ReferenceCache;
  readonly facts: Readonly<Record<string, string>>;
  readonly memberPrefix: string;
  readonly consentVersion: string;
  readonly clock: () => Date;
}

export interface TurnOutcome {
  readonly inboundId: string;
  readonly outboxIds: readonly string[];
}

interface LockedTurn {
  identity_id: string;
  state: unknown;
  channel: string;
  address: string;
  verified_phone: string | null;
  person_id: string | null;
  inbound_id: string | null;
  kind: string | null;
  text: string | null;
  start_payload: string | null;
}

/** Handles the oldest unhandled message of one chat; null when there is none. */
export async function runNextTurn(deps: TurnDeps, identityId: string): Promise<TurnOutcome | null> {
  const references = await deps.references.get();
  return deps.db.transaction().execute(async (trx) => {
    const locked = await lockConversation(trx, identityId);
    if (!locked?.inbound_id) return null;
    const now = deps.clock();
    const person = locked.person_id ? await loadPerson(trx, locked.person_id) : null;
    const state = restoreState(locked.state);
    const ctx: TurnContext = {
      now,
      channel: locked.channel as ChannelName,
      person,
      verifiedPhone: locked.verified_phone,
      sectors: references.sectors,
      kecamatan: references.kecamatan,
      consentVersion: deps.consentVersion,
    };
    const { state: nextState, events } = handleTurn(state, toInput(locked), ctx);

    const scope: TurnScope = {
      trx,
      renderer: deps.renderer,
      identity: { id: locked.identity_id, channel: locked.channel, address: locked.address },
      personId: person ? locked.person_id : null,
      inboundId: locked.inbound_id,
      memberPrefix: deps.memberPrefix,
      now,
      lang: state.lang,
      facts: { ...deps.facts },
      outboxIds: [],
      forgetIdentity: false,
    };
    for (const event of events) await applyEvent(scope, event);

    await trx.updateTable('inbound_messages').set({ handled_at: now }).where('id', '=', locked.inbound_id).execute();
    if (scope.forgetIdentity) {
      await forgetIdentities(scope);
    } else {
      await trx
        .updateTable('conversations')
        .set({ state: JSON.stringify(nextState), state_version: STATE_VERSION, turns: sql`turns + 1`, updated_at: now })
        .where('identity_id', '=', identityId)
        .execute();
    }
    return { inboundId: locked.inbound_id, outboxIds: scope.outboxIds };
  });
}

async function lockConversation(trx: Kysely<Database>, identityId: string): Promise<LockedTurn | undefined> {
  // Lock first, read second: a statement that waited for the lock still sees the data of
  // its own start, so the next message must be read by a fresh statement afterwards.
  const lock = await trx.selectFrom('conversations').select('identity_id').where('identity_id', '=', identityId).forUpdate().executeTakeFirst();
  if (!lock) return undefined;
  const result = await sql<LockedTurn>`
    select c.identity_id, c.state, i.channel, i.address, i.verified_phone, i.person_id,
           m.id as inbound_id, m.kind, m.text, m.start_payload
      from conversations c
      join identities i on i.id = c.identity_id
      left join lateral (
        select id, kind, text, start_payload from inbound_messages
         where identity_id = c.identity_id and handled_at is null
         order by id limit 1
      ) m on true
     where c.identity_id = ${identityId}`.execute(trx);
  return result.rows[0];
}

async function loadPerson(trx: Kysely<Database>, personId: string): Promise<PersonSnapshot | null> {
  const p = await trx.selectFrom('people').selectAll().where('id', '=', personId).where('erased_at', 'is', null).executeTakeFirst();
  if (!p || !p.member_no) return null;
  return {
    memberNo: p.member_no,
    name: p.full_name ?? '',
    business: p.business_name ?? '',
    sectorId: p.sector_id,
    kecamatanId: p.kecamatan_id,
    phone: p.phone_e164,
    year: p.business_started_year,
    omzet: p.baseline_omzet === null ? null : Number(p.baseline_omzet),
    optedOut: p.opted_out_at !== null,
  };
}

function toInput(row: LockedTurn): Input {
  const kind = row.kind === 'contact' || row.kind === 'non_text' ? row.kind : 'text';
  return {
    type: 'message',
    kind,
    text: row.text ?? '',
    ...(kind === 'contact' ? { contactIsOwn: row.verified_phone !== null && row.verified_phone === row.text } : {}),
    ...(row.start_payload ? { startPayload: row.start_payload } : {}),
  };
}
