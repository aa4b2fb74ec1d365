import { randomInt } from 'node:crypto';
import type { Worker, Job } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../log.js';
import { BULK_PRIORITY } from '../../outbox/queue.js';
import { afterCommit, queueAfterCommit } from '../core/after-commit.js';
import type { Services } from '../core/capability.js';
import type { TurnDeps } from '../core/turn.js';
import { runInvitation, runFeedback, runReminder, type WorkshopFanoutDeps } from './fanout.js';
import type { WorkshopDeps } from './handlers.js';
import { pacingFor } from '../../outbox/pace.js';
import type { QueueRegistry } from '../../jobs/queues.js';
import { startFanoutWorker } from '../../jobs/workers.js';

// Workshops as jobs on their own queue. Per workshop (never per person): one delayed
// `remind` job per configured lead time (WORKSHOP_REMINDERS, e.g. 24h and 2h before the
// start) and one `feedback` job at the end; per announcement one `announce` job. Job ids
// carry the workshop's version, which goes up when its time changes: the old jobs are
// removed, and one that slipped through finds a newer version and does nothing. A periodic
// `check` puts back any job Redis lost and restarts announcements that stopped half-way.

export const WORKSHOP_QUEUE = 'workshops';
const CHECK_SCHEDULER_ID = 'workshop-check';
/** How often lost jobs are looked for; a lost job is rare, so once a minute is plenty. */
const CHECK_INTERVAL_MS = 60_000;
/** Late attendance marks still get the feedback question for this long after the end. */
const FEEDBACK_WINDOW_MS = 2 * 86_400_000;
const GET_ME_TIMEOUT_MS = 5_000;

export type WorkshopJobData =
  /** An invitation run (a row of workshop_announcements). */
  | { readonly announcementId: string }
  | { readonly workshopId: string; readonly version: number; readonly beforeMs: number }
  | { readonly workshopId: string; readonly version: number }
  | Record<string, never>;

export interface WorkshopJobDeps {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly turnDeps: TurnDeps;
  readonly config: Config;
  readonly log: Logger;
  /** The Telegram bot's username for deep links; the configured one when not given. */
  readonly telegramBot?: () => Promise<string | null>;
}

const reminderJobId = (workshopId: string, version: number, beforeMs: number) => `wr-${workshopId}-v${version}-${beforeMs}`;
const feedbackJobId = (workshopId: string, version: number) => `wf-${workshopId}-v${version}`;
const invitationJobId = (invitationId: string) => `wa-${invitationId}`;

/**
 * Brings a workshop's delayed jobs in line with its row: reminders still ahead and the
 * feedback question for the current version; none for older versions or when cancelled.
 * Adding a job whose id exists changes nothing, so this may run any number of times.
 *
 * The row is read under a share lock held until the jobs are in line with it: a cancel (or
 * a new time) cannot commit in between, so the periodic check, having read the workshop
 * still open, cannot put its reminders back after the cancel's own call removed them.
 */
export async function scheduleWorkshop(db: Kysely<Database>, queues: QueueRegistry, reminders: readonly number[], workshopId: string): Promise<{ reminders: Date[]; feedback: Date | null }> {
  return db.transaction().execute((trx) => scheduleLocked(trx, queues, reminders, workshopId));
}

async function scheduleLocked(trx: Kysely<Database>, queues: QueueRegistry, reminders: readonly number[], workshopId: string): Promise<{ reminders: Date[]; feedback: Date | null }> {
  const db = trx;
  const workshop = await db.selectFrom('workshops').selectAll().where('id', '=', workshopId).forShare().executeTakeFirst();
  if (!workshop) return { reminders: [], feedback: null };
  const queue = queues.get(WORKSHOP_QUEUE);
  const stale = workshop.status === 'cancelled' ? workshop.version : workshop.version - 1;
  for (let version = 1; version <= stale; version++) {
    await removeJob(queue, feedbackJobId(workshop.id, version));
    for (const beforeMs of reminders) await removeJob(queue, reminderJobId(workshop.id, version, beforeMs));
  }
  if (workshop.status === 'cancelled') return { reminders: [], feedback: null };
  const now = Date.now();
  const done = await db.selectFrom('workshop_reminder_runs').select('before_ms').where('workshop_id', '=', workshop.id).where('version', '=', workshop.version).execute();
  const scheduled: Date[] = [];
  for (const beforeMs of reminders) {
    const at = workshop.starts_at.getTime() - beforeMs;
    // A reminder whose moment has passed is not sent late ("besok" on the day itself).
    if (at <= now || done.some((d) => Number(d.before_ms) === beforeMs)) continue;
    const data = { workshopId: workshop.id, version: workshop.version, beforeMs };
    await queue.add('remind', data, { jobId: reminderJobId(workshop.id, workshop.version, beforeMs), delay: at - now, priority: BULK_PRIORITY.reminder });
    scheduled.push(new Date(at));
  }
  const feedbackAt = workshop.ends_at.getTime();
  const data = { workshopId: workshop.id, version: workshop.version };
  await queue.add('feedback', data, { jobId: feedbackJobId(workshop.id, workshop.version), delay: Math.max(0, feedbackAt - now) });
  return { reminders: scheduled, feedback: new Date(feedbackAt) };
}

async function removeJob(queue: ReturnType<QueueRegistry['get']>, jobId: string): Promise<void> {
  try {
    await queue.remove(jobId);
  } catch {
    // A job running right now cannot be removed; it finds a newer version and does nothing.
  }
}

