import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Engine } from '../../engine/core/engine.js';
import { STATE_VERSION, type ConversationState } from '../../engine/core/state.js';
import type { Input } from '../../engine/core/vocabulary.js';
import type { TurnContext } from '../../engine/unions.js';
import type { Renderer } from '../../i18n.js';
import type { Logger } from '../../log.js';
import type { QueueableRow } from '../../outbox/queue.js';
import { CHAT_COLUMNS, CHAT_JOINS, type LoadedChat } from './chats.js';
import { buildContexts, type ContextLoader } from './context.js';
import { applyEvent, forgetIdentities, writeReplies, type Eraser, type HandlerMap, type TurnScope } from './handlers.js';
import type { IdHasher } from './id-hash.js';
import type { ReferenceCache } from './references.js';
import type { Segments } from './segments.js';

// One person turn = one transaction: lock the chat's conversation row, take its oldest
// unhandled message, run the engine, write state + domain rows + outbox, commit. Because
// every turn takes the same row lock and always the oldest message, a person's messages
// are handled in arrival order however many workers run.

/** The turn machinery, the same for a person's turn and a job's system turns. */
export interface TurnDeps {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  /** Segments with every capability's kinds and SQL (a fan-out selects its recipients with them). */
  readonly segments: Segments;
  readonly renderer: Renderer;
  readonly references: ReferenceCache;
  readonly facts: Readonly<Record<string, string>>;
  readonly memberPrefix: string;
  readonly consentVersion: string;
  readonly clock: () => Date;
  readonly log: Logger;
  /** Every event's handler: the core's and each capability's. */
  readonly handlers: HandlerMap;
  /** Each capability's part of the turn context. */
  readonly loaders: readonly ContextLoader[];
  readonly erasers: readonly Eraser[];
  /** Keyed hashes of platform ids (ID_HASH_KEY). */
  readonly hashId: IdHasher;
  /** Channels whose replies this process sends itself after a batch commits (outbox/direct.ts). */
  readonly sendsRepliesHere?: (channel: string) => boolean;
}

export interface TurnOutcome {
  readonly inboundId: string;
  readonly outbox: readonly QueueableRow[];
  /** Another message of this chat was already waiting when this turn began. */
  readonly more: boolean;
}

export interface LoadedTurn extends LoadedChat {
  inbound_id: string | null;
  kind: string | null;
  text: string | null;
  start_payload: string | null;
  reply_to: string | null;
  media: string | null;
  /** The chat's messages of the FLOOD_WINDOW_MS before this one still unanswered when it was recorded. */
  backlog: number | null;
  waiting: string;
}

/**
 * A flood: a message that arrives while FLOOD_LIMIT of the chat's messages from the
 * FLOOD_WINDOW_MS before it are still unanswered (counted when it is recorded). It is
 * recorded but not answered; the chat gets one "mohon tunggu sebentar" per flood. A burst
 * a person can type or paste (the 10 lines of a piped `npm run chat`, 20 at once) and
 * anyone who waits for the replies (a benchmark's people) never get there.
 */
export const FLOOD_LIMIT = 20;
export const FLOOD_WINDOW_MS = 10_000;

/** Handles the oldest unhandled message of one chat; null when there is none. */
export async function runNextTurn(deps: TurnDeps, identityId: string): Promise<TurnOutcome | null> {
  const afterCommit: (() => Promise<void>)[] = [];
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const stored = await lockConversation(trx, identityId);
    if (stored === undefined) return null;
    const [loaded] = await loadTurns(trx, [identityId]);
    if (!loaded?.inbound_id) return null;
    const now = deps.clock();
    if ((loaded.backlog ?? 0) >= FLOOD_LIMIT) return coalesceFlood(deps, trx, loaded, stored, now);
    const ctx = (await buildContexts(trx, [loaded], deps, now)).get(identityId)!;
    const played = await playTurn(deps, trx, loaded, stored, ctx, now, afterCommit);
    const outbox = await writeReplies(played.scope);
    await finishTurn(played.scope, played.state, identityId);
    return { inboundId: loaded.inbound_id, outbox, more: Number(loaded.waiting) > 1 };
  });
  for (const work of afterCommit) await work();
  return outcome;
}

/** A turn played: the engine's new state and the scope its events were applied in. */
export interface PlayedTurn {
  readonly scope: TurnScope;
  readonly state: ConversationState;
}

/**
 * Runs the engine for one chat whose conversation this transaction has locked, and applies
 * its events. The replies are in `scope.messages`, not yet written; the state not yet stored.
 */
export async function playTurn(
  deps: TurnDeps,
  trx: Kysely<Database>,
  loaded: LoadedTurn,
  stored: unknown,
  ctx: TurnContext,
  now: Date,
  afterCommit: (() => Promise<void>)[],
): Promise<PlayedTurn> {
  const { state, events, before, issue } = deps.engine.handleStoredTurn(stored, toInput(loaded), ctx);
  if (issue) deps.log.warn({ identityId: loaded.identity_id, issue }, 'stored conversation state could not be read whole');
  const scope: TurnScope = {
    trx,
    renderer: deps.renderer,
    identity: { id: loaded.identity_id, channel: loaded.channel, address: loaded.address },
    personId: ctx.person ? loaded.person_id : null,
    inboundId: loaded.inbound_id,
    memberPrefix: deps.memberPrefix,
    now,
    lang: before.lang,
    facts: { ...deps.facts },
    messages: [],
    forgetIdentity: false,
    forgetChats: [],
    references: { sectors: ctx.sectors, kecamatan: ctx.kecamatan, vocabulary: ctx.vocabulary },
    afterCommit,
    erasers: deps.erasers,
    mentions: new Set(),
    hashId: deps.hashId,
  };
  for (const event of events) await applyEvent(deps.handlers, scope, event);
  return { scope, state };
}

