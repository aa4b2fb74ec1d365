import { sql, type Kysely } from 'kysely';
import type { ChannelName } from '../channels/types.js';
import type { Database, OutboundPath } from '../db/schema.js';
import type { QueueRegistry } from '../jobs/queues.js';

// After commit, the outbox rows of a turn become one send job: the messages of one turn
// go out in order, and the job id (from the first row) makes queueing twice harmless.

export interface SendJobData {
  readonly outboxIds: readonly string[];
}

export interface QueueableRow {
  readonly id: string;
  readonly channel: string;
  readonly address: string | null;
  readonly path: OutboundPath;
  readonly priority: number;
}

/** Replies and bulk messages travel separate queues per channel so each is paced on its own. */
export function sendQueueName(channel: ChannelName, path: OutboundPath, address?: string | null): string {
  // The console belongs to one terminal: its messages go only to the process showing them.
  if (channel === 'console') return `send-console-${(address ?? 'local').replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  return `send-${channel}-${path}`;
}

export function sendJobId(outboxIds: readonly string[]): string {
  return `out-${outboxIds[0]}`;
}

/** Queues the given rows (grouped by chat and path, order kept) and marks them queued. */
export async function queueRows(db: Kysely<Database>, queues: QueueRegistry, rows: readonly QueueableRow[]): Promise<void> {
  if (rows.length === 0) return;
  const jobIdOf = new Map<string, string>();
  await addSendJobs(queues, rows, (ids) => sendJobId(ids), jobIdOf);
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += QUEUE_CHUNK) {
    const chunk = ids.slice(i, i + QUEUE_CHUNK);
    await sql`
      update outbound_messages o
         set status = 'queued', queued_at = ${new Date()}, send_job_id = v.job_id
        from (select unnest(${chunk}::bigint[]) as id, unnest(${chunk.map((id) => jobIdOf.get(id)!)}::text[]) as job_id) v
       where o.id = v.id and o.status = 'pending'`.execute(db);
  }
}

/** A queued row whose send job was lost, with the job id it was queued under. */
export interface OrphanedRow extends QueueableRow {
  readonly send_job_id: string | null;
}

/**
 * Queues again rows that are `queued` but whose job is gone (Redis lost it) or finished
 * without sending them. Each row moves to a new job id only if it still carries the old
 * one, so two healers at once (the sweeper, a later reply waiting for it) queue it once.
 * Returns how many rows were queued again.
 */
export async function requeueRows(db: Kysely<Database>, queues: QueueRegistry, rows: readonly OrphanedRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const retry = Date.now().toString(36);
  const claimed = new Set<string>();
  for (let i = 0; i < rows.length; i += QUEUE_CHUNK) {
    const chunk = rows.slice(i, i + QUEUE_CHUNK);
    const result = await sql<{ id: string }>`
      update outbound_messages o
         set send_job_id = ${`requeue-${retry}`}, queued_at = ${new Date()}
        from (select unnest(${chunk.map((r) => r.id)}::bigint[]) as id, unnest(${chunk.map((r) => r.send_job_id)}::text[]) as old_job) v
       where o.id = v.id and o.status = 'queued' and o.send_job_id is not distinct from v.old_job
      returning o.id`.execute(db);
    for (const row of result.rows) claimed.add(String(row.id));
  }
  const mine = rows.filter((r) => claimed.has(r.id));
  if (mine.length === 0) return 0;
  // The rows of one chat travel together again; their job id is set to the group's below.
  const jobIdOf = new Map<string, string>();
  await addSendJobs(queues, mine, (ids) => `${sendJobId(ids)}-r${retry}`, jobIdOf);
  const ids = mine.map((r) => r.id);
  await sql`
    update outbound_messages o set send_job_id = v.job_id
      from (select unnest(${ids}::bigint[]) as id, unnest(${ids.map((id) => jobIdOf.get(id)!)}::text[]) as job_id) v
     where o.id = v.id and o.status = 'queued'`.execute(db);
  return mine.length;
}

/** Adds one send job per chat and path; records each row's job id in `jobIdOf`. */
async function addSendJobs(queues: QueueRegistry, rows: readonly QueueableRow[], jobIdFor: (ids: readonly string[]) => string, jobIdOf: Map<string, string>): Promise<void> {
  const jobsByQueue = new Map<string, { name: string; data: SendJobData; opts: { jobId: string; priority?: number } }[]>();
  for (const group of groupByChat(rows)) {
    const first = group[0]!;
    const ids = group.map((r) => r.id);
    const jobId = jobIdFor(ids);
    for (const id of ids) jobIdOf.set(id, jobId);
    const queueName = sendQueueName(first.channel as ChannelName, first.path, first.address);
    const jobs = jobsByQueue.get(queueName) ?? [];
    jobs.push({ name: 'send', data: { outboxIds: ids }, opts: { jobId, ...bulkPriority(first) } });
    jobsByQueue.set(queueName, jobs);
  }
  for (const [queueName, jobs] of jobsByQueue) {
    for (let i = 0; i < jobs.length; i += QUEUE_CHUNK) await queues.get(queueName).addBulk(jobs.slice(i, i + QUEUE_CHUNK));
  }
}

const QUEUE_CHUNK = 1000;

/**
 * BullMQ takes jobs without a priority before any prioritised job, and a lower number first.
 * So every bulk job gets one — a reminder (1) overtakes a check-in question (5), which
 * overtakes an announcement (10, the default) — and replies, on their own queue, none.
 */
export const BULK_PRIORITY = { reminder: 1, checkin: 5, announcement: 10 } as const;

function bulkPriority(row: QueueableRow): { priority?: number } {
  if (row.path !== 'bulk') return {};
  return { priority: row.priority > 0 ? row.priority : BULK_PRIORITY.announcement };
}

/** One job per chat and path, its rows in id order (the order they were said). */
function groupByChat(rows: readonly QueueableRow[]): QueueableRow[][] {
  const groups = new Map<string, QueueableRow[]>();
  for (const row of [...rows].sort((a, b) => Number(a.id) - Number(b.id))) {
    const key = `${row.channel}|${row.path}|${row.address}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}
