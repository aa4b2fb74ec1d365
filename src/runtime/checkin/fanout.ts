import { BULK_PRIORITY } from '../../outbox/queue.js';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { QueueRegistry } from '../../jobs/queues.js';
import type { Logger } from '../../log.js';
import type { SystemInput } from '../../engine/unions.js';
import type { QueueableRow } from '../../outbox/queue.js';
import { queueAfterCommit } from '../core/after-commit.js';
import { questionKey, reminderKey } from './keys.js';
import { mayReceive, reachable, reachingChat } from '../core/recipients.js';
import { lockConversations, runLockedSystemTurns } from '../core/system-turns.js';
import type { TurnDeps } from '../core/turn.js';

// Sending a period's check-in to everyone it concerns, and the reminders after. Both walk
// the check-in rows in id order, a batch per transaction, and mark each row in the same
// transaction that changed the person's conversation and wrote the message. So a run
// killed at any point and run again continues where it stopped: no one twice, no one
// left out.

export interface FanoutDeps {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly turnDeps: TurnDeps;
  /** Conversations per transaction. */
  readonly batchSize: number;
  readonly log?: Logger;
}

export interface RunOptions {
  /** Checked between batches: a stop (shutdown, or a test) leaves nothing half-done. */
  readonly signal?: AbortSignal;
  readonly onBatch?: (done: number) => void;
}

export interface FanoutResult {
  readonly created: number;
  readonly asked: number;
  readonly remembered: number;
  readonly skipped: number;
}

const ROW_BATCH = 5000;
const DAY_MS = 24 * 3600_000;
/** A first question still unsent after this long is no use: the month is nearly over. */
const QUESTION_TTL_MS = 20 * DAY_MS;
const REMINDER_TTL_MS = 4 * DAY_MS;

// Who is asked: whoever may receive messages nobody asked for and can still be reached.
const ELIGIBLE = sql`${mayReceive('p')} and ${reachable('p')}`;

export async function runFanout(deps: FanoutDeps, period: string, options: RunOptions = {}): Promise<FanoutResult> {
  const open = await deps.db.selectFrom('checkin_periods').selectAll().where('period', '=', period).executeTakeFirst();
  if (!open || open.closed_at) return { created: 0, asked: 0, remembered: 0, skipped: 0 };
  const created = await createCheckinRows(deps, period, open.survey_version, options);
  // A new period can make most of the table at once (the first period makes all of it):
  // until autovacuum gets to it the planner has no statistics for those rows, and each
  // batch's check-in context then read the whole table. Sampling it now costs a fraction
  // of a second.
  if (created > 1000) await sql`analyze checkins`.execute(deps.db);
  const totals = { created, asked: 0, remembered: 0, skipped: 0 };
  const input: SystemInput = { type: 'system', event: 'checkin_opened', period };
  let cursor = '0';
  // A batch's messages go to Redis while the next batch is written to Postgres.
  let queueing: Promise<void> = Promise.resolve();
  try {
    for (let batch = 1; ; batch++) {
      options.signal?.throwIfAborted();
      const done = await inviteBatch(deps, period, input, cursor);
      if (!done) break;
      await queueing;
      queueing = queueAfterCommit(deps.db, deps.queues, done.outbox, deps.log);
      cursor = done.lastId;
      totals.asked += done.asked;
      totals.remembered += done.remembered;
      totals.skipped += done.skipped;
      options.onBatch?.(batch);
    }
  } finally {
    await queueing;
  }
  await deps.db.updateTable('checkin_periods').set({ fanout_done_at: deps.turnDeps.clock() }).where('period', '=', period).where('fanout_done_at', 'is', null).execute();
  deps.log?.info({ period, ...totals }, 'check-in fan-out finished');
  return totals;
}

/** One row per eligible person, made in large batches; rows that exist already stay as they are. */
async function createCheckinRows(deps: FanoutDeps, period: string, surveyVersion: number, options: RunOptions): Promise<number> {
  let cursor = '0';
  let created = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const { rows } = await sql<{ last_id: string | null; created: string }>`
      with batch as (
        select p.id from people p
         where p.id > ${cursor} and ${ELIGIBLE}
         order by p.id limit ${ROW_BATCH}
      ), made as (
        insert into checkins (person_id, period, survey_version)
        select id, ${period}, ${surveyVersion} from batch
        on conflict on constraint checkins_person_period_key do nothing
        returning 1
      )
      select (select max(id) from batch) as last_id, (select count(*) from made) as created`.execute(deps.db);
    const row = rows[0];
    if (!row?.last_id) return created;
    created += Number(row.created);
    cursor = row.last_id;
  }
}

interface Candidate {
  id: string;
  identity_id: string | null;
  eligible: boolean;
}

interface BatchDone {
  readonly lastId: string;
  readonly outbox: readonly QueueableRow[];
  readonly asked: number;
  readonly remembered: number;
  readonly skipped: number;
}

