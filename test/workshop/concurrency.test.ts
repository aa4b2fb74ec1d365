import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInbound } from '../../src/runtime/core/inbound.js';
import { runNextTurn } from '../../src/runtime/core/turn.js';
import { insertPeople } from '../support/seed.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { inDays, makeWorkshop } from './support.js';

// The last seat, wanted by two people at the same instant: their two turns run side by
// side in two transactions on real Postgres. Exactly one gets it; the other is put on the
// waiting list as number 1; and what each is told is what was stored for them.

const REPETITIONS = 40;

describe('two people taking the last seat at the same moment', () => {
  let t: TestApp;
  let holder: string;
  const db = () => t.app.database.db;

  beforeAll(async () => {
    t = await createTestApp('wsrace', { DATABASE_POOL_SIZE: '12' });
    const ids = await insertPeople(db(), [
      { name: 'Holder', chats: [{ channel: 'console', address: 'race-holder' }] },
      { name: 'Ani', chats: [{ channel: 'console', address: 'race-ani' }] },
      { name: 'Budi', chats: [{ channel: 'console', address: 'race-budi' }] },
    ]);
    holder = ids.get('Holder')!;
  });
  afterAll(() => t.close());

  const hadir = async (address: string, workshopId: string, round: number) => {
    const recorded = await recordInbound(db(), { channel: 'console', externalId: `${address}-${round}`, address, kind: 'text', text: `HADIR ${workshopId}`, receivedAt: new Date() }, t.app.runtime.turnDeps.hashId);
    return recorded!;
  };

  it(`exactly one gets it and the other is told "waiting list number 1", ${REPETITIONS} times over`, async () => {
    const winners = { Ani: 0, Budi: 0 };
    for (let round = 1; round <= REPETITIONS; round++) {
      const workshop = await makeWorkshop(t, { title: `Kelas ${round}`, startsAt: inDays(5), capacity: 2 }, false);
      // One of the two seats is taken already: the next HADIR is for the last seat.
      await db()
        .insertInto('workshop_rsvps')
        .values({ workshop_id: workshop.id, person_id: holder, status: 'confirmed', created_at: new Date(), updated_at: new Date(), confirmed_at: new Date() })
        .execute();
      const [ani, budi] = [await hadir('race-ani', workshop.id, round), await hadir('race-budi', workshop.id, round)];
      // Both turns at once, each in its own transaction.
      const outcomes = await Promise.all([runNextTurn(t.app.runtime.turnDeps, ani.identityId), runNextTurn(t.app.runtime.turnDeps, budi.identityId)]);
      expect(outcomes.every((o) => o !== null)).toBe(true);

      const rows = await db()
        .selectFrom('workshop_rsvps as r')
        .innerJoin('people as p', 'p.id', 'r.person_id')
        .select(['p.full_name', 'r.status'])
        .where('r.workshop_id', '=', workshop.id)
        .execute();
      const status = Object.fromEntries(rows.map((r) => [r.full_name, r.status]));
      expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(2);
      expect([status.Ani, status.Budi].sort()).toEqual(['confirmed', 'waiting']);

      for (const [name, inbound] of [['Ani', ani], ['Budi', budi]] as const) {
        const reply = await db().selectFrom('outbound_messages').select('text').where('inbound_id', '=', inbound.inboundId).executeTakeFirstOrThrow();
        if (status[name] === 'confirmed') {
          winners[name]++;
          expect(reply.text).toContain(`Kursi Bapak/Ibu di pelatihan *Kelas ${round}* sudah kami catat`);
        } else {
          expect(reply.text).toContain(`kursi pelatihan *Kelas ${round}* sudah penuh. Bapak/Ibu masuk *daftar tunggu nomor 1*`);
        }
      }
    }
    expect(winners.Ani + winners.Budi).toBe(REPETITIONS);
  }, 120_000);
});
