import { Worker } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import { purgeCodes } from '../../codes/codes.js';
import type { Database } from '../../db/schema.js';
import { redisConnection, type QueueRegistry } from '../../jobs/queues.js';
import { watch } from '../../jobs/workers.js';
import type { Logger } from '../../log.js';
import type { IdHasher } from '../core/id-hash.js';
import { eraseMessagesFrom, eraseMessagesTo } from './erase.js';

// A sign-up that stopped before the end holds what the person typed (a name, a business, a
// number) without a registration to show for it. A chat that never became a person and has
// been quiet for SIGNUP_DRAFT_TTL is erased as `HAPUS DATA` would erase it: its messages'
// texts, then the chat and its conversation state (the draft). Staff chats are left alone.
// A job scheduler runs it, once per interval however many schedulers start.

export const PRIVACY_QUEUE = 'privacy';
export const PURGE_SCHEDULER_ID = 'signup-draft-purge';
const BATCH = 500;

export interface DraftPurgeDeps {
  readonly db: Kysely<Database>;
  readonly hashId: IdHasher;
  readonly ttlMs: number;
  readonly clock: () => Date;
}

/** Erases every abandoned sign-up chat; returns how many. */
export async function purgeAbandonedDrafts(deps: DraftPurgeDeps): Promise<number> {
  let purged = 0;
  for (;;) {
    const cutoff = new Date(deps.clock().getTime() - deps.ttlMs);
    const batch = await abandoned(deps.db, cutoff, BATCH);
    for (const id of batch) if (await purgeChat(deps, id, cutoff)) purged++;
    if (batch.length < BATCH) return purged;
  }
}

/** Unregistered, not staff, quiet since the cutoff, and no message of theirs still waiting. */
function abandonedChats(cutoff: Date) {
  return sql<{ id: string }>`
    select i.id from identities i
     where i.person_id is null and i.last_seen_at < ${cutoff}
       and not exists (select 1 from staff s
                        where (i.verified_phone is not null and s.phone_e164 = i.verified_phone)
                           or (i.channel = 'telegram' and s.telegram_user_id = i.address))
       and not exists (select 1 from inbound_messages m where m.identity_id = i.id and m.handled_at is null)`;
}

async function abandoned(db: Kysely<Database>, cutoff: Date, limit: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`${abandonedChats(cutoff)} order by i.id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/** One chat, under its conversation lock (a turn running now keeps it), checked again inside. */
async function purgeChat(deps: DraftPurgeDeps, identityId: string, cutoff: Date): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const locked = await sql`select 1 from conversations where identity_id = ${identityId} for update skip locked`.execute(trx);
    const busy = locked.rows.length === 0 && (await trx.selectFrom('conversations').select('identity_id').where('identity_id', '=', identityId).executeTakeFirst()) !== undefined;
    if (busy) return false;
    const still = await sql`${abandonedChats(cutoff)} and i.id = ${identityId} for update of i`.execute(trx);
    if (still.rows.length === 0) return false;
    await eraseMessagesFrom(trx, deps.hashId, [identityId]);
    await eraseMessagesTo(trx, [identityId], null);
    await trx.deleteFrom('identities').where('id', '=', identityId).execute();
    return true;
  });
}

export async function scheduleDraftPurge(queues: QueueRegistry, ttlMs: number): Promise<void> {
  // Often enough that nothing outstays its time by much; at most hourly.
  const every = Math.max(60_000, Math.min(3_600_000, Math.floor(ttlMs / 24)));
  await queues.upsertScheduler({ queueName: PRIVACY_QUEUE, id: PURGE_SCHEDULER_ID, repeat: { every }, template: { name: 'purge-drafts' } });
}

export function startDraftPurgeWorker(deps: DraftPurgeDeps, queues: QueueRegistry, log: Logger): Worker {
  const worker = new Worker(
    PRIVACY_QUEUE,
    async (job) => {
      if (job.name !== 'purge-drafts') return;
      const purged = await purgeAbandonedDrafts(deps);
      if (purged > 0) log.info({ purged }, 'abandoned sign-up chats erased');
      // One-time codes (staff invitations, `hubungkan`, dashboard sign-in) used, locked or expired a month ago.
      const codes = await purgeCodes(deps.db, deps.clock());
      if (codes > 0) log.info({ codes }, 'old one-time codes deleted');
    },
    { connection: redisConnection(queues.redisUrl), prefix: queues.prefix, concurrency: 1 },
  );
  return watch(worker, log, PRIVACY_QUEUE);
}
