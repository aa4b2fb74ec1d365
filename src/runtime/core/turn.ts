import { CHAT_COLUMNS, toPerson, type LoadedChat } from './chats.js';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { engine } from '../../capabilities.js';
import { STATE_VERSION, type ConversationState } from '../../engine/core/state.js';
import { type ChannelName, type Input } from '../../engine/core/vocabulary.js';
import { type TurnContext } from '../../engine/unions.js';
import type { Renderer } from '../../i18n.js';
import type { ReferenceCache } from './references.js';
import { applyEvent, forgetIdentities, writeOutbox, type TurnScope } from './handlers.js';
import type { QueueableRow } from '../../outbox/queue.js';
import { loadCheckinContext, type CheckinSettings } from '../checkin/context.js';
import type { StaffDeps } from '../broadcast/handlers.js';
import type { WorkshopDeps } from '../workshop/handlers.js';
import { loadWorkshopContext } from '../workshop/context.js';

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
  /** The survey store and growth settings; without them no check-in is ever open. */
  readonly checkins?: CheckinSettings;
  /** Pacing and the fan-out starter for staff events (previews, broadcasts); without them no chat is staff's. */
  readonly staff?: StaffDeps;
  /** Time zone, jobs and deep links for workshops; without them no workshop takes RSVPs. */
  readonly workshops?: WorkshopDeps;
}

export interface TurnOutcome {
  readonly inboundId: string;
  readonly outbox: readonly QueueableRow[];
  /** Another message of this chat was already waiting when this turn began. */
  readonly more: boolean;
}

interface LoadedTurn extends LoadedChat {
  inbound_id: string | null;
  kind: string | null;
  text: string | null;
  start_payload: string | null;
  waiting: string;
  staff_id: string | null;
  staff_name: string | null;
}

/** Handles the oldest unhandled message of one chat; null when there is none. */
export async function runNextTurn(deps: TurnDeps, identityId: string): Promise<TurnOutcome | null> {
  const references = await deps.references.get();
  const afterCommit: (() => Promise<void>)[] = [];
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const state = await lockConversation(trx, identityId);
    if (state === undefined) return null;
    const loaded = await loadTurn(trx, identityId);
    if (!loaded?.inbound_id) return null;
    const now = deps.clock();
    const person = toPerson(loaded);
    const checkin = person && deps.checkins ? await loadCheckinContext(trx, deps.checkins, loaded.person_id!) : null;
    const ctx: TurnContext = {
      now,
      channel: loaded.channel as ChannelName,
      person,
      verifiedPhone: loaded.verified_phone,
      sectors: references.sectors,
      kecamatan: references.kecamatan,
      consentVersion: deps.consentVersion,
      checkin,
      staff: deps.staff && loaded.staff_id ? { id: loaded.staff_id, name: loaded.staff_name ?? '' } : null,
      workshops: deps.workshops ? await loadWorkshopContext(trx, deps.workshops, person ? loaded.person_id : null, now) : null,
    };
    const { state: after, events, before } = engine.handleStoredTurn(state, toInput(loaded), ctx);

    const scope: TurnScope = {
      trx,
      renderer: deps.renderer,
      identity: { id: loaded.identity_id, channel: loaded.channel, address: loaded.address },
      personId: person ? loaded.person_id : null,
      inboundId: loaded.inbound_id,
      memberPrefix: deps.memberPrefix,
      now,
      lang: before.lang,
      facts: { ...deps.facts },
      messages: [],
      forgetIdentity: false,
      references,
      staffDeps: deps.staff,
      workshopDeps: deps.workshops,
      afterCommit,
    };
    for (const event of events) await applyEvent(scope, event);
    const outbox = await writeOutbox(scope);
    await finishTurn(scope, after, identityId);
    return { inboundId: loaded.inbound_id, outbox, more: Number(loaded.waiting) > 1 };
  });
  for (const work of afterCommit) await work();
  return outcome;
}

/**
 * Lock first, read second: a statement that waited for the lock still sees the data of
 * its own start, so the message and the person must be read by a statement afterwards.
 */
async function lockConversation(trx: Kysely<Database>, identityId: string): Promise<unknown> {
  const row = await trx.selectFrom('conversations').select('state').where('identity_id', '=', identityId).forUpdate().executeTakeFirst();
  return row ? row.state : undefined;
}

async function loadTurn(trx: Kysely<Database>, identityId: string): Promise<LoadedTurn | undefined> {
  const result = await sql<LoadedTurn>`
    select ${CHAT_COLUMNS},
           m.id as inbound_id, m.kind, m.text, m.start_payload, st.id as staff_id, st.name as staff_name,
           (select count(*) from (select 1 from inbound_messages w
              where w.identity_id = i.id and w.handled_at is null limit 2) w) as waiting
      from identities i
      left join people p on p.id = i.person_id and p.erased_at is null
      left join lateral (
        select id, kind, text, start_payload from inbound_messages
         where identity_id = i.id and handled_at is null
         order by id limit 1
      ) m on true
      left join lateral (
        -- A staff chat: WhatsApp vouches for the number, a Telegram private chat id is the user id.
        select s.id, s.name from staff s
         where s.removed_at is null
           and ((i.verified_phone is not null and s.phone_e164 = i.verified_phone)
             or (i.channel = 'telegram' and s.telegram_user_id = i.address))
         order by s.id limit 1
      ) st on true
     where i.id = ${identityId}`.execute(trx);
  return result.rows[0];
}

/** Marks the message handled and stores the new state, in one statement. */
async function finishTurn(scope: TurnScope, state: ConversationState, identityId: string): Promise<void> {
  if (scope.forgetIdentity) {
    await scope.trx.updateTable('inbound_messages').set({ handled_at: scope.now }).where('id', '=', scope.inboundId!).execute();
    await forgetIdentities(scope);
    return;
  }
  await sql`
    with handled as (update inbound_messages set handled_at = ${scope.now} where id = ${scope.inboundId})
    update conversations
       set state = ${JSON.stringify(state)}::jsonb, state_version = ${STATE_VERSION}, turns = turns + 1, updated_at = ${scope.now}
     where identity_id = ${identityId}`.execute(scope.trx);
}

function toInput(row: LoadedTurn): Input {
  const kind = row.kind === 'contact' || row.kind === 'non_text' ? row.kind : 'text';
  return {
    type: 'message',
    kind,
    text: row.text ?? '',
    ...(kind === 'contact' ? { contactIsOwn: row.verified_phone !== null && row.verified_phone === row.text } : {}),
    ...(row.start_payload ? { startPayload: row.start_payload } : {}),
  };
}
