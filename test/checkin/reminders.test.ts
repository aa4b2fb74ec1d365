import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKIN_QUEUE } from '../../src/runtime/checkin/jobs.js';
import { runReminders } from '../../src/runtime/checkin/fanout.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { RecordingSender, TestPerson } from '../support/chat.js';
import { insertPeopleInOrder as insertPeople } from '../support/seed.js';
import { openByHand, waitForFanout } from './support.js';

// Reminders, with delays shortened for the test: two per period, as delayed jobs, only to
// those who have not finished, can be reached and have not opted out.

describe('check-in reminders', () => {
  let t: TestApp;
  const sender = new RecordingSender();
  const who = ['done', 'half', 'silent', 'paused', 'busy', 'stop', 'gone'] as const;
  const chat: Record<string, TestPerson> = {};
  const reminders = (name: string) => sender.to(`rm-${name}`).filter((m) => m.text.includes('🔔'));

  beforeAll(async () => {
    t = await createTestApp('reminders', { CHECKIN_REMINDER_AFTER: '5s', CHECKIN_SECOND_REMINDER_AFTER: '8s' });
    await t.app.startTurnWorkers(4);
    await insertPeople(t.app.database.db, who.map((name) => ({ name, omzet: 2_000_000, chats: [{ address: `rm-${name}` }] })));
    for (const name of who) chat[name] = new TestPerson(t.app, sender, `rm-${name}`);
  });
  afterAll(() => t.close());

  it('are two delayed jobs for the period, not one per person', async () => {
    const opened = await openByHand(t, '2026-11');
    const delayed = await t.app.queues.get(CHECKIN_QUEUE).getDelayed();
    expect(delayed.map((j) => [j.id, j.data]).sort()).toEqual([
      ['remind-2026-11-1', { period: '2026-11', round: 1 }],
      ['remind-2026-11-2', { period: '2026-11', round: 2 }],
    ]);
    expect(opened.remindersAt.map((d) => d.getTime() - opened.openedAt.getTime())).toEqual([5000, 8000]);
    await waitForFanout(t, '2026-11');
    await waitFor(async () => who.every((name) => sender.to(`rm-${name}`).length > 0), 15_000, 'first questions');
  });

  it('reach only those who have not finished, not those who stopped or cannot be reached', async () => {
    for (const answer of ['3 juta', '2', 'tidak', '1', 'ya']) await chat.done!.say(answer); // 'ya' sends it at the summary
    await chat.half!.say('3 juta');
    await chat.paused!.say('3 juta');
    await chat.paused!.say('batal');
    await chat.busy!.say('ubah nama');
    await chat.stop!.say('BERHENTI');
    await t.app.database.db.updateTable('identities').set({ unreachable_at: new Date(), unreachable_reason: 'blocked' }).where('address', '=', 'rm-gone').execute();

    await waitFor(async () => ['half', 'silent', 'paused', 'busy'].every((name) => reminders(name).length === 2), 20_000, 'two reminders each');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reminders('done')).toEqual([]);
    expect(reminders('stop')).toEqual([]);
    const gone = await t.app.database.db.selectFrom('outbound_messages').select('id').where('address', '=', 'rm-gone').where('dedupe_key', 'like', '%reminder%').execute();
    expect(gone).toEqual([]);

    const [first, last] = reminders('half').map((m) => m.text);
    expect(first).toContain('🔔 Pengingat: *laporan bulanan November 2026* Bapak/Ibu belum selesai.');
    expect(first).toContain('Berapa orang yang bekerja');
    expect(last).toContain('🔔 Pengingat terakhir:');
    expect(last).toContain('Berapa orang yang bekerja');
    expect(reminders('silent')[0]!.text).toContain('Berapa *omzet*');
    expect(reminders('paused')[0]!.text).toContain('Berapa orang yang bekerja');
    expect(reminders('busy')[0]!.text).toContain('ketik *LAPOR* untuk mengisinya');
    expect(reminders('busy')[0]!.text).not.toContain('Berapa');
  });

  it('an answer to the question in a reminder is taken as that answer', async () => {
    expect((await chat.half!.say('2')).join('\n')).toContain('berjualan *online*');
    expect((await chat.paused!.say('4 orang')).join('\n')).toContain('berjualan *online*');
  });

  it('running the reminder jobs again sends nothing twice', async () => {
    const deps = { db: t.app.database.db, queues: t.app.queues, turnDeps: t.app.runtime.turnDeps, batchSize: 500 };
    // The one who stopped and the one who cannot be reached are looked at again, and skipped again.
    expect(await runReminders(deps, '2026-11', 1)).toEqual({ reminded: 0, skipped: 2 });
    expect(await runReminders(deps, '2026-11', 2)).toEqual({ reminded: 0, skipped: 2 });
    const keys = await t.app.database.db.selectFrom('outbound_messages').select('dedupe_key').where('dedupe_key', 'like', 'checkin:2026-11:%:reminder%').execute();
    expect(keys).toHaveLength(8);
  });
});
