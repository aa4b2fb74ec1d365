import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOUND_QUEUE } from '../../src/jobs/queues.js';
import { sweepOnce } from '../../src/runtime/core/sweeper.js';
import { runNextTurn } from '../../src/runtime/core/turn.js';
import { recordInbound } from '../../src/runtime/core/inbound.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { RecordingSender, TestPerson } from '../support/chat.js';

// Several worker processes on one database and Redis: a person's messages are still
// handled one at a time, oldest first. And work a crash left half-done is picked up.

function startWorkerProcess(t: TestApp): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: t.config.DATABASE_URL,
      REDIS_URL: t.config.REDIS_URL,
      QUEUE_PREFIX: t.config.QUEUE_PREFIX,
      ROLES: 'worker',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[worker ${child.pid}] ${d.toString()}`));
  return child;
}

describe('two worker processes', () => {
  let t: TestApp;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    t = await createTestApp('workers');
    children.push(startWorkerProcess(t), startWorkerProcess(t));
    const queue = t.app.queues.get(INBOUND_QUEUE);
    await waitFor(async () => (await queue.getWorkers()).length >= 2, 60_000, 'two worker processes');
  }, 90_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve)))));
    await t.close();
  });

  it('handle a burst of 20 messages from one person in arrival order', async () => {
    const answers = ['halo', 'ya', 'Siti Aminah', 'Warung Berkah', '1', '5', '081234567890', '2019', '7 juta', 'ya', 'ubah omzet', '9 juta', 'ubah nama usaha', 'Warung Berkah Jaya', 'berhenti', 'mulai', 'berhenti', 'profil', 'bahasa en', 'bahasa id'];
    for (const [i, text] of answers.entries()) {
      await t.app.runtime.handleInbound({ channel: 'console', externalId: `burst-${i}`, address: 'burst', kind: 'text', text, receivedAt: new Date() });
    }
    const { db } = t.app.database;
    await waitFor(async () => !(await db.selectFrom('inbound_messages').select('id').where('handled_at', 'is', null).executeTakeFirst()), 60_000, 'all handled');

    const handled = await db.selectFrom('inbound_messages').select(['id', 'handled_at']).orderBy('id').execute();
    const times = handled.map((h) => h.handled_at!.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // Had any two been swapped, the stored profile would differ.
    const person = await db.selectFrom('people').selectAll().executeTakeFirstOrThrow();
    // `ubah omzet` keeps the sign-up figure and records a dated correction (issue 16 item 4);
    // registered this month, so the correction replaces the figure growth compares with.
    expect(person).toMatchObject({ full_name: 'Siti Aminah', business_name: 'Warung Berkah Jaya', baseline_omzet: '7000000', lang: 'id', phone_e164: '+6281234567890' });
    expect(person.opted_out_at).not.toBeNull();
    const corrections = await db.selectFrom('omzet_corrections').select(['omzet', 'replaces_baseline', 'source']).where('person_id', '=', person.id).execute();
    expect(corrections).toEqual([{ omzet: '9000000', replaces_baseline: true, source: 'profile' }]);
    const replies = await db.selectFrom('outbound_messages').select('inbound_id').orderBy('id').execute();
    const order = replies.map((r) => Number(r.inbound_id));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('healing after a crash', () => {
  let t: TestApp;
  const sender = new RecordingSender();

  beforeAll(async () => {
    t = await createTestApp('heal', { SWEEP_INTERVAL_MS: '60000' });
  });
  afterAll(() => t.close());

  it('a turn committed but never queued (crash before enqueue) is sent by the sweeper, once', async () => {
    const person = new TestPerson(t.app, sender, 'heal-1');
    const { db } = t.app.database;
    // Record the message, drop its turn job, run the turn without queueing replies: the crash.
    await t.app.runtime.handleInbound({ channel: 'console', externalId: 'heal-in-1', address: 'heal-1', kind: 'text', text: 'halo', receivedAt: new Date() });
    await t.app.queues.get(INBOUND_QUEUE).obliterate({ force: true });
    const identity = await db.selectFrom('identities').select('id').where('address', '=', 'heal-1').executeTakeFirstOrThrow();
    const outcome = await runNextTurn(t.app.runtime.turnDeps, identity.id);
    expect(outcome?.outbox).toHaveLength(2);
    expect(sender.to('heal-1')).toHaveLength(0);

    const sweepDeps = { db, queues: t.app.queues, runtime: t.app.runtime, graceMs: 0 };
    expect(await sweepOnce(sweepDeps)).toEqual({ inbound: 0, outbound: 2, requeued: 0, schedulers: 0 });
    await person.settled('heal-in-1');
    expect(sender.to('heal-1')).toHaveLength(2);
    expect(await sweepOnce(sweepDeps)).toEqual({ inbound: 0, outbound: 0, requeued: 0, schedulers: 0 });
  });

  it('a message recorded while Redis could not take its turn job is handled by the sweeper', async () => {
    const person = new TestPerson(t.app, sender, 'heal-2');
    await t.app.runtime.handleInbound({ channel: 'console', externalId: 'heal-in-2', address: 'heal-2', kind: 'text', text: 'halo', receivedAt: new Date() });
    await t.app.queues.get(INBOUND_QUEUE).obliterate({ force: true }); // the job never reached Redis
    await t.app.startTurnWorkers(2);
    const swept = await sweepOnce({ db: t.app.database.db, queues: t.app.queues, runtime: t.app.runtime, graceMs: 0 });
    expect(swept.inbound).toBe(1);
    await person.settled('heal-in-2');
    expect(sender.to('heal-2')[0]!.text).toMatch(/selamat datang/);
  });

  it('a message whose turn job finished without handling it gets a job under a new id from the sweeper', async () => {
    const person = new TestPerson(t.app, sender, 'heal-3');
    const { db } = t.app.database;
    // Recorded, and its job id already taken by a job that finished (for another chat).
    const recorded = await recordInbound(db, { channel: 'console', externalId: 'heal-in-3', address: 'heal-3', kind: 'text', text: 'halo', receivedAt: new Date() }, t.app.runtime.turnDeps.hashId);
    const other = await recordInbound(db, { channel: 'console', externalId: 'heal-in-3b', address: 'heal-3b', kind: 'text', text: 'halo', receivedAt: new Date() }, t.app.runtime.turnDeps.hashId);
    // Turn workers run from the test before; started here when this test runs alone.
    if ((await t.app.queues.get(INBOUND_QUEUE).getWorkers()).length === 0) await t.app.startTurnWorkers(2);
    const job = await t.app.queues.get(INBOUND_QUEUE).add('turn', { identityId: other!.identityId }, { jobId: `in-${recorded!.inboundId}` });
    await waitFor(async () => (await job.isCompleted()) || null, 15_000, 'the borrowed job to finish');
    expect((await db.selectFrom('inbound_messages').select('handled_at').where('id', '=', recorded!.inboundId).executeTakeFirstOrThrow()).handled_at).toBeNull();

    const swept = await sweepOnce({ db, queues: t.app.queues, runtime: t.app.runtime, graceMs: 0 });
    expect(swept.inbound).toBe(1);
    await person.settled('heal-in-3');
    expect(sender.to('heal-3')[0]!.text).toMatch(/selamat datang/);
  });
});