export async function queueInvitation(queues: QueueRegistry, invitationId: string): Promise<void> {
  await queues.get(WORKSHOP_QUEUE).add('announce', { announcementId: invitationId }, { jobId: invitationJobId(invitationId), attempts: 10 });
}

export function fanoutDeps(deps: WorkshopJobDeps): WorkshopFanoutDeps {
  return {
    db: deps.db,
    queues: deps.queues,
    turnDeps: deps.turnDeps,
    timeZone: deps.config.TZ,
    telegramBot: deps.telegramBot ?? (async () => deps.config.TELEGRAM_BOT_USERNAME ?? null),
    batchSize: deps.config.CHECKIN_BATCH_SIZE,
    log: deps.log,
  };
}

export async function runWorkshopJob(deps: WorkshopJobDeps, job: Job<WorkshopJobData>): Promise<unknown> {
  const data = job.data as Record<string, unknown>;
  switch (job.name) {
    case 'announce':
      return runInvitation(fanoutDeps(deps), String(data.announcementId));
    case 'remind':
      return runReminder(fanoutDeps(deps), String(data.workshopId), Number(data.version), Number(data.beforeMs));
    case 'feedback': {
      const current = await deps.db.selectFrom('workshops').select('version').where('id', '=', String(data.workshopId)).executeTakeFirst();
      // The time changed since this was queued: the newer version's job asks at the new end.
      if (!current || current.version !== Number(data.version)) return 0;
      return runFeedback(fanoutDeps(deps), String(data.workshopId));
    }
    case 'check':
      return checkWorkshops(deps);
    default:
      deps.log.warn({ name: job.name }, 'unknown workshop job ignored');
      return null;
  }
}

/** Puts back lost jobs, asks late-marked attendees for feedback, restarts stopped announcements. */
export async function checkWorkshops(deps: WorkshopJobDeps): Promise<void> {
  const now = new Date();
  const recent = await deps.db.selectFrom('workshops').select(['id', 'ends_at']).where('status', '=', 'open').where('ends_at', '>', new Date(now.getTime() - FEEDBACK_WINDOW_MS)).execute();
  for (const w of recent) {
    if (w.ends_at.getTime() <= now.getTime()) await runFeedback(fanoutDeps(deps), w.id);
    else await scheduleWorkshop(deps.db, deps.queues, deps.config.WORKSHOP_REMINDERS, w.id);
  }
  const unfinished = await deps.db.selectFrom('workshop_announcements').select('id').where('status', '<>', 'done').execute();
  const queue = deps.queues.get(WORKSHOP_QUEUE);
  for (const { id } of unfinished) {
    const job = await queue.getJob(invitationJobId(id));
    if (job && (await job.isFailed())) await job.retry();
    else if (job && (await job.isCompleted())) {
      // Completed, yet the announcement never finished: it must run again.
      await job.remove();
      await queueInvitation(deps.queues, id);
    } else if (!job) await queueInvitation(deps.queues, id);
  }
}

/**
 * The bot's username for `https://t.me/<bot>?start=w12`: TELEGRAM_BOT_USERNAME, else asked
 * of Telegram once (a failed ask is tried again next time; meanwhile no link is shown).
 */
export function telegramBotName(config: Config, log: Logger): () => Promise<string | null> {
  let known: string | null = config.TELEGRAM_BOT_USERNAME?.replace(/^@/u, '') ?? null;
  return async () => {
    if (known || !config.TELEGRAM_BOT_TOKEN) return known;
    try {
      // Loaded here: the command line and processes without Telegram never pay for telegraf.
      const { Telegram } = await import('telegraf');
      const telegram = new Telegram(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {});
      // Never holds up an invitation for long: without an answer, this one goes without the link.
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('getMe timed out')), GET_ME_TIMEOUT_MS).unref());
      known = (await Promise.race([telegram.getMe(), timeout])).username ?? null;
    } catch (error) {
      log.warn({ err: String(error) }, 'could not learn the Telegram bot username; invitations go without the deep link');
    }
    return known;
  };
}

/** Four digits, never starting with 0 (a leading zero gets lost in spreadsheets and speech). */
export function randomAttendanceCode(): string {
  return String(randomInt(1000, 10_000));
}

/** What a turn needs for workshop events. */
export function workshopTurnDeps(s: Services, telegramBot: () => Promise<string | null>): WorkshopDeps {
  const { config, db, queues, log } = s;
  // The turn is committed; the periodic check (or the sweeper, for messages) catches up.
  return {
    timeZone: config.TZ,
    defaultDurationMs: config.WORKSHOP_DURATION,
    telegramBot,
    pacing: (channel) => pacingFor(channel, 'bulk', config),
    randomCode: randomAttendanceCode,
    segments: s.segments,
    queue: (rows) => queueAfterCommit(db, queues, rows, log),
    schedule: (workshopId) => afterCommit(log, 'schedule workshop jobs', () => scheduleWorkshop(db, queues, config.WORKSHOP_REMINDERS, workshopId), { workshopId }),
    startInvitation: (invitationId) => afterCommit(log, 'queue a workshop invitation', () => queueInvitation(queues, invitationId), { invitationId }),
  };
}

export async function startWorkshopWorker(deps: WorkshopJobDeps): Promise<Worker<WorkshopJobData>> {
  const worker = startFanoutWorker<WorkshopJobData>(WORKSHOP_QUEUE, (job) => runWorkshopJob(deps, job), deps);
  await deps.queues.upsertScheduler({ queueName: WORKSHOP_QUEUE, id: CHECK_SCHEDULER_ID, repeat: { every: CHECK_INTERVAL_MS }, template: { name: 'check', data: {} } });
  return worker;
}
