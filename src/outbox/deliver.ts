import { DelayedError, RateLimitError, UnrecoverableError, type Job, type Queue } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import { RateLimitedError, RecipientUnreachableError, type ChannelSender } from '../channels/types.js';
import type { Database, OutboundRow, OutboundStatus } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { QueueRegistry } from '../jobs/queues.js';
import { queueRows, type SendJobData } from './queue.js';
import { requeueLost } from './sweep.js';
import { retryTransient } from '../retry.js';
import { markSent, type SentMarker } from './mark-sent.js';
import { Coalescer } from './coalescer.js';
import type { Pacer } from './pace.js';

// Sends the rows of one send job, in order. Every step checks the row first, so a job
// that runs twice (a worker killed after the platform said OK) sends nothing again once
// the row says `sent`. Pacing never sleeps: a job that must wait goes back to the queue.

const FINAL: ReadonlySet<OutboundStatus> = new Set(['sent', 'failed', 'skipped', 'expired']);

export interface DeliveryDeps {
  readonly db: Kysely<Database>;
  readonly sender: ChannelSender;
  readonly log: Logger;
  /** The job's own queue: rate limits pause it. */
  readonly queue: Queue;
  readonly pacer?: Pacer;
  readonly clock?: () => Date;
  /** Every queue: an earlier reply whose job was lost is queued again from here. */
  readonly queues?: QueueRegistry;
  /** Rows of several jobs taken in one statement; without it each job takes its own. */
  readonly taker?: RowTaker;
  /** Marks of several jobs in one statement; without it each is marked on its own. */
  readonly marker?: SentMarker;
}

export type SendableRow = OutboundRow & { opted_out: boolean; named_gone: boolean; unreachable: boolean; earlier_unsent: boolean; taken: boolean; busy_ms: number | null };

/** How long a reply waits for an earlier reply to the same chat that is being retried. */
const ORDER_WAIT_MS = 500;
/** An earlier reply older than this no longer holds later ones back (its job may be lost). */
export const ORDER_HOLD_LIMIT_MS = 10 * 60_000;
/** An earlier reply unsent for this long is looked at: its job may be lost (a Redis restart). */
const ORDER_HEAL_AFTER_MS = 2_000;
/**
 * How long a job holds a row it is sending (migration 0024). As long as BullMQ's own lock on
 * a job: a worker that dies half-way has its job run again after about that long anyway.
 */
export const SEND_LEASE_MS = 30_000;
/** How often a job waiting for another job's send of the same row looks again. */
const LEASE_POLL_MS = 1_000;

export async function deliverJob(deps: DeliveryDeps, job: Job<SendJobData>, token?: string): Promise<void> {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  // The job's rows are one turn's replies (or one bulk message): read, and taken, in one statement.
  const rows = deps.taker ? await deps.taker.take(job.data.outboxIds) : (await takeRows(deps.db, [job.data.outboxIds]))[0]!;
  const held = new Set([...rows.values()].filter((r) => r.taken).map((r) => String(r.id)));
  try {
    for (const id of job.data.outboxIds) {
      const row = rows.get(String(id));
      if (!row) continue;
      await deliverOne(deps, job, token, row, lastAttempt);
      held.delete(String(row.id));
    }
  } finally {
    // The job steps aside (pacing, order, another job's send) or failed: what it took and did
    // not send is free again at once, not only when the hold lapses.
    if (held.size > 0) await releaseRows(deps.db, [...held]);
  }
}

async function deliverOne(deps: DeliveryDeps, job: Job<SendJobData>, token: string | undefined, row: SendableRow, lastAttempt: boolean): Promise<void> {
  const { db } = deps;
  const id = row.id;
  const now = deps.clock?.() ?? new Date();
  if (FINAL.has(row.status)) return;
  if (row.expires_at && row.expires_at <= now) return finish(db, id, 'expired', 'expired before it could be sent');
  if (!row.address || row.text === null) return finish(db, id, 'skipped', 'personal data erased');
  // Bulk messages respect BERHENTI and known-unreachable chats at the moment of sending.
  if (row.path === 'bulk' && row.opted_out) return finish(db, id, 'skipped', 'opted out (BERHENTI)');
  if (row.path === 'bulk' && row.unreachable) return finish(db, id, 'skipped', 'recipient unreachable');
  if (row.named_gone) return finish(db, id, 'skipped', 'the person it names was erased or stopped');

  if (row.earlier_unsent) {
    // An earlier reply to this chat is waiting for a retry: keep the conversation in order.
    // If its job is gone (Redis lost it) it is queued again, so it does not hold this one.
    if (deps.queues && row.identity_id) await healEarlier(deps.db, deps.queues, row.identity_id, row.id, deps.log);
    await job.moveToDelayed(Date.now() + ORDER_WAIT_MS, token);
    throw new DelayedError();
  }
  // A job Redis lost may still be running in its worker while the job that replaced it (the
  // sweeper saw none) starts: only the one that took the row sends it; the other waits.
  if (!row.taken) {
    await job.moveToDelayed(Date.now() + Math.max(100, Math.min(row.busy_ms ?? 0, LEASE_POLL_MS)), token);
    throw new DelayedError();
  }
  await waitForTurn(deps, job, token, row.address);
  let platformMessageId: string;
  try {
    ({ platformMessageId } = await deps.sender.send({ address: row.address, text: row.text, choices: row.choices, requestContact: row.request_contact, footer: row.footer }));
  } catch (error) {
    await releaseRows(db, [String(row.id)]);
    return handleFailure(deps, row, error, lastAttempt);
  }
  // The platform has the message: from here on a failure must not send it again. A lost
  // database connection is waited out instead of failing the job (whose retry would resend).
  const sentAt = new Date();
  const mark = { id: String(row.id), platformMessageId, sentAt };
  await retryTransient(() => (deps.marker ? deps.marker.mark(mark) : markSent(db, [mark])), {
    maxDelayMs: 5_000,
    onRetry: (error, attempt) => deps.log.warn({ outboxId: row.id, err: String(error), attempt }, 'sent, but could not mark it sent yet; retrying'),
  });
}

