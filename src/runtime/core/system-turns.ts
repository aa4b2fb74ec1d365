import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { initialState, STATE_VERSION, type ConversationState } from '../../engine/core/state.js';
import type { EngineEvent, SystemInput } from '../../engine/unions.js';
import type { DedupeKey } from '../../outbox/dedupe-key.js';
import type { QueueableRow } from '../../outbox/queue.js';
import { insertBulk, type BulkMessage } from '../../outbox/write.js';
import { loadChats, type LoadedChat } from './chats.js';
import { buildContexts } from './context.js';
import type { TurnDeps } from './turn.js';

// Turns nobody typed: a job tells many conversations at once that something happened
// (a check-in period opened, a reminder is due). Like a person turn, each goes through
// the pure engine with the conversation row locked, so the state afterwards says which
// question the person last saw. Unlike a person turn, a whole batch shares one
// transaction and a handful of statements: lock, load, update states, insert messages.
// The messages go out on the bulk path with a dedupe key, so running a batch twice sends
// nothing twice.

export interface SystemTurnOptions {
  readonly input: SystemInput;
  /** The key of the n-th message this turn says to this chat. */
  readonly dedupeKey: (identityId: string, index: number) => DedupeKey;
  readonly priority?: number;
  readonly expiresAt?: Date | null;
}

export interface SystemTurnResult {
  /** Outbox rows inserted (to queue after commit). */
  readonly outbox: QueueableRow[];
  /** Conversations whose state changed. */
  readonly changed: number;
}

const INITIAL_STATE = JSON.stringify(initialState());

/**
 * Locks the conversations of these chats, in id order so that two batches (or a batch
 * and a person turn, which locks one) never wait for each other in a circle. Chats that
 * never wrote to us (imported, say) get a fresh conversation first.
 */
export async function lockConversations(trx: Kysely<Database>, identityIds: readonly string[]): Promise<Map<string, unknown>> {
  const ids = [...new Set(identityIds)];
  if (ids.length === 0) return new Map();
  await sql`
    insert into conversations (identity_id, state, state_version)
    select i.id, ${INITIAL_STATE}::jsonb, ${STATE_VERSION} from identities i where i.id = any(${ids}::bigint[])
    on conflict (identity_id) do nothing`.execute(trx);
  const { rows } = await sql<{ identity_id: string; state: unknown }>`
    select identity_id, state from conversations
     where identity_id = any(${ids}::bigint[])
     order by identity_id
       for update`.execute(trx);
  return new Map(rows.map((r) => [r.identity_id, r.state]));
}

/** Runs the engine for chats whose conversations this transaction has locked; writes states and messages. */
export async function runLockedSystemTurns(trx: Kysely<Database>, deps: TurnDeps, locked: ReadonlyMap<string, unknown>, options: SystemTurnOptions): Promise<SystemTurnResult> {
  const ids = [...locked.keys()];
  if (ids.length === 0) return { outbox: [], changed: 0 };
  // Each capability's context for hundreds of people is one statement with a subquery or
  // two per person: the planner's estimate passes jit_above_cost (more so while a new
  // period's check-in rows have no statistics yet) and Postgres compiled each batch's
  // statements before running them, 0.1-0.8 s a batch (bench:checkin with 50,000-100,000
  // people) against 20-35 ms of work. No statement of a system turn reads enough rows to
  // gain from compiling.
  await sql`set local jit = off`.execute(trx);
  // Read after locking: a statement that waited for a lock would see older rows.
  const chats = await loadChats(trx, ids);
  const now = deps.clock();
  const contexts = await buildContexts(trx, chats, deps, now);

  const states: { id: string; state: string }[] = [];
  const messages: BulkMessage[] = [];
  for (const chat of chats) {
    const { state, events, before, issue } = deps.engine.handleStoredTurn(locked.get(chat.identity_id), options.input, contexts.get(chat.identity_id)!);
    if (issue) deps.log.warn({ identityId: chat.identity_id, issue }, 'stored conversation state could not be read whole');
    if (JSON.stringify(state) !== JSON.stringify(before)) states.push({ id: chat.identity_id, state: JSON.stringify(state) });
    messages.push(...toMessages(deps, chat, state, events, options));
  }
  await writeStates(trx, states, now);
  const outbox = await insertBulk(trx, messages);
  return { outbox, changed: states.length };
}

function toMessages(deps: TurnDeps, chat: LoadedChat, state: ConversationState, events: readonly EngineEvent[], options: SystemTurnOptions): BulkMessage[] {
  return events.map((event, index) => {
    // The engine's system turns only speak; anything else would need a person turn's handlers.
    if (event.type !== 'message_created') throw new Error(`a system turn produced "${event.type}", which only person turns can store`);
    const rendered = deps.renderer.renderMessage(state.lang, event, deps.facts);
    return {
      identityId: chat.identity_id,
      personId: chat.person_id,
      channel: chat.channel,
      address: chat.address,
      text: rendered.text,
      choices: rendered.choices,
      footer: rendered.footer,
      ...options.dedupeKey(chat.identity_id, index),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
      ...(options.expiresAt !== undefined ? { expiresAt: options.expiresAt } : {}),
    };
  });
}

/**
 * A message written without a turn (an announcement, a notice about a seat) is now the last
 * thing the person reads: the menu shown before it no longer answers a bare number. Rows are
 * locked in id order, as lockConversations does, so this never waits in a circle with a batch.
 */
export async function menuNoLongerLast(db: Kysely<Database>, identityIds: readonly string[]): Promise<void> {
  const ids = [...new Set(identityIds)];
  if (ids.length === 0) return;
  await sql`
    update conversations c
       set state = jsonb_set(c.state, '{menuShown}', 'false'::jsonb)
      from (select identity_id from conversations
             where identity_id = any(${ids}::bigint[]) and state->>'menuShown' = 'true'
             order by identity_id
               for update) s
     where c.identity_id = s.identity_id`.execute(db);
}

async function writeStates(trx: Kysely<Database>, states: readonly { id: string; state: string }[], now: Date): Promise<void> {
  if (states.length === 0) return;
  await sql`
    update conversations c
       set state = v.state::jsonb, state_version = ${STATE_VERSION}, updated_at = ${now}
      from unnest(${states.map((s) => s.id)}::bigint[], ${states.map((s) => s.state)}::text[]) as v(id, state)
     where c.identity_id = v.id`.execute(trx);
}