async function inviteBatch(deps: FanoutDeps, period: string, input: SystemInput, cursor: string): Promise<BatchDone | null> {
  const candidates = await nextCandidates(deps, period, cursor, sql`ck.invited_at is null and ck.status = 'open'`);
  if (candidates.length === 0) return null;
  const lastId = candidates.at(-1)!.id;
  const now = deps.turnDeps.clock();

  const outcome = await deps.db.transaction().execute(async (trx) => {
    const reachable = candidates.filter((c) => c.eligible && c.identity_id !== null);
    const locked = await lockConversations(trx, reachable.map((c) => c.identity_id!));
    // Rows another run invited meanwhile are left alone (lock order: conversations, then check-ins, as in a person turn).
    const claimed = await claim(trx, candidates.map((c) => c.id), sql`invited_at is null and status = 'open'`);
    const targets = reachable.filter((c) => claimed.has(c.id));
    const turns = await runLockedSystemTurns(trx, deps.turnDeps, pick(locked, targets), {
      input,
      dedupeKey: (identityId, index) => questionKey(period, identityId, index),
      expiresAt: new Date(now.getTime() + QUESTION_TTL_MS),
      priority: BULK_PRIORITY.checkin,
    });
    const skipped = candidates.filter((c) => claimed.has(c.id) && !targets.includes(c));
    await markRows(trx, [
      ...targets.map((c) => ({ id: c.id, identityId: c.identity_id, reason: null })),
      ...skipped.map((c) => ({ id: c.id, identityId: null, reason: c.eligible ? 'unreachable' : 'opted_out_or_erased' })),
    ], sql`invited_at = ${now}`);
    return { outbox: turns.outbox, targets: targets.length, skipped: skipped.length };
  });
  // A system turn says one message (greeting and question together) or, to someone busy, nothing.
  const asked = outcome.outbox.length;
  return { lastId, outbox: outcome.outbox, asked, remembered: outcome.targets - asked, skipped: outcome.skipped };
}

export interface ReminderResult {
  readonly reminded: number;
  readonly skipped: number;
}

/** Reminder `round` (1, then 2 = the last) to everyone who has not finished, can be reached and has not opted out. */
export async function runReminders(deps: FanoutDeps, period: string, round: 1 | 2, options: RunOptions = {}): Promise<ReminderResult> {
  const open = await deps.db.selectFrom('checkin_periods').select('closed_at').where('period', '=', period).executeTakeFirst();
  if (!open || open.closed_at) return { reminded: 0, skipped: 0 };
  const input: SystemInput = { type: 'system', event: 'checkin_reminder', period, last: round === 2 };
  const totals = { reminded: 0, skipped: 0 };
  let cursor = '0';
  for (let batch = 1; ; batch++) {
    options.signal?.throwIfAborted();
    const done = await remindBatch(deps, period, round, input, cursor);
    if (!done) break;
    cursor = done.lastId;
    totals.reminded += done.reminded;
    totals.skipped += done.skipped;
    options.onBatch?.(batch);
  }
  deps.log?.info({ period, round, ...totals }, 'check-in reminders sent');
  return totals;
}

async function remindBatch(deps: FanoutDeps, period: string, round: number, input: SystemInput, cursor: string) {
  // The chat that has the check-in, if it can still be reached; else the latest one that can.
  const which = sql`ck.status = 'open' and ck.invited_at is not null and ck.skip_reason is null and ck.reminders_sent < ${round}`;
  const candidates = await nextCandidates(deps, period, cursor, which, sql`ck.identity_id`);
  if (candidates.length === 0) return null;
  const lastId = candidates.at(-1)!.id;
  const now = deps.turnDeps.clock();
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const reachable = candidates.filter((c) => c.eligible && c.identity_id !== null);
    const locked = await lockConversations(trx, reachable.map((c) => c.identity_id!));
    const claimed = await claim(trx, reachable.map((c) => c.id), sql`reminders_sent < ${round} and status = 'open'`);
    const targets = reachable.filter((c) => claimed.has(c.id));
    const turns = await runLockedSystemTurns(trx, deps.turnDeps, pick(locked, targets), {
      input,
      dedupeKey: (identityId, index) => reminderKey(period, round, identityId, index),
      expiresAt: new Date(now.getTime() + REMINDER_TTL_MS),
      priority: BULK_PRIORITY.reminder,
    });
    await markRows(trx, targets.map((c) => ({ id: c.id, identityId: c.identity_id, reason: null })), sql`reminders_sent = ${round}`);
    return { outbox: turns.outbox, reminded: targets.length };
  });
  await queueAfterCommit(deps.db, deps.queues, outcome.outbox, deps.log);
  return { lastId, reminded: outcome.reminded, skipped: candidates.length - outcome.reminded };
}

/** The next check-in rows of the period that match `which`: whether each person may be messaged, and the chat that reaches them. */
async function nextCandidates(deps: FanoutDeps, period: string, cursor: string, which: RawBuilder<unknown>, prefer?: RawBuilder<unknown>): Promise<Candidate[]> {
  const { rows } = await sql<Candidate>`
    select ck.id, chat.identity_id, ${mayReceive('p')} as eligible
      from checkins ck
      join people p on p.id = ck.person_id
      left join lateral ${reachingChat(sql`ck.person_id`, prefer)} chat on true
     where ck.period = ${period} and ck.id > ${cursor} and ${which}
     order by ck.id limit ${deps.batchSize}`.execute(deps.db);
  return rows;
}

/** Locks the rows that still match `condition`, in id order; returns their ids. */
async function claim(trx: Kysely<Database>, ids: readonly string[], condition: ReturnType<typeof sql>): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ id: string }>`
    select id from checkins where id = any(${ids}::bigint[]) and ${condition} order by id for update`.execute(trx);
  return new Set(rows.map((r) => r.id));
}

function pick(locked: ReadonlyMap<string, unknown>, targets: readonly Candidate[]): Map<string, unknown> {
  return new Map(targets.map((c) => [c.identity_id!, locked.get(c.identity_id!)]));
}

async function markRows(trx: Kysely<Database>, rows: readonly { id: string; identityId: string | null; reason: string | null }[], set: ReturnType<typeof sql>): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update checkins ck
       set ${set}, identity_id = coalesce(v.identity_id, ck.identity_id), skip_reason = coalesce(v.reason, ck.skip_reason)
      from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.identityId)}::bigint[], ${rows.map((r) => r.reason)}::text[]) as v(id, identity_id, reason)
     where ck.id = v.id`.execute(trx);
}
