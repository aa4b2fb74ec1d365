import { UnrecoverableError, type Job } from 'bullmq';
import type { Kysely } from 'kysely';
import { RateLimitedError, RecipientUnreachableError, type ChannelSender } from '../channels/types.js';
import type { Database, OutboundRow, OutboundStatus } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { SendJobData } from '../runtime/outbox.js';

// Sends the rows of one send job, in order. Every step checks the row first, so a job
// that runs twice (a worker killed after the platform said OK) sends nothing again once
// the row says `sent`.

const FINAL: ReadonlySet<OutboundStatus> = new Set(['sent', 'failed', 'skipped', 'expired']);

export interface DeliveryDeps {
  readonly db: Kysely<Database>;
  readonly sender: ChannelSender;
  readonly log: Logger;
  readonly clock?: () => Date;
}

export async function deliverJob(deps: DeliveryDeps, job: Job<SendJobData>): Promise<void> {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  for (const id of job.data.outboxIds) await deliverOne(deps, id, lastAttempt);
}

async function deliverOne(deps: DeliveryDeps, id: string, lastAttempt: boolean): Promise<void> {
  const { db } = deps;
  const now = deps.clock?.() ?? new Date();
  const row = await db.selectFrom('outbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || FINAL.has(row.status)) return;
  if (row.expires_at && row.expires_at <= now) return finish(db, id, 'expired', 'expired before it could be sent');
  if (!row.address || row.text === null) return finish(db, id, 'skipped', 'personal data erased');

  try {
    const result = await deps.sender.send({ address: row.address, text: row.text, choices: row.choices, requestContact: row.request_contact });
    await markSent(db, row, result.platformMessageId, now);
  } catch (error) {
    await handleFailure(deps, row, error, lastAttempt);
  }
}

async function markSent(db: Kysely<Database>, row: OutboundRow, platformMessageId: string, now: Date): Promise<void> {
  await db
    .updateTable('outbound_messages')
    .set({
      status: 'sent',
      platform_message_id: platformMessageId,
      sent_at: now,
      attempts: row.attempts + 1,
      status_reason: null,
      ...(row.forget_after_send ? { text: null, address: null, choices: '[]' } : {}),
    })
    .where('id', '=', row.id)
    .execute();
}

async function handleFailure(deps: DeliveryDeps, row: OutboundRow, error: unknown, lastAttempt: boolean): Promise<void> {
  const { db, log } = deps;
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof RecipientUnreachableError) {
    await finish(db, row.id, 'failed', `unreachable: ${reason}`, row.attempts + 1);
    if (row.identity_id) {
      await db.updateTable('identities').set({ unreachable_at: new Date(), unreachable_reason: reason }).where('id', '=', row.identity_id).execute();
    }
    log.warn({ outboxId: row.id, reason }, 'recipient unreachable, not retrying');
    return;
  }
  if (error instanceof RateLimitedError) throw error; // the worker pauses the channel; the row stays queued
  await db.updateTable('outbound_messages').set({ attempts: row.attempts + 1, status_reason: reason }).where('id', '=', row.id).execute();
  if (lastAttempt) {
    await finish(db, row.id, 'failed', reason);
    throw new UnrecoverableError(reason);
  }
  throw error;
}

async function finish(db: Kysely<Database>, id: string, status: OutboundStatus, reason: string, attempts?: number): Promise<void> {
  await db
    .updateTable('outbound_messages')
    .set({ status, status_reason: reason, ...(attempts !== undefined ? { attempts } : {}) })
    .where('id', '=', id)
    .execute();
}
