import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { STATE_VERSION } from '../../engine/core/state.js';
import type { QueueableRow } from '../../outbox/queue.js';
import { buildContexts } from './context.js';
import { writeRepliesOf } from './handlers.js';
import { coalesceFlood, finishTurn, FLOOD_LIMIT, loadTurns, playTurn, type LoadedTurn, type PlayedTurn, type TurnDeps } from './turn.js';

// Person turns in batches (issue 14): one transaction takes up to N chats that have a
// message waiting, skipping any chat another transaction holds, and handles ONE message of
// each — the oldest — so every chat stays in order and a chat that floods us gets no more
// than its share of a batch. What each turn reads and writes is the same as a single turn
// (turn.ts); what changes is that the batch shares the statements: one to lock, one to
// load the chats and their messages, one per capability for the context, one for every
// reply of the batch, one for every new state. A handler's own statements (a sign-up
// completing, a seat taken) still run per turn, in the same transaction.

export type ChatTurnResult =
  /** A message was handled; `more` says another one of this chat was already waiting. */
  | { readonly identityId: string; readonly status: 'handled'; readonly more: boolean }
  /** Nothing was waiting (another process handled it, or the job came twice). */
  | { readonly identityId: string; readonly status: 'idle' }
  /** Another transaction holds the chat (or it has no conversation yet): try again later. */
  | { readonly identityId: string; readonly status: 'busy' }
  /** Locked, but left for the next batch: another chat of the same person is in this one. */
  | { readonly identityId: string; readonly status: 'deferred' };

export interface TurnBatchOutcome {
  readonly results: readonly ChatTurnResult[];
  /** Every reply the batch wrote, to queue after commit. */
  readonly outbox: readonly QueueableRow[];
}

export async function runTurnBatch(deps: TurnDeps, identityIds: readonly string[]): Promise<TurnBatchOutcome> {
  const afterCommit: (() => Promise<void>)[] = [];
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const locked = await lockAvailable(trx, identityIds);
    const results: ChatTurnResult[] = identityIds.filter((id) => !locked.has(id)).map((identityId) => ({ identityId, status: 'busy' }));
    if (locked.size === 0) return { results, outbox: [] };
    // Read after locking: a statement that waited for a lock would see older rows.
    const loaded = await loadTurns(trx, [...locked.keys()]);
    const now = deps.clock();
    const outbox: QueueableRow[] = [];
    const toPlay: LoadedTurn[] = [];
    const persons = new Set<string>();
    for (const chat of loaded) {
      if (!chat.inbound_id) {
        results.push({ identityId: chat.identity_id, status: 'idle' });
      } else if (chat.person_id !== null && persons.has(chat.person_id)) {
        // Two chats of one person (WhatsApp and Telegram) never share a batch: the second
        // would be played on a context read before the first one's turn changed it.
        results.push({ identityId: chat.identity_id, status: 'deferred' });
      } else if ((chat.backlog ?? 0) >= FLOOD_LIMIT) {
        const flood = await coalesceFlood(deps, trx, chat, locked.get(chat.identity_id), now);
        outbox.push(...flood.outbox);
        results.push({ identityId: chat.identity_id, status: 'handled', more: flood.more });
      } else {
        if (chat.person_id !== null) persons.add(chat.person_id);
        toPlay.push(chat);
      }
    }
    // An identity erased in the meantime has a locked conversation but no chat row.
    for (const id of locked.keys()) if (!loaded.some((c) => c.identity_id === id)) results.push({ identityId: id, status: 'idle' });
    if (toPlay.length === 0) return { results, outbox };

    const contexts = await buildContexts(trx, toPlay, deps, now);
    const played: PlayedTurn[] = [];
    for (const chat of toPlay) {
      played.push(await playTurn(deps, trx, chat, locked.get(chat.identity_id), contexts.get(chat.identity_id)!, now, afterCommit));
    }
    outbox.push(...(await writeRepliesOf(trx, played.map((p) => p.scope), deps.sendsRepliesHere)));
    await finishTurns(trx, played, now);
    for (const chat of toPlay) results.push({ identityId: chat.identity_id, status: 'handled', more: Number(chat.waiting) > 1 });
    return { results, outbox: outbox.sort((a, b) => Number(a.id) - Number(b.id)) };
  });
  for (const work of afterCommit) await work();
  return outcome;
}

/**
 * Locks the conversations of those chats no other transaction holds. SKIP LOCKED never
 * waits, so batches (and a batch and a job's system turns) cannot wait for each other in a
 * circle here; a chat skipped is tried again by the caller.
 */
async function lockAvailable(trx: Kysely<Database>, identityIds: readonly string[]): Promise<Map<string, unknown>> {
  // The batch's later statements read with JIT off (as system turns do, system-turns.ts):
  // on big tables Postgres would compile the context statements for longer than they run.
  // Set by this first statement, for this transaction only, without a round trip of its own.
  const { rows } = await sql<{ identity_id: string; state: unknown }>`
    with settings as materialized (select set_config('jit', 'off', true))
    select c.identity_id, c.state from conversations c, settings
     where c.identity_id = any(${identityIds}::bigint[])
     order by c.identity_id
       for update of c skip locked`.execute(trx);
  return new Map(rows.map((r) => [String(r.identity_id), r.state]));
}

/**
 * Marks the batch's messages handled and stores the new states in one statement. A turn
 * that named other people or erased its chat is finished on its own (rare, and its
 * statements differ).
 */
async function finishTurns(trx: Kysely<Database>, played: readonly PlayedTurn[], now: Date): Promise<void> {
  const plain = played.filter((p) => !p.scope.forgetIdentity && p.scope.mentions.size === 0);
  for (const p of played) if (!plain.includes(p)) await finishTurn(p.scope, p.state, p.scope.identity.id);
  if (plain.length === 0) return;
  await sql`
    with handled as (update inbound_messages set handled_at = ${now} where id = any(${plain.map((p) => p.scope.inboundId!)}::bigint[]))
    update conversations c
       set state = v.state::jsonb, state_version = ${STATE_VERSION}, turns = c.turns + 1, updated_at = ${now}
      from unnest(${plain.map((p) => p.scope.identity.id)}::bigint[], ${plain.map((p) => JSON.stringify(p.state))}::text[]) as v(id, state)
     where c.identity_id = v.id`.execute(trx);
}
