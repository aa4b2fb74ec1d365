import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WorkshopRow } from '../../db/workshop-schema.js';
import { text } from '../../engine/core/text.js';
import type { Lang } from '../../engine/core/vocabulary.js';
import type { WorkshopSystemInput } from '../../engine/workshop/vocabulary.js';
import type { QueueRegistry } from '../../jobs/queues.js';
import type { Logger } from '../../log.js';
import { restoreSegment } from '../../engine/segments/describe.js';
import { mayReceive, reachingChat } from '../core/recipients.js';
import type { SegmentSpec } from '../../engine/segments/types.js';
import { recordAudit } from '../staff/audit.js';
import { BULK_PRIORITY } from '../../outbox/queue.js';
import { announcedKey, feedbackKey, inviteKey, reminderKey, workshopTopic } from './keys.js';
import { queueAfterCommit } from '../core/after-commit.js';
import { lockConversations, runLockedSystemTurns } from '../core/system-turns.js';
import type { TurnDeps } from '../core/turn.js';
import { notifyCreator } from './notices.js';
import { toDetails } from './report.js';
import { closedReason } from './seats.js';

// Speaking to many people about one workshop: the invitation to a segment, the reminders
// to those with a seat, the feedback question to those who came. Each is a system turn
// (so the person's conversation knows which workshop they last heard of, and `HADIR` or a
// rating is read against it), in batches, each batch one transaction that locks the
// conversations, writes their states and the messages, and moves the cursor. Run again
// after a crash, a fan-out continues where it stopped and sends nothing twice.

export interface WorkshopFanoutDeps {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly turnDeps: TurnDeps;
  readonly timeZone: string;
  /** The Telegram bot's username for deep links; null when unknown. */
  readonly telegramBot: () => Promise<string | null>;
  readonly batchSize: number;
  readonly log?: Logger;
}

export interface NewInvitation {
  readonly workshopId: string;
  readonly staffId: string | null;
  readonly actor: string;
  readonly segment: SegmentSpec;
  /** Where the "invitations sent" note goes: the staff member's chat. */
  readonly notifyIdentityId: string | null;
  readonly lang: Lang;
}

