import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSHOP_QUEUE, fanoutDeps, scheduleWorkshop } from '../../src/runtime/workshop/jobs.js';
import { sendQueueName } from '../../src/outbox/queue.js';
import { queueRows } from '../../src/outbox/queue.js';
import { changeAction } from '../../src/runtime/workshop/actions.js';
import { runReminder } from '../../src/runtime/workshop/fanout.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { inDays, makeWorkshop } from './support.js';

// Reminders with the lead times shortened for the test (WORKSHOP_REMINDERS=3s,1s): two
// delayed jobs per workshop, never one per person, to those with a seat only; a new time
// moves them, cancelling removes them, and one that cannot go before the start expires.

const WA_LIA = '6281277770001@c.us';
const WA_RUDI = '6281277770002@c.us';
const STAFF_PHONE = '+6281300000001';
const STAFF = 'rina-remind';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('workshop reminders', () => {
  let t: TestApp;
  let chats: Chats;
  const db = () => t.app.database.db;
  const says = (address: string, s: string) => chats.say('telegram', address, s);
  const reminders = (address: string) => chats.seen('telegram', address).filter((m) => m.startsWith('🔔'));
  const delayedIds = async () => (await t.app.queues.get(WORKSHOP_QUEUE).getDelayed()).map((j) => j.id!).filter((id) => /^w[rf]-/.test(id)).sort();
  const staffSays = (s: string) => chats.say('console', STAFF, s, STAFF_PHONE);

  beforeAll(async () => {
    t = await createTestApp('wsremind', { WORKSHOP_REMINDERS: '3s,1s' });
    await t.app.startTurnWorkers(4);
    // Telegram's bulk messages go out; WhatsApp's are held back until the test lets them.
    chats = new Chats(t.app, { bulk: false });
    t.app.startSender(sendQueueName('telegram', 'bulk'), chats.senders.telegram);
    await addStaff(db(), { name: 'Rina Staf', phone: '0813-0000-0001' });
    await insertPeople(db(), [
      { name: 'Siti', chats: [{ channel: 'telegram', address: '9101' }] },
      { name: 'Budi', chats: [{ channel: 'telegram', address: '9102' }] },
      { name: 'Ani', chats: [{ channel: 'telegram', address: '9103' }] },
      { name: 'Lia', chats: [{ channel: 'whatsapp', address: WA_LIA }] },
      { name: 'Rudi', chats: [{ channel: 'whatsapp', address: WA_RUDI }] },
    ]);
  });
  afterAll(() => t.close());

  it('are delayed jobs per workshop; they reach those with a seat, not who cancelled; late ones expire', async () => {
    const start = new Date(Date.now() + 8_000);
    const w = await makeWorkshop(t, { title: 'Kelas Kilat', startsAt: start, endsAt: new Date(start.getTime() + 3_600_000), capacity: 4 });
    expect(await delayedIds()).toEqual([`wf-${w.id}-v1`, `wr-${w.id}-v1-1000`, `wr-${w.id}-v1-3000`]);

    for (const address of ['9101', '9102']) expect((await says(address, `HADIR ${w.id}`))[0]).toContain('sudah kami catat');
    expect((await chats.say('whatsapp', WA_LIA, `HADIR ${w.id}`))[0]).toContain('sudah kami catat');
    expect((await chats.say('whatsapp', WA_RUDI, `HADIR ${w.id}`))[0]).toContain('sudah kami catat');
    expect((await says('9103', `HADIR ${w.id}`))[0]).toContain('daftar tunggu nomor 1');
    // Budi cancels: Ani moves up, and she is the one reminded.
    await says('9102', 'BATAL HADIR');

    // Rudi cancels after his first reminder was written but before it could go: it is not sent.
    const rudi = () => db().selectFrom('outbound_messages').select('status').where('address', '=', WA_RUDI).where('dedupe_key', 'like', `workshop:${w.id}:reminder:%`).execute();
    await waitFor(async () => (await rudi()).length > 0, 15_000, "Rudi's first reminder written");
    await chats.say('whatsapp', WA_RUDI, 'BATAL HADIR');
    expect(await rudi()).toEqual([{ status: 'skipped' }]);

    await waitFor(async () => reminders('9101').length === 2 && reminders('9103').length === 2, 20_000, 'two reminders each');
    expect(reminders('9101')).toEqual([
      expect.stringContaining('🔔 Pengingat: pelatihan *Kelas Kilat* sebentar lagi.'),
      expect.stringContaining('🔔 Pengingat: pelatihan *Kelas Kilat* sebentar lagi.'),
    ]);
    expect(reminders('9101')[0]).toContain('Jika berhalangan, balas *BATAL HADIR*');
    expect(reminders('9102')).toEqual([]);

    // Lia's chat could not be sent to before the start: her reminders expire unsent.
    await waitFor(async () => Date.now() > start.getTime() + 200, 10_000, 'the start');
    t.app.startSender(sendQueueName('whatsapp', 'bulk'), chats.senders.whatsapp);
    const lia = async () => db().selectFrom('outbound_messages').select(['status', 'priority', 'expires_at']).where('address', '=', WA_LIA).where('dedupe_key', 'like', `workshop:${w.id}:reminder:%`).execute();
    await waitFor(async () => (await lia()).every((r) => r.status === 'expired') && (await lia()).length === 2, 15_000, 'expired reminders');
    expect((await lia())[0]).toMatchObject({ priority: 1, expires_at: start });
    expect(chats.seen('whatsapp', WA_LIA).filter((m) => m.startsWith('🔔'))).toEqual([]);
    expect(await rudi()).toEqual([{ status: 'skipped' }]);
    expect(chats.seen('whatsapp', WA_RUDI).filter((m) => m.startsWith('🔔'))).toEqual([]);
  }, 60_000);

  it('a new time moves them (old jobs gone, new ones in) and tells everyone registered', async () => {
    const w = await makeWorkshop(t, { title: 'Kelas Pindah', startsAt: inDays(3), capacity: 5 });
    await says('9101', `HADIR ${w.id}`);
    expect((await staffSays(`/pelatihan ubah ${w.id} waktu ${dateIn(5)} 10.00`))[0]).toMatch(/Waktu pelatihan #\d+ kini .*10\.00–13\.00 WITA\. Pengingat ikut dipindah, dan 1 orang/);
    expect((await delayedIds()).filter((id) => id.includes(`-${w.id}-`))).toEqual([`wf-${w.id}-v2`, `wr-${w.id}-v2-1000`, `wr-${w.id}-v2-3000`]);
    await waitFor(async () => chats.seen('telegram', '9101').some((m) => m.includes('Jadwal pelatihan *Kelas Pindah* berubah')), 15_000, 'the change notice');

    // Moved to a few seconds from now: the reminders come at the new time, and a job of the old time does nothing.
    const start = new Date(Date.now() + 6_000);
    const moved = await db().transaction().execute((trx) =>
      changeAction({ db: trx, renderer: t.app.renderer, facts: {}, lang: 'id', now: new Date(), timeZone: 'Asia/Makassar', staffId: null, actor: 'test' }, w.id, { field: 'time', startsAt: start.toISOString(), endsAt: null }),
    );
    await queueRows(db(), t.app.queues, moved.notices);
    await scheduleWorkshop(db(), t.app.queues, t.config.WORKSHOP_REMINDERS, w.id);
    expect((await delayedIds()).filter((id) => id.includes(`-${w.id}-`))).toEqual([`wf-${w.id}-v3`, `wr-${w.id}-v3-1000`, `wr-${w.id}-v3-3000`]);
    expect(await runReminder(fanoutDeps({ db: db(), queues: t.app.queues, turnDeps: t.app.runtime.turnDeps, config: t.config, log: t.app.log }), w.id, 2, 3000)).toBe(0);
    await waitFor(async () => reminders('9101').filter((m) => m.includes('Kelas Pindah')).length === 2, 20_000, 'reminders at the new time');
  }, 60_000);

  it('cancelling removes them and tells everyone registered and waiting', async () => {
    const w = await makeWorkshop(t, { title: 'Kelas Batal', startsAt: new Date(Date.now() + 3_600_000), capacity: 1 });
    await says('9101', `HADIR ${w.id}`);
    expect((await says('9103', `HADIR ${w.id}`))[0]).toContain('daftar tunggu nomor 1');
    expect((await delayedIds()).filter((id) => id.includes(`-${w.id}-`))).toHaveLength(3);
    expect((await staffSays(`/pelatihan batalkan ${w.id}`))[0]).toContain('Batalkan pelatihan *#');
    expect((await staffSays('ya'))[0]).toContain('2 orang (terdaftar dan daftar tunggu) sedang diberi tahu; pengingatnya tidak jadi dikirim');
    expect((await delayedIds()).filter((id) => id.includes(`-${w.id}-`))).toEqual([]);
    for (const address of ['9101', '9103']) {
      await waitFor(async () => chats.seen('telegram', address).some((m) => m.includes('pelatihan *Kelas Batal*') && m.includes('*dibatalkan*')), 15_000, `the cancel notice to ${address}`);
    }
    expect((await says('9101', `HADIR ${w.id}`))[0]).toContain('pelatihan *Kelas Batal* dibatalkan');
    await sleep(200);
  });
});

/** `29/11/2026`, `days` from now in WITA. */
function dateIn(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000);
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
}
