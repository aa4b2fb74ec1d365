import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/channels/types.js';
import { recordInbounds } from '../../src/runtime/core/inbound.js';
import { runTurnBatch } from '../../src/runtime/core/turn-batch.js';
import { TurnBatcher } from '../../src/runtime/core/turn-batcher.js';
import { createLogger } from '../../src/log.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { RecordingSender } from '../support/chat.js';
import { sendQueueName } from '../../src/outbox/queue.js';

// Turns in batches (issue 14): many chats' messages recorded by one statement, one message
// of each chat per batch, a chat another transaction holds skipped and not waited for, and a
// failing turn failing only its own chat.

const telegram = (address: string, externalId: string, text: string): Inbound => ({ channel: 'telegram', externalId, address, kind: 'text', text, receivedAt: new Date() });

describe('inbound messages recorded in batches', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('record-batch');
  });
  afterAll(() => t.close());

  it('records many chats in one statement, in order, once; a copy in the same batch and a copy recorded before count as duplicates', async () => {
    const { db } = t.app.database;
    const hash = t.app.runtime.turnDeps.hashId;
    const [early] = await recordInbounds(db, [telegram('8123456701', '912345670', 'halo')], hash);
    expect(early).not.toBeNull();
    const batch = [
      telegram('8123456701', '912345671', 'ya'),
      telegram('8123456702', '912345672', 'halo'),
      telegram('8123456701', '912345673', 'Siti Aminah'),
      telegram('8123456702', '912345672', 'halo'), // the platform handed the same update twice
      telegram('8123456701', '912345670', 'halo'), // recorded by the statement before
      telegram('8123456703', '912345674', 'assalamualaikum\u0000'),
    ];
    const recorded = await recordInbounds(db, batch, hash);
    expect(recorded.map((r) => r !== null)).toEqual([true, true, true, false, false, true]);
    // Same chat, same identity; ids follow the order given.
    expect(recorded[0]!.identityId).toBe(early!.identityId);
    expect(recorded[2]!.identityId).toBe(early!.identityId);
    expect(Number(recorded[2]!.inboundId)).toBeGreaterThan(Number(recorded[0]!.inboundId));
    const rows = await db.selectFrom('inbound_messages').select(['id', 'text', 'identity_id']).orderBy('id').execute();
    expect(rows.map((r) => r.text)).toEqual(['halo', 'ya', 'halo', 'Siti Aminah', 'assalamualaikum']);
    const conversations = await db.selectFrom('conversations').select('identity_id').execute();
    expect(conversations).toHaveLength(3);
  });

  it('rewrites a chat\'s row only when something changed or "last seen" is a minute old; a blocked chat that writes again is reachable at once', async () => {
    const { db } = t.app.database;
    const hash = t.app.runtime.turnDeps.hashId;
    const [first] = await recordInbounds(db, [telegram('8123456711', '912345711', 'halo')], hash);
    const version = async () => (await sql<{ xmin: string; last_seen_at: Date; unreachable_at: Date | null; verified_phone: string | null }>`select xmin::text, last_seen_at, unreachable_at, verified_phone from identities where id = ${first!.identityId}`.execute(db)).rows[0]!;
    const created = await version();
    await recordInbounds(db, [telegram('8123456711', '912345712', 'ya')], hash);
    expect((await version()).xmin).toBe(created.xmin);

    await db.updateTable('identities').set({ unreachable_at: new Date(), unreachable_reason: 'Forbidden: bot was blocked by the user' }).where('id', '=', first!.identityId).execute();
    await recordInbounds(db, [telegram('8123456711', '912345713', 'saya kembali')], hash);
    expect((await version()).unreachable_at).toBeNull();

    await recordInbounds(db, [{ ...telegram('8123456711', '912345714', 'nomor'), verifiedPhone: '+6281234567811' }], hash);
    expect((await version()).verified_phone).toBe('+6281234567811');

    await db.updateTable('identities').set({ last_seen_at: new Date(Date.now() - 2 * 60_000) }).where('id', '=', first!.identityId).execute();
    await recordInbounds(db, [telegram('8123456711', '912345715', 'lagi')], hash);
    expect((await version()).last_seen_at.getTime()).toBeGreaterThan(Date.now() - 30_000);
  });

  it('records a message of a new chat that another transaction creates at the same moment', async () => {
    const { db } = t.app.database;
    const hash = t.app.runtime.turnDeps.hashId;
    let second: Promise<unknown> | undefined;
    // The first message's transaction holds the new chat's row while the second message comes.
    await db.transaction().execute(async (trx) => {
      const [first] = await recordInbounds(trx, [telegram('8123456722', '912345722', 'halo')], hash);
      expect(first).not.toBeNull();
      second = recordInbounds(db, [telegram('8123456722', '912345723', 'ya')], hash);
      // The second statement waits on the row's lock; then this one commits.
      await waitFor(async () => (await sql<{ n: string }>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`.execute(db)).rows[0]!.n !== '0', 5_000, 'the second insert to wait');
    });
    const [recorded] = (await second) as Awaited<ReturnType<typeof recordInbounds>>;
    expect(recorded).not.toBeNull();
    const texts = await db.selectFrom('inbound_messages as m').innerJoin('identities as i', 'i.id', 'm.identity_id').select('m.text').where('i.address', '=', '8123456722').orderBy('m.id').execute();
    expect(texts.map((r) => r.text)).toEqual(['halo', 'ya']);
  });

  it('counts the earlier messages of the same batch in the flood backlog', async () => {
    const { db } = t.app.database;
    const batch = Array.from({ length: 25 }, (_, i) => telegram('8123456799', String(913_000_000 + i), `pesan ${i}`));
    await recordInbounds(db, batch, t.app.runtime.turnDeps.hashId);
    const backlog = await db
      .selectFrom('inbound_messages as m')
      .innerJoin('identities as i', 'i.id', 'm.identity_id')
      .select('m.backlog')
      .where('i.address', '=', '8123456799')
      .orderBy('m.id')
      .execute();
    expect(backlog.map((b) => b.backlog)).toEqual([...Array.from({ length: 20 }, (_, i) => i), 20, 20, 20, 20, 20]);
  });
});

describe('a turn batch', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('turn-batch');
  });
  afterAll(() => t.close());

  it('handles one message of each chat, and skips a chat another transaction holds without waiting for it', async () => {
    const { db } = t.app.database;
    const hash = t.app.runtime.turnDeps.hashId;
    const recorded = await recordInbounds(
      db,
      [telegram('8200000001', '920000001', 'halo'), telegram('8200000001', '920000002', 'ya'), telegram('8200000002', '920000003', 'halo'), telegram('8200000003', '920000004', 'halo')],
      hash,
    );
    const [a, , b, c] = recorded.map((r) => r!.identityId);

    // Another transaction holds chat c's conversation while the batch runs.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.transaction().execute(async (trx) => {
      await sql`select 1 from conversations where identity_id = ${c} for update`.execute(trx);
      locked();
      await held;
    });
    await isLocked;
    const started = Date.now();
    const outcome = await runTurnBatch(t.app.runtime.turnDeps, [a!, b!, c!]);
    expect(Date.now() - started).toBeLessThan(5_000);
    release();
    await holder;

    const byChat = new Map(outcome.results.map((r) => [r.identityId, r]));
    expect(byChat.get(a!)).toEqual({ identityId: a, status: 'handled', more: true });
    expect(byChat.get(b!)).toEqual({ identityId: b, status: 'handled', more: false });
    expect(byChat.get(c!)).toEqual({ identityId: c, status: 'busy' });
    // Only the oldest message of a is handled; its replies and b's are written, each chat's in order.
    const handled = await db.selectFrom('inbound_messages').select(['id', 'handled_at']).orderBy('id').execute();
    expect(handled.map((h) => h.handled_at !== null)).toEqual([true, false, true, false]);
    expect(outcome.outbox.length).toBeGreaterThanOrEqual(2);
    const replies = await db.selectFrom('outbound_messages').select(['identity_id', 'inbound_id']).orderBy('id').execute();
    expect(new Set(replies.map((r) => String(r.identity_id)))).toEqual(new Set([a, b]));

    const next = await runTurnBatch(t.app.runtime.turnDeps, [a!, c!]);
    expect(next.results.map((r) => r.status).sort()).toEqual(['handled', 'handled']);
    const idle = await runTurnBatch(t.app.runtime.turnDeps, [a!, b!, c!]);
    expect(idle.results.every((r) => r.status === 'idle')).toBe(true);
    expect(idle.outbox).toEqual([]);
  });

  it('reads its chats\' context with JIT off, for that transaction only', async () => {
    const { db } = t.app.database;
    const jitOf = async (q: typeof db) => (await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(q)).rows[0]!.jit;
    const [r] = await recordInbounds(db, [telegram('8200000011', '920000011', 'halo')], t.app.runtime.turnDeps.hashId);
    const seen: string[] = [];
    const deps = { ...t.app.runtime.turnDeps, loaders: [...t.app.runtime.turnDeps.loaders, { load: async (trx: typeof db) => (seen.push(await jitOf(trx)), new Map()) }] };
    const before = await jitOf(db);
    const outcome = await runTurnBatch(deps, [r!.identityId]);
    expect(outcome.results).toEqual([{ identityId: r!.identityId, status: 'handled', more: false }]);
    expect(seen).toEqual(['off']);
    expect(await jitOf(db)).toBe(before);
  });

  it('through the runtime: 300 chats typing at once are each answered once, in order', async () => {
    const sender = new RecordingSender('telegram');
    await t.app.startTurnWorkers(2);
    t.app.startSender(sendQueueName('telegram', 'reply'), sender, { concurrency: 8 });
    const chats = Array.from({ length: 300 }, (_, i) => String(8_300_000_000 + i));
    const texts = ['halo', 'ya', 'Budi Santoso'];
    await Promise.all(
      chats.map(async (address, n) => {
        for (const [i, text] of texts.entries()) await t.app.runtime.handleInbound(telegram(address, String(930_000_000 + n * 10 + i), text));
      }),
    );
    const { db } = t.app.database;
    await waitFor(async () => !(await db.selectFrom('inbound_messages').select('id').where('handled_at', 'is', null).executeTakeFirst()), 120_000, 'all handled');
    const mine = await db
      .selectFrom('inbound_messages as m')
      .innerJoin('identities as i', 'i.id', 'm.identity_id')
      .select(['m.id', 'i.address', 'm.handled_at', 'm.coalesced_at'])
      .where('i.address', 'in', chats)
      .orderBy('m.id')
      .execute();
    expect(mine).toHaveLength(900);
    expect(mine.every((m) => m.coalesced_at === null)).toBe(true);
    for (const address of chats) {
      const times = mine.filter((m) => m.address === address).map((m) => m.handled_at!.getTime());
      expect([...times].sort((x, y) => x - y)).toEqual(times);
    }
    // Every message has its replies, each written once, and each chat's replies follow its messages' order.
    const replies = await db.selectFrom('outbound_messages').select(['inbound_id', 'address']).where('address', 'in', chats).orderBy('id').execute();
    const answered = new Set(replies.map((r) => String(r.inbound_id)));
    expect(mine.every((m) => answered.has(String(m.id)))).toBe(true);
    for (const address of chats.slice(0, 20)) {
      const order = replies.filter((r) => r.address === address).map((r) => Number(r.inbound_id));
      expect([...order].sort((x, y) => x - y)).toEqual(order);
    }
    await waitFor(async () => sender.sent.length >= replies.length || null, 60_000, 'replies sent');
    expect(sender.sent.length).toBe(replies.length);
  }, 180_000);
});

describe('the turn batcher', () => {
  const log = createLogger('silent');

  it('when a batch fails, plays its chats one at a time: only the failing chat fails, the others are answered', async () => {
    const batches: string[][] = [];
    const batcher = new TurnBatcher({
      batchSize: 10,
      parallel: 1,
      runBatch: async (ids) => {
        batches.push([...ids]);
        throw new Error('deadlock detected');
      },
      runSingle: async (id) => {
        if (id === 'bad') throw new Error('a bug in one turn');
        return null;
      },
      afterCommit: async () => {},
      log,
    });
    const results = await Promise.allSettled(['1001', 'bad', '1002'].map((id) => batcher.request(id)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // A batch starts with whoever is ready (the first chat alone), the next takes the rest.
    expect(batches.flat().sort()).toEqual(['1001', '1002', 'bad']);
    expect(batcher.size).toBe(0);
  });

  it('gives a chat one message per batch, so a chat with many waiting does not hold up the others', async () => {
    const waiting = new Map([
      ['flood', 50],
      ['a', 1],
      ['b', 2],
    ]);
    const batches: string[][] = [];
    const batcher = new TurnBatcher({
      batchSize: 2,
      parallel: 1,
      runBatch: async (ids) => {
        batches.push([...ids]);
        return {
          outbox: [],
          results: ids.map((id) => {
            const left = waiting.get(id)!;
            if (left === 0) return { identityId: id, status: 'idle' as const };
            waiting.set(id, left - 1);
            return { identityId: id, status: 'handled' as const, more: left - 1 > 0 };
          }),
        };
      },
      runSingle: async () => null,
      afterCommit: async () => {},
      log,
    });
    const done = Promise.all([batcher.request('flood'), batcher.request('a'), batcher.request('b')]);
    // A second job for the flooding chat returns at once: the chat is already being handled.
    expect(await batcher.request('flood')).toBe(0);
    expect(await done).toEqual([50, 1, 2]);
    // a and b were done within the first three batches, not after the flood's 50.
    const lastIndexOf = (id: string) => batches.reduce((last, batch, i) => (batch.includes(id) ? i : last), -1);
    const lastOfOthers = Math.max(lastIndexOf('a'), lastIndexOf('b'));
    expect(lastOfOthers).toBeLessThanOrEqual(2);
  });

  it('a chat held elsewhere is tried again, and after a few tries its turn waits for the lock on its own', async () => {
    let tries = 0;
    const batcher = new TurnBatcher({
      batchSize: 5,
      parallel: 2,
      runBatch: async (ids) => {
        tries++;
        return { outbox: [], results: ids.map((id) => ({ identityId: id, status: 'busy' as const })) };
      },
      runSingle: async () => ({ inboundId: '1', outbox: [], more: false }),
      afterCommit: async () => {},
      log,
    });
    expect(await batcher.request('held')).toBe(1);
    expect(tries).toBe(3);
  });
});