export async function createInvitation(db: Kysely<Database>, input: NewInvitation, now: Date): Promise<string> {
  const row = await db
    .insertInto('workshop_announcements')
    .values({
      workshop_id: input.workshopId,
      staff_id: input.staffId,
      actor: input.actor,
      segment: JSON.stringify(input.segment),
      notify_identity_id: input.notifyIdentityId,
      lang: input.lang,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db, { staffId: input.staffId, actor: input.actor, action: 'workshop_announced', details: { workshopId: input.workshopId, invitationId: row.id, segment: input.segment } }, now);
  return row.id;
}


/** Invites the announcement's segment, except people who already hold a seat or a waiting-list place. */
export async function runInvitation(deps: WorkshopFanoutDeps, invitationId: string): Promise<number> {
  const { db } = deps;
  const announcement = await db.selectFrom('workshop_announcements').selectAll().where('id', '=', invitationId).executeTakeFirst();
  if (!announcement || announcement.status === 'done') return 0;
  const workshop = await db.selectFrom('workshops').selectAll().where('id', '=', announcement.workshop_id).executeTakeFirstOrThrow();
  if (closedReason(workshop, deps.turnDeps.clock())) return finishInvitation(deps, invitationId, workshop);
  await db.updateTable('workshop_announcements').set({ status: 'fanning_out' }).where('id', '=', invitationId).where('status', '=', 'approved').execute();
  const segment = restoreSegment(announcement.segment);
  const telegramBot = await deps.telegramBot();
  let cursor = announcement.fanout_cursor;
  for (;;) {
    const batch = await deps.turnDeps.segments.recipientsAfter(db, segment, cursor, deps.batchSize);
    if (batch.length === 0) break;
    const last = batch.at(-1)!.personId;
    const outbox = await db.transaction().execute(async (trx) => {
      // Read in each batch, under a share lock: a change made meanwhile (a new place) either is
      // seen here or waits for this batch and then rewrites its unsent invitations.
      const current = await trx.selectFrom('workshops').selectAll().where('id', '=', workshop.id).forShare().executeTakeFirstOrThrow();
      const input: WorkshopSystemInput = { type: 'system', event: 'workshop_invited', workshop: toDetails(current), timeZone: deps.timeZone, telegramBot };
      const locked = await lockConversations(trx, batch.map((r) => r.identityId));
      const registered = await registeredAmong(trx, workshop.id, batch.map((r) => r.personId));
      const targets = batch.filter((r) => !registered.has(r.personId));
      const turns = await runLockedSystemTurns(trx, deps.turnDeps, new Map(targets.map((r) => [r.identityId, locked.get(r.identityId)])), {
        input,
        dedupeKey: (identityId, index) => inviteKey(workshop.id, invitationId, identityId, index),
        priority: BULK_PRIORITY.announcement,
        expiresAt: workshop.starts_at,
      });
      if (targets.length > 0) {
        await trx
          .insertInto('workshop_invitations')
          .values(targets.map((r) => ({ workshop_id: workshop.id, person_id: r.personId, announcement_id: invitationId, identity_id: r.identityId, invited_at: deps.turnDeps.clock() })))
          .onConflict((oc) => oc.constraint('workshop_invitations_pkey').doNothing())
          .execute();
      }
      await trx.updateTable('workshop_announcements').set({ fanout_cursor: last }).where('id', '=', invitationId).execute();
      return turns.outbox;
    });
    await queueAfterCommit(deps.db, deps.queues, outbox, deps.log);
    cursor = last;
  }
  return finishInvitation(deps, invitationId, workshop);
}

async function registeredAmong(db: Kysely<Database>, workshopId: string, personIds: readonly string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('workshop_rsvps')
    .select('person_id')
    .where('workshop_id', '=', workshopId)
    .where('person_id', 'in', [...personIds])
    .where('status', '<>', 'cancelled')
    .execute();
  return new Set(rows.map((r) => r.person_id));
}

/** Counts the people written to, closes the announcement and tells the staff member, once. */
async function finishInvitation(deps: WorkshopFanoutDeps, invitationId: string, workshop: WorkshopRow): Promise<number> {
  const { db } = deps;
  // People, not messages: someone in the middle of a question gets the question again too.
  const written = await db
    .selectFrom('outbound_messages')
    .select((eb) => eb.fn.count<string>('person_id').distinct().as('n'))
    .where('workshop_id', '=', workshop.id)
    .where('topic', '=', workshopTopic('invite'))
    .where('run_id', '=', invitationId)
    .executeTakeFirstOrThrow();
  const recipients = Number(written.n);
  const announcement = await db.selectFrom('workshop_announcements').selectAll().where('id', '=', invitationId).executeTakeFirstOrThrow();
  if (announcement.notify_identity_id) {
    const message = { text: [text('workshop.announce_done', { id: workshop.id, title: workshop.title, count: recipients })] };
    const rows = await notifyCreator(db, { renderer: deps.turnDeps.renderer, facts: deps.turnDeps.facts }, { ...workshop, notify_identity_id: announcement.notify_identity_id }, message, announcedKey(workshop.id, invitationId));
    await queueAfterCommit(deps.db, deps.queues, rows, deps.log);
  }
  await db
    .updateTable('workshop_announcements')
    .set({ status: 'done', recipients, done_at: new Date() })
    .where('id', '=', invitationId)
    .where('status', '<>', 'done')
    .execute();
  deps.log?.info({ invitationId, workshopId: workshop.id, recipients }, 'workshop invitations written');
  return recipients;
}

interface Candidate {
  person_id: string;
  identity_id: string;
}

/** The chat of each person who may receive it: the one they answered the workshop from while reachable, else their latest. */
function candidateChats(condition: ReturnType<typeof sql>, workshopId: string, cursor: string, limit: number) {
  return sql<Candidate>`
    select x.person_id, chat.identity_id
      from (${condition}) x
      join people p on p.id = x.person_id
      left join workshop_rsvps r on r.workshop_id = ${workshopId} and r.person_id = x.person_id
      join lateral ${reachingChat(sql`x.person_id`, sql`r.identity_id`)} chat on true
     where x.person_id > ${cursor} and ${mayReceive('p')}
     order by x.person_id
     limit ${limit}`;
}

/**
 * One reminder round (`beforeMs` before the start) to everyone with a seat. A job of an
 * older version (the time has changed since) or of a cancelled workshop does nothing.
 */
export async function runReminder(deps: WorkshopFanoutDeps, workshopId: string, version: number, beforeMs: number): Promise<number> {
  const { db } = deps;
  const workshop = await db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirst();
  if (!workshop || workshop.version !== version || closedReason(workshop, deps.turnDeps.clock())) return 0;
  const done = await db.selectFrom('workshop_reminder_runs').select('done_at').where('workshop_id', '=', workshopId).where('version', '=', version).where('before_ms', '=', String(beforeMs)).executeTakeFirst();
  if (done) return 0;
  const input: WorkshopSystemInput = { type: 'system', event: 'workshop_reminder', workshop: toDetails(workshop), timeZone: deps.timeZone, beforeMs };
  const confirmed = sql`select person_id from workshop_rsvps where workshop_id = ${workshopId} and status = 'confirmed'`;
  let cursor = '0';
  let reminded = 0;
  for (;;) {
    const { rows: batch } = await candidateChats(confirmed, workshopId, cursor, deps.batchSize).execute(db);
    if (batch.length === 0) break;
    const outbox = await db.transaction().execute(async (trx) => {
      const locked = await lockConversations(trx, batch.map((c) => c.identity_id));
      // After the lock: someone whose BATAL HADIR was just committed is no longer confirmed.
      const still = await trx.selectFrom('workshop_rsvps').select('person_id').where('workshop_id', '=', workshopId).where('status', '=', 'confirmed').where('person_id', 'in', batch.map((c) => c.person_id)).execute();
      const keep = new Set(still.map((r) => r.person_id));
      const targets = batch.filter((c) => keep.has(c.person_id));
      const turns = await runLockedSystemTurns(trx, deps.turnDeps, new Map(targets.map((c) => [c.identity_id, locked.get(c.identity_id)])), {
        input,
        dedupeKey: (identityId, index) => reminderKey(workshopId, version, beforeMs, identityId, index),
        priority: BULK_PRIORITY.reminder,
        // A reminder that could not go before the workshop began is of no use: it expires.
        expiresAt: workshop.starts_at,
      });
      return { outbox: turns.outbox, count: targets.length };
    });
    await queueAfterCommit(deps.db, deps.queues, outbox.outbox, deps.log);
    reminded += outbox.count;
    cursor = batch.at(-1)!.person_id;
  }
  await db
    .insertInto('workshop_reminder_runs')
    .values({ workshop_id: workshopId, version, before_ms: beforeMs, reminded, done_at: new Date() })
    .onConflict((oc) => oc.constraint('workshop_reminder_runs_pkey').doNothing())
    .execute();
  deps.log?.info({ workshopId, version, beforeMs, reminded }, 'workshop reminders written');
  return reminded;
}

const FEEDBACK_TTL_MS = 3 * 86_400_000;

/** The feedback question to everyone marked present who has not been asked; safe to run again. */
export async function runFeedback(deps: WorkshopFanoutDeps, workshopId: string): Promise<number> {
  const { db } = deps;
  const workshop = await db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirst();
  if (!workshop || workshop.status === 'cancelled') return 0;
  const input: WorkshopSystemInput = { type: 'system', event: 'workshop_feedback_asked', workshop: toDetails(workshop) };
  const present = sql`
    select a.person_id from workshop_attendance a
     where a.workshop_id = ${workshopId}
       and not exists (select 1 from workshop_feedback f where f.workshop_id = a.workshop_id and f.person_id = a.person_id and f.asked_at is not null)`;
  let cursor = '0';
  let asked = 0;
  for (;;) {
    const { rows: batch } = await candidateChats(present, workshopId, cursor, deps.batchSize).execute(db);
    if (batch.length === 0) break;
    const outbox = await db.transaction().execute(async (trx) => {
      const locked = await lockConversations(trx, batch.map((c) => c.identity_id));
      const now = deps.turnDeps.clock();
      // Claimed in the same transaction: a second run at the same time asks nobody twice.
      const { rows: claimed } = await sql<{ person_id: string }>`
        insert into workshop_feedback (workshop_id, person_id, identity_id, asked_at)
        select ${workshopId}, v.person_id, v.identity_id, ${now}
          from unnest(${batch.map((c) => c.person_id)}::bigint[], ${batch.map((c) => c.identity_id)}::bigint[]) as v(person_id, identity_id)
        on conflict on constraint workshop_feedback_pkey do update
           set asked_at = excluded.asked_at, identity_id = excluded.identity_id
         where workshop_feedback.asked_at is null
        returning person_id`.execute(trx);
      const mine = new Set(claimed.map((r) => r.person_id));
      const targets = batch.filter((c) => mine.has(c.person_id));
      const turns = await runLockedSystemTurns(trx, deps.turnDeps, new Map(targets.map((c) => [c.identity_id, locked.get(c.identity_id)])), {
        input,
        dedupeKey: (identityId, index) => feedbackKey(workshopId, identityId, index),
        priority: BULK_PRIORITY.checkin,
        expiresAt: new Date(workshop.ends_at.getTime() + FEEDBACK_TTL_MS),
      });
      return { outbox: turns.outbox, count: targets.length };
    });
    await queueAfterCommit(deps.db, deps.queues, outbox.outbox, deps.log);
    asked += outbox.count;
    cursor = batch.at(-1)!.person_id;
  }
  await db.updateTable('workshops').set({ feedback_done_at: new Date() }).where('id', '=', workshopId).where('feedback_done_at', 'is', null).execute();
  if (asked > 0) deps.log?.info({ workshopId, asked }, 'workshop feedback asked');
  return asked;
}
