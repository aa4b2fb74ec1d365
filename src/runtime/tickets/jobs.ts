import { Worker } from 'bullmq';
import { sql } from 'kysely';
import { text } from '../../engine/core/text.js';
import { workingDayMs, workingMs, type OfficeHours } from '../../engine/tickets/hours.js';
import { redisConnection } from '../../jobs/queues.js';
import { watch } from '../../jobs/workers.js';
import type { QueueableRow } from '../../outbox/queue.js';
import { queueAfterCommit } from '../core/after-commit.js';
import type { Services } from '../core/capability.js';
import { noticeStaff } from './notices.js';
import { age, shownText, ticketHeader } from './store.js';

// Questions nobody has answered after TICKET_REMIND_AFTER of working time (outside office
// hours the clock stops) are told to all staff again, and again after as long once more.
// A job scheduler runs the check once per interval however many workers there are; each
// reminder has its own dedupe key, so a check that runs twice reminds once.

export const TICKETS_QUEUE = 'tickets';
const CHECK_EVERY_MS = 5 * 60_000;

export interface RemindDeps {
  readonly services: Services;
  readonly hours: OfficeHours;
  readonly after: { readonly workingDays: number; readonly workingMs: number };
}

/** Reminds staff of every overdue question; returns how many reminders went out. */
export async function remindOverdue(deps: RemindDeps): Promise<number> {
  const { db, renderer, facts } = deps.services;
  const now = deps.services.clock();
  const threshold = deps.after.workingDays * workingDayMs(deps.hours) + deps.after.workingMs;
  const waiting = await db.selectFrom('tickets').select(['id', 'opened_at', 'reminded_at']).where('status', '=', 'open').where('first_answer_at', 'is', null).execute();
  let reminded = 0;
  for (const t of waiting) {
    if (workingMs(deps.hours, t.reminded_at ?? t.opened_at, now) < threshold) continue;
    const rows = await db.transaction().execute(async (trx): Promise<QueueableRow[]> => {
      const { rows: locked } = await sql<{ reminders: number; first_text: string | null; first_media: string | null }>`
        select t.reminders, m.text as first_text, m.media as first_media
          from tickets t
          left join lateral (select text, media from ticket_messages where ticket_id = t.id and author = 'person' order by id limit 1) m on true
         where t.id = ${t.id} and t.status = 'open' and t.first_answer_at is null
           and t.reminded_at is not distinct from ${t.reminded_at}
           for update of t skip locked`.execute(trx);
      const row = locked[0];
      if (!row) return [];
      const header = (await ticketHeader(trx, Number(t.id)))!;
      const body = row.first_text || row.first_media ? shownText({ text: row.first_text, media: row.first_media }) : text('tickets.asked_for_staff');
      const message = { text: [text('tickets.reminder', { no: header.no, who: header.who, age: age(t.opened_at, now), text: body }), text('tickets.notice_hint', { no: header.no })] };
      const sent = await noticeStaff(trx, { renderer, facts }, header.no, message, `remind:${row.reminders + 1}`);
      await trx.updateTable('tickets').set({ reminded_at: now, reminders: row.reminders + 1 }).where('id', '=', t.id).execute();
      return sent;
    });
    if (rows.length > 0) reminded++;
    await queueAfterCommit(db, deps.services.queues, rows, deps.services.log);
  }
  return reminded;
}

export async function startTicketWorkers(deps: RemindDeps): Promise<Worker[]> {
  const s = deps.services;
  const worker = new Worker(
    TICKETS_QUEUE,
    async (job) => {
      if (job.name === 'remind') await remindOverdue(deps);
    },
    { connection: redisConnection(s.queues.redisUrl), prefix: s.queues.prefix, concurrency: 1 },
  );
  await s.queues.upsertScheduler({ queueName: TICKETS_QUEUE, id: 'tickets-remind', repeat: { every: CHECK_EVERY_MS }, template: { name: 'remind' } });
  return [watch(worker, s.log, TICKETS_QUEUE)];
}
