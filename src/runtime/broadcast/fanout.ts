import type { Job, Queue } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { BroadcastRow } from '../../db/staff-schema.js';
import { personalise } from '../../engine/broadcast/announcement.js';
import type { Lang } from '../../engine/core/vocabulary.js';
import type { Renderer } from '../../i18n.js';
import type { Logger } from '../../log.js';
import { insertBulk, type BulkMessage } from '../../outbox/write.js';
import { menuNoLongerLast } from '../core/system-turns.js';
import { messageKey, summaryKey } from './keys.js';
import { broadcastReport } from './report.js';
import type { ReferenceCache } from '../core/references.js';
import { BULK_PRIORITY, queueRows } from '../../outbox/queue.js';
import { restoreSegment } from '../../engine/segments/describe.js';
import type { Recipient } from '../core/recipients.js';
import type { Segments } from '../core/segments.js';
import type { QueueRegistry } from '../../jobs/queues.js';

// A confirmed broadcast becomes one outbox row per recipient, written in batches and queued
// on each channel's bulk path; when no row is left waiting, the staff member who sent it
// gets the delivery summary. Both steps can run again at any time and change nothing:
// a row's dedupe key is `broadcast:<id>:<personId>`, the fan-out resumes after the last
// person it finished, and the broadcast row moves forward only with a guarded update.

export const FANOUT_QUEUE = 'broadcast-fanout';

export interface BroadcastJobDeps {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly renderer: Renderer;
  readonly references: ReferenceCache;
  readonly log: Logger;
  readonly timeZone: string;
  readonly segments: Segments;
  /** Recipients written per batch. */
  readonly batchSize: number;
  /** The clock that decides when a scheduled broadcast is due (tests fix it). */
  readonly now?: () => Date;
}

export interface FanoutJobData {
  readonly broadcastId: string;
}

const fanoutJobId = (broadcastId: string) => `fanout-${broadcastId}`;

export async function queueFanout(queues: QueueRegistry, broadcastId: string): Promise<void> {
  await queues.get(FANOUT_QUEUE).add('fanout', { broadcastId } satisfies FanoutJobData, { jobId: fanoutJobId(broadcastId), attempts: 10 });
}

export async function fanOut(deps: BroadcastJobDeps, broadcastId: string, job?: Job): Promise<number> {
  const { db } = deps;
  const broadcast = await db.selectFrom('broadcasts').selectAll().where('id', '=', broadcastId).executeTakeFirst();
  // Only a broadcast whose time has come: a scheduled or cancelled one never fans out here.
  if (!broadcast || (broadcast.status !== 'approved' && broadcast.status !== 'fanning_out')) return 0;
  const segment = restoreSegment(broadcast.segment);
  await db.updateTable('broadcasts').set({ status: 'fanning_out' }).where('id', '=', broadcastId).where('status', '=', 'approved').execute();
  await queueLeftovers(deps, broadcastId);
  let cursor = broadcast.fanout_cursor;
  let written = 0;
  for (;;) {
    const batch = await deps.segments.recipientsAfter(db, segment, cursor, deps.batchSize);
    if (batch.length === 0) break;
    const rows = await insertBulk(db, batch.map((r) => toMessage(broadcast, r)));
    await menuNoLongerLast(db, batch.map((r) => r.identityId));
    await queueRows(db, deps.queues, rows);
    written += rows.length;
    cursor = batch.at(-1)!.personId;
    await db.updateTable('broadcasts').set({ fanout_cursor: cursor }).where('id', '=', broadcastId).execute();
    await job?.updateProgress({ cursor, written });
  }
  const total = await db
    .selectFrom('outbound_messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('broadcast_id', '=', broadcastId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('broadcasts')
    .set({ status: 'sending', recipients: Number(total.n), fanned_out_at: new Date() })
    .where('id', '=', broadcastId)
    .where('status', '=', 'fanning_out')
    .execute();
  deps.log.info({ broadcastId, recipients: Number(total.n), writtenNow: written }, 'broadcast fanned out');
  return written;
}

function toMessage(broadcast: BroadcastRow, r: Recipient): BulkMessage {
  return {
    identityId: r.identityId,
    personId: r.personId,
    channel: r.channel,
    address: r.address,
    text: personalise(broadcast.text, { nama: r.name, usaha: r.business }),
    ...messageKey(broadcast.id, r.personId),
    priority: BULK_PRIORITY.announcement,
  };
}

/** Rows written by a fan-out that was killed before it could queue them. */
async function queueLeftovers(deps: BroadcastJobDeps, broadcastId: string): Promise<void> {
  for (;;) {
    const rows = await deps.db
      .selectFrom('outbound_messages')
      .select(['id', 'channel', 'address', 'path', 'priority'])
      .where('broadcast_id', '=', broadcastId)
      .where('status', '=', 'pending')
      .orderBy('id')
      .limit(deps.batchSize)
      .execute();
    if (rows.length === 0) return;
    await queueRows(deps.db, deps.queues, rows);
  }
}

/**
 * The periodic check: starts scheduled broadcasts whose time has come, starts fan-outs that
 * never started (their job was lost, or failed for good), and finishes broadcasts with
 * nothing left waiting, sending their summary.
 */
export async function checkBroadcasts(deps: BroadcastJobDeps): Promise<void> {
  await startDue(deps);
  const open = await deps.db.selectFrom('broadcasts').selectAll().where('status', 'not in', ['finished', 'cancelled', 'scheduled']).orderBy('id').execute();
  for (const broadcast of open) {
    if (broadcast.status === 'sending') await finishIfDone(deps, broadcast);
    else await ensureFanout(deps.queues.get(FANOUT_QUEUE), deps.queues, broadcast.id);
  }
}

/** Scheduled broadcasts whose time has come become `approved`; the guard keeps a cancel safe. */
async function startDue(deps: BroadcastJobDeps): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const due = await deps.db
    .updateTable('broadcasts')
    .set({ status: 'approved' })
    .where('status', '=', 'scheduled')
    .where('scheduled_at', '<=', now)
    .returning('id')
    .execute();
  for (const { id } of due) deps.log.info({ broadcastId: id }, 'scheduled broadcast is due');
}

