import type { Worker, Job, JobsOptions } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { GrowthSettings } from '../../engine/checkin/growth.js';
import type { Database } from '../../db/schema.js';
import { reportedPeriodAt } from '../../engine/checkin/period.js';
import type { Logger } from '../../log.js';
import { runFanout, runReminders, type FanoutDeps } from './fanout.js';
import { computeGrowthForPeriod } from './growth.js';
import { CheckinPeriodError, openPeriod, type OpenedPeriod } from './periods.js';
import { loadSurveyFile } from './survey-file.js';
import type { TurnDeps } from '../core/turn.js';
import type { QueueRegistry } from '../../jobs/queues.js';
import { startFanoutWorker } from '../../jobs/workers.js';

// The monthly check-in as jobs on their own queue: `open` (from the job scheduler: the
// previous month, in TZ), `fanout` (first question to everyone), `remind` (twice, delayed
// from the opening), `close` (growth status of a period the opening closed). Every job is
// idempotent and resumable, and each has a fixed id per period, so adding it again while
// it waits or runs changes nothing.

export const CHECKIN_QUEUE = 'checkins';
export const CHECKIN_SCHEDULER_ID = 'checkin-monthly';

export interface CheckinJobDeps {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly turnDeps: TurnDeps;
  readonly config: Config;
  readonly log: Logger;
}

export type CheckinJobData = { readonly period?: string; readonly round?: 1 | 2 };

export interface OpenOutcome extends OpenedPeriod {
  readonly remindersAt: readonly Date[];
}

/** Opens a period (or finds it open) and queues its fan-out, reminders and the closing of the previous one. */
export async function openCheckinPeriod(deps: CheckinJobDeps, period: string, openedBy: string): Promise<OpenOutcome> {
  const survey = await loadSurveyFile(deps.config.CHECKIN_SURVEY_FILE);
  const opened = await openPeriod(deps.db, survey, period, openedBy, deps.turnDeps.clock());
  for (const closed of opened.closed) await enqueueOnce(deps, 'close', { period: closed }, `close-${closed}`);
  await enqueueOnce(deps, 'fanout', { period }, `fanout-${period}`);
  const remindersAt = [deps.config.CHECKIN_REMINDER_AFTER, deps.config.CHECKIN_SECOND_REMINDER_AFTER].map((after) => new Date(opened.openedAt.getTime() + after));
  for (const [i, at] of remindersAt.entries()) {
    const round = (i + 1) as 1 | 2;
    await enqueueOnce(deps, 'remind', { period, round }, `remind-${period}-${round}`, { delay: Math.max(0, at.getTime() - Date.now()) });
  }
  deps.log.info({ period, created: opened.created, closed: opened.closed }, 'check-in period opened');
  return { ...opened, remindersAt };
}

/**
 * Adds a job unless one with this id is waiting, delayed or running. A finished or failed
 * one is replaced: every job is idempotent, so running it again only completes what is left.
 */
async function enqueueOnce(deps: CheckinJobDeps, name: string, data: CheckinJobData, jobId: string, opts: JobsOptions = {}): Promise<void> {
  const queue = deps.queues.get(CHECKIN_QUEUE);
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
    await existing.remove();
  }
  await queue.add(name, data, { jobId, ...opts });
}

export async function scheduleCheckins(queues: QueueRegistry, config: Config): Promise<void> {
  await queues.upsertScheduler({ queueName: CHECKIN_QUEUE, id: CHECKIN_SCHEDULER_ID, repeat: { pattern: config.CHECKIN_CRON, tz: config.TZ }, template: { name: 'open', data: {} } });
}

/** How growth is judged, as configured. */
export function growthSettings(config: Config): GrowthSettings {
  return { bandPercent: config.GROWTH_BAND_PERCENT, window: config.GROWTH_WINDOW };
}

export function fanoutDeps(deps: CheckinJobDeps): FanoutDeps {
  return { db: deps.db, queues: deps.queues, turnDeps: deps.turnDeps, batchSize: deps.config.CHECKIN_BATCH_SIZE, log: deps.log };
}

export async function runCheckinJob(deps: CheckinJobDeps, job: Job<CheckinJobData>): Promise<unknown> {
  const period = job.data.period;
  switch (job.name) {
    case 'open':
      return openScheduled(deps, job);
    case 'fanout':
      return runFanout(fanoutDeps(deps), period!);
    case 'remind':
      return runReminders(fanoutDeps(deps), period!, job.data.round ?? 1);
    case 'close':
      return computeGrowthForPeriod(deps.db, growthSettings(deps.config), period!);
    default:
      deps.log.warn({ name: job.name }, 'unknown check-in job ignored');
      return null;
  }
}

/** A run of the schedule reports on the month before the one it was scheduled in. */
async function openScheduled(deps: CheckinJobDeps, job: Job<CheckinJobData>): Promise<unknown> {
  const scheduledAt = new Date(job.timestamp + (job.opts.delay ?? 0));
  const period = job.data.period ?? reportedPeriodAt(scheduledAt, deps.config.TZ);
  try {
    return await openCheckinPeriod(deps, period, 'scheduler');
  } catch (error) {
    // A newer period opened by hand, say: nothing to retry.
    if (error instanceof CheckinPeriodError) {
      deps.log.warn({ period, reason: error.message }, 'scheduled check-in period not opened');
      return null;
    }
    throw error;
  }
}

export function startCheckinWorker(deps: CheckinJobDeps): Worker<CheckinJobData> {
  return startFanoutWorker<CheckinJobData>(CHECKIN_QUEUE, (job) => runCheckinJob(deps, job), deps);
}