/**
 * Lock first, read second: a statement that waited for the lock still sees the data of
 * its own start, so the message and the person must be read by a statement afterwards.
 */
async function lockConversation(trx: Kysely<Database>, identityId: string): Promise<unknown> {
  const row = await trx.selectFrom('conversations').select('state').where('identity_id', '=', identityId).forUpdate().executeTakeFirst();
  return row ? row.state : undefined;
}

/** Each chat with its oldest unhandled message (if any), in one statement; read after locking. */
export async function loadTurns(trx: Kysely<Database>, identityIds: readonly string[]): Promise<LoadedTurn[]> {
  const result = await sql<LoadedTurn>`
    select ${CHAT_COLUMNS},
           m.id as inbound_id, m.kind, m.text, m.start_payload, m.reply_to, m.media, m.backlog,
           (select count(*) from (select 1 from inbound_messages w
              where w.identity_id = i.id and w.handled_at is null limit 2) w) as waiting
      from ${CHAT_JOINS}
      left join lateral (
        select id, kind, text, start_payload, reply_to, media, backlog from inbound_messages
         where identity_id = i.id and handled_at is null
         order by id limit 1
      ) m on true
     where i.id = any(${identityIds}::bigint[])`.execute(trx);
  return result.rows;
}

/**
 * Records a flooding chat's messages as handled and coalesced, without an answer, and
 * writes one "mohon tunggu sebentar" unless this flood already had one (the chat's latest
 * outbound message is that notice, from within the window). The state stays as it was.
 */
export async function coalesceFlood(deps: TurnDeps, trx: Kysely<Database>, loaded: LoadedTurn, stored: unknown, now: Date): Promise<TurnOutcome> {
  const inboundId = loaded.inbound_id!;
  // The flood's whole run of waiting messages at once, up to the first one recorded after
  // it ebbed (that one, and what follows, is answered in order): one statement, however long.
  const { rows } = await sql<{ waiting: string }>`
    with run as (
      update inbound_messages set handled_at = ${now}, coalesced_at = ${now}
       where identity_id = ${loaded.identity_id} and handled_at is null and backlog >= ${FLOOD_LIMIT}
         and id < coalesce((select min(id) from inbound_messages
                             where identity_id = ${loaded.identity_id} and handled_at is null and backlog < ${FLOOD_LIMIT}), 9223372036854775807)
      returning id)
    select (select count(*) from inbound_messages where identity_id = ${loaded.identity_id} and handled_at is null)
         - (select count(*) from run) as waiting`.execute(trx);
  const more = Number(rows[0]?.waiting ?? 0) > 0;
  const last = await trx
    .selectFrom('outbound_messages')
    .select(['topic', 'created_at'])
    .where('identity_id', '=', loaded.identity_id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const noticed = last?.topic === FLOOD_TOPIC && last.created_at.getTime() > Date.now() - FLOOD_WINDOW_MS;
  if (noticed) return { inboundId, outbox: [], more };
  deps.log.warn({ identityId: loaded.identity_id }, 'a chat sent too many messages at once: recording them without answering each');
  const lang = (stored as { lang?: unknown } | null)?.lang === 'en' ? 'en' : 'id';
  const outbox = await trx
    .insertInto('outbound_messages')
    .values({
      identity_id: loaded.identity_id,
      person_id: loaded.person_id,
      channel: loaded.channel,
      address: loaded.address,
      text: deps.renderer.render(lang, { key: 'common.flood_wait' }, deps.facts),
      choices: '[]',
      path: 'reply',
      inbound_id: inboundId,
      topic: FLOOD_TOPIC,
    })
    .returning(['id', 'channel', 'address', 'path', 'priority'])
    .execute();
  return { inboundId, outbox, more };
}

const FLOOD_TOPIC = 'flood_wait';

/** Marks the message handled and stores the new state, in one statement. */
export async function finishTurn(scope: TurnScope, state: ConversationState, identityId: string): Promise<void> {
  if (scope.mentions.size > 0) {
    await scope.trx.updateTable('inbound_messages').set({ mentions: [...scope.mentions] }).where('id', '=', scope.inboundId!).execute();
  }
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

export function toInput(row: LoadedTurn): Input {
  const kind = row.kind === 'contact' || row.kind === 'non_text' ? row.kind : 'text';
  return {
    type: 'message',
    kind,
    text: row.text ?? '',
    ...(kind === 'contact' ? { contactIsOwn: row.verified_phone !== null && row.verified_phone === row.text } : {}),
    ...(row.start_payload ? { startPayload: row.start_payload } : {}),
    ...(row.reply_to ? { replyTo: row.reply_to } : {}),
    ...(kind === 'non_text' && row.media ? { media: row.media } : {}),
  };
}
