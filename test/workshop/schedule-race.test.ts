import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueRegistry } from '../../src/jobs/queues.js';
import { cancelAction } from '../../src/runtime/workshop/actions.js';
import { WORKSHOP_QUEUE, scheduleWorkshop } from '../../src/runtime/workshop/jobs.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { inDays, makeWorkshop } from './support.js';

// Issue 16, bug (a): the periodic check read a workshop as open, a `workshop cancel` from the
// command line committed and removed its reminder jobs, and then the check added them back.
// The scheduling now reads the row under a lock it holds until the jobs are in line, so the
// cancel waits for it (or it for the cancel) and no reminder of a cancelled workshop is left.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduling a workshop races a cancel', () => {
  let t: TestApp;
  const db = () => t.app.database.db;
  const jobsOf = async (workshopId: string) =>
    (await t.app.queues.get(WORKSHOP_QUEUE).getDelayed()).map((j) => j.id!).filter((id) => id.startsWith(`wr-${workshopId}-`) || id.startsWith(`wf-${workshopId}-`));

  beforeAll(async () => {
    t = await createTestApp('wsrace', { WORKSHOP_REMINDERS: '24h,2h' });
  });
  afterAll(() => t.close());

  it('a check that read the workshop open before the cancel cannot put its reminders back', async () => {
    const w = await makeWorkshop(t, { title: 'Pemasaran Digital', startsAt: inDays(10) });
    expect(await jobsOf(w.id)).toHaveLength(3);

    // The check's queue holds its job additions until the test lets them go: the slow moment
    // between reading the row and adding the jobs, where the cancel used to slip in.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const real = t.app.queues;
    const held: QueueRegistry = Object.assign(Object.create(real) as QueueRegistry, {
      get: (name: string) => {
        const queue = real.get(name);
        return new Proxy(queue, {
          get(target, prop) {
            if (prop === 'add') return async (...args: Parameters<typeof queue.add>) => (await gate, target.add(...args));
            const value = Reflect.get(target, prop, target) as unknown;
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          },
        });
      },
    });
    const check = scheduleWorkshop(db(), held, t.config.WORKSHOP_REMINDERS, w.id);
    await sleep(200);

    // `workshop cancel` as the command line runs it: the action in a transaction, then its jobs.
    let cancelCommitted = false;
    const cancel = (async () => {
      const result = await db()
        .transaction()
        .execute((trx) => cancelAction({ db: trx, renderer: t.app.renderer, facts: t.app.services.facts, lang: 'id', now: new Date(), timeZone: t.config.TZ, staffId: null, actor: 'cli:test' }, w.id));
      cancelCommitted = true;
      await scheduleWorkshop(db(), real, t.config.WORKSHOP_REMINDERS, result.reschedule!);
    })();
    await sleep(300);
    // The cancel waits for the check, which still holds the row.
    expect(cancelCommitted).toBe(false);
    release();
    await Promise.all([check, cancel]);

    expect(cancelCommitted).toBe(true);
    expect((await db().selectFrom('workshops').select('status').where('id', '=', w.id).executeTakeFirstOrThrow()).status).toBe('cancelled');
    expect(await jobsOf(w.id)).toEqual([]);
    // And a check after the cancel adds nothing either.
    await scheduleWorkshop(db(), real, t.config.WORKSHOP_REMINDERS, w.id);
    expect(await jobsOf(w.id)).toEqual([]);
  });

  it('a check that comes while the cancel is being written waits for it, then adds nothing', async () => {
    const w = await makeWorkshop(t, { title: 'Desain Kemasan', startsAt: inDays(12) });
    expect(await jobsOf(w.id)).toHaveLength(3);
    let finishCancel!: () => void;
    const cancelling = new Promise<void>((resolve) => (finishCancel = resolve));
    const cancel = db()
      .transaction()
      .execute(async (trx) => {
        await cancelAction({ db: trx, renderer: t.app.renderer, facts: t.app.services.facts, lang: 'id', now: new Date(), timeZone: t.config.TZ, staffId: null, actor: 'cli:test' }, w.id);
        await cancelling;
      });
    await sleep(200);
    let checked = false;
    const check = scheduleWorkshop(db(), t.app.queues, t.config.WORKSHOP_REMINDERS, w.id).then((r) => ((checked = true), r));
    await sleep(300);
    expect(checked).toBe(false);
    finishCancel();
    await cancel;
    const scheduled = await check;
    expect(scheduled).toEqual({ reminders: [], feedback: null });
    expect(await jobsOf(w.id)).toEqual([]);
  });
});