/**
 * The rows of one job, each taken for sending (migration 0024) unless another job holds it
 * or it is final. "An earlier reply is unsent" looks only before the job's first row: the
 * job's own rows are sent in order by the job itself. The select sees the rows as they were
 * before the update, so `busy_ms` is the other job's hold.
 */
export async function takeRows(db: Kysely<Database>, jobs: readonly (readonly string[])[]): Promise<Map<string, SendableRow>[]> {
  const ids: string[] = [];
  const firsts: string[] = [];
  // A row asked for by two jobs at once (one of them a job Redis lost): the first one takes it.
  const owner = new Map<string, number>();
  jobs.forEach((jobIds, j) => {
    if (jobIds.length === 0) return;
    const first = jobIds.reduce((a, b) => (Number(a) < Number(b) ? a : b));
    for (const id of jobIds) {
      if (owner.has(String(id))) continue;
      owner.set(String(id), j);
      ids.push(String(id));
      firsts.push(String(first));
    }
  });
  const result = jobs.map(() => new Map<string, SendableRow>());
  if (ids.length === 0) return result;
  const { rows } = await sql<SendableRow>`
    with asked as (
      select * from unnest(${ids}::bigint[], ${firsts}::bigint[]) as a(id, first_id)
    ), taken as (
      update outbound_messages o set sending_until = now() + ${SEND_LEASE_MS} * interval '1 millisecond'
        from asked
       where o.id = asked.id and o.status in ('pending', 'queued')
         and (o.sending_until is null or o.sending_until <= now())
      returning o.id
    )
    select o.*,
           p.opted_out_at is not null as opted_out,
           -- A bulk message that names its addressee without being their chat yet (an
           -- invitation to an imported person): it must not go once they were erased or stopped.
           (o.path = 'bulk' and o.mentions is not null and exists (
              select 1 from people m where m.id = any(o.mentions) and (m.erased_at is not null or m.opted_out_at is not null))) as named_gone,
           i.unreachable_at is not null as unreachable,
           exists (select 1 from outbound_messages e
                    where e.identity_id = o.identity_id and e.path = 'reply' and o.path = 'reply' and e.id < asked.first_id
                      and e.status in ('pending', 'queued') and e.created_at > ${new Date(Date.now() - ORDER_HOLD_LIMIT_MS)}) as earlier_unsent,
           o.id in (select id from taken) as taken,
           greatest(0, extract(epoch from o.sending_until - now()) * 1000)::int as busy_ms
      from asked
      join outbound_messages o on o.id = asked.id
      left join identities i on i.id = o.identity_id
      left join people p on p.id = o.person_id`.execute(db);
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  jobs.forEach((jobIds, j) => {
    for (const id of jobIds) {
      const row = byId.get(String(id));
      if (!row) continue;
      result[j]!.set(String(id), owner.get(String(id)) === j ? row : { ...row, taken: false, busy_ms: SEND_LEASE_MS });
    }
  });
  return result;
}

/** The rows of jobs starting while one such statement is on its way are taken by the next, together. */
export class RowTaker {
  private readonly rows: Coalescer<readonly string[], Map<string, SendableRow>>;

  constructor(db: Kysely<Database>) {
    this.rows = new Coalescer((jobs) => takeRows(db, jobs));
  }

  take(ids: readonly string[]): Promise<Map<string, SendableRow>> {
    return this.rows.add(ids);
  }
}

export async function releaseRows(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  await db.updateTable('outbound_messages').set({ sending_until: null }).where('id', 'in', ids).where('status', 'in', ['pending', 'queued']).execute();
}