async function ensureFanout(queue: Queue, queues: QueueRegistry, broadcastId: string): Promise<void> {
  const job = await queue.getJob(fanoutJobId(broadcastId));
  if (job && (await job.isFailed())) return job.retry();
  // Completed yet the broadcast never moved on: the job must run again.
  if (job && (await job.isCompleted())) await job.remove();
  else if (job) return;
  await queueFanout(queues, broadcastId);
}

async function finishIfDone(deps: BroadcastJobDeps, broadcast: BroadcastRow): Promise<void> {
  const waiting = await deps.db
    .selectFrom('outbound_messages')
    .select('id')
    .where('broadcast_id', '=', broadcast.id)
    .where('status', 'in', ['pending', 'queued'])
    .limit(1)
    .executeTakeFirst();
  if (waiting) return;
  // Summary first: a crash before the update below only means the summary is looked at
  // again next time, and its dedupe key keeps it to one.
  const finishedAt = new Date();
  await sendSummary(deps, { ...broadcast, status: 'finished', finished_at: finishedAt });
  await deps.db
    .updateTable('broadcasts')
    .set({ status: 'finished', finished_at: finishedAt })
    .where('id', '=', broadcast.id)
    .where('status', '=', 'sending')
    .execute();
  deps.log.info({ broadcastId: broadcast.id }, 'broadcast finished');
}

/** The delivery summary, to the chat the broadcast was confirmed from; once, by its dedupe key. */
export async function sendSummary(deps: BroadcastJobDeps, broadcast: BroadcastRow): Promise<void> {
  if (!broadcast.notify_identity_id) return;
  const chat = await deps.db
    .selectFrom('identities')
    .select(['id', 'channel', 'address'])
    .where('id', '=', broadcast.notify_identity_id)
    .executeTakeFirst();
  if (!chat) return;
  const lang = (broadcast.lang === 'en' ? 'en' : 'id') satisfies Lang;
  const render = (t: Parameters<Renderer['render']>[1]) => deps.renderer.render(lang, t);
  const settings = { refs: await deps.references.get(), timeZone: deps.timeZone, segments: deps.segments };
  const message = deps.renderer.renderMessage(lang, await broadcastReport(deps.db, broadcast, settings, render, true));
  const rows = await insertBulk(deps.db, [
    {
      identityId: chat.id,
      personId: null,
      channel: chat.channel,
      address: chat.address,
      text: message.text,
      ...summaryKey(broadcast.id),
      priority: BULK_PRIORITY.reminder,
    },
  ]);
  await queueRows(deps.db, deps.queues, rows);
}