/**
 * Earlier replies to this chat unsent for a while: those never queued (Redis was down at
 * commit) are queued, those whose job Redis lost are queued again. Their jobs are idempotent
 * by id and by row status, so a healer racing the sweeper sends nothing twice.
 */
async function healEarlier(db: Kysely<Database>, queues: QueueRegistry, identityId: string, beforeId: string, log: Logger): Promise<void> {
  const cutoff = new Date(Date.now() - ORDER_HEAL_AFTER_MS);
  const earlier = await db
    .selectFrom('outbound_messages')
    .select(['id', 'channel', 'address', 'path', 'priority', 'status', 'send_job_id', 'queued_at', 'created_at'])
    .where('identity_id', '=', identityId)
    .where('path', '=', 'reply')
    .where('id', '<', beforeId)
    .where('status', 'in', ['pending', 'queued'])
    .orderBy('id')
    .limit(50)
    .execute();
  const pending = earlier.filter((r) => r.status === 'pending' && r.created_at < cutoff);
  if (pending.length > 0) await queueRows(db, queues, pending);
  const requeued = await requeueLost(db, queues, earlier.filter((r) => r.status === 'queued'), cutoff);
  if (pending.length + requeued > 0) log.warn({ identityId, pending: pending.length, requeued }, 'an earlier reply had no live send job; queued it again');
}

/**
 * Takes the row for one send (by the database's clock, the same for every worker): `done`
 * when it no longer needs sending, `busyForMs` while another job's lease runs.
 */
/** Asks the pacer; if this message may not go yet, the job waits outside the worker. */
async function waitForTurn(deps: DeliveryDeps, job: Job<SendJobData>, token: string | undefined, address: string): Promise<void> {
  if (!deps.pacer) return;
  const decision = await deps.pacer.acquire(address);
  if (decision.ok) return;
  if (decision.scope === 'channel') {
    await deps.queue.rateLimit(decision.waitMs);
    throw new RateLimitError();
  }
  // Only this chat must wait: the job steps aside and other chats keep going.
  await job.moveToDelayed(Date.now() + decision.waitMs, token);
  throw new DelayedError();
}

async function handleFailure(deps: DeliveryDeps, row: OutboundRow, error: unknown, lastAttempt: boolean): Promise<void> {
  const { db, log } = deps;
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof RecipientUnreachableError) return markUnreachable(db, log, row, reason);
  if (error instanceof RateLimitedError) {
    // Not the message's fault: pause the whole channel for as long as the platform asked.
    log.warn({ channel: row.channel, retryAfterMs: error.retryAfterMs }, 'platform rate limit, pausing channel');
    await deps.pacer?.pauseChannel(error.retryAfterMs);
    await deps.queue.rateLimit(error.retryAfterMs);
    throw new RateLimitError();
  }
  await db.updateTable('outbound_messages').set({ attempts: row.attempts + 1, status_reason: reason }).where('id', '=', row.id).execute();
  if (lastAttempt) {
    await finish(db, row.id, 'failed', reason);
    throw new UnrecoverableError(reason);
  }
  throw error;
}

/** The platform says the chat cannot be reached (blocked, gone): the message fails, the chat is marked, nothing is retried. */
export async function markUnreachable(
  db: Kysely<Database>,
  log: Logger,
  row: Pick<OutboundRow, 'id' | 'channel' | 'attempts'> & { readonly identity_id: string | null },
  reason: string,
): Promise<void> {
  await finish(db, row.id, 'failed', `unreachable: ${reason}`, row.attempts + 1);
  if (row.identity_id) {
    await db.updateTable('identities').set({ unreachable_at: new Date(), unreachable_reason: reason }).where('id', '=', row.identity_id).execute();
  }
  log.warn({ outboxId: row.id, channel: row.channel, reason }, 'recipient unreachable, not retrying');
}

/** A final state; the last words to an erased chat that could not go keep nothing of it either. */
async function finish(db: Kysely<Database>, id: string, status: OutboundStatus, reason: string, attempts?: number): Promise<void> {
  await db
    .updateTable('outbound_messages')
    .set({
      status,
      status_reason: sql<string>`case when forget_after_send then null else ${reason}::text end`,
      text: sql<string | null>`case when forget_after_send then null else text end`,
      address: sql<string | null>`case when forget_after_send then null else address end`,
      choices: sql<string>`case when forget_after_send then '[]'::jsonb else choices end`,
      ...(attempts !== undefined ? { attempts } : {}),
    })
    .where('id', '=', id)
    .execute();
  // A message to be forgotten once sent is forgotten as well when it will never be sent.
  await db.updateTable('outbound_messages').set({ text: null, address: null, choices: '[]', footer: null }).where('id', '=', id).where('forget_after_send', '=', true).execute();
}
