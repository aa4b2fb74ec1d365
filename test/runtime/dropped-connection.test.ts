import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../support/db.js';
import { RecordingSender } from '../support/chat.js';
import { sendQueueName } from '../../src/outbox/queue.js';

// A connection that Postgres drops while the app holds it (pg_terminate_backend, a failover,
// a restarted pgbouncer) fails the work it was doing, and nothing else: the process lives, the
// pool reconnects, and a turn that failed is retried until the person is answered.

/** Kills every connection to `database` except the admin's own; returns how many. */
async function terminateConnections(database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const result = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
    return result.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

beforeEach(() => {
  crashes.length = 0;
  process.on('uncaughtException', onCrash);
});
afterEach(() => {
  process.off('uncaughtException', onCrash);
});

describe('a connection dropped while checked out of the pool', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase('dropped');
    handle = await connectDatabase({ url: database.url, poolSize: 4 });
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
  });

  it('fails the transaction that held it, does not crash the process, and the next query reconnects', async () => {
    const inTransaction = handle.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await terminateConnections(database.name);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await sql`select 2`.execute(trx);
    });
    await expect(inTransaction).rejects.toThrow(/terminat|Connection/i);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(crashes).toEqual([]);
    const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(handle.db);
    expect(rows).toEqual([{ ok: 1 }]);
  });
});

describe('connections dropped again and again while people write', () => {
  let t: TestApp;
  const sender = new RecordingSender();

  beforeAll(async () => {
    t = await createTestApp('droppedload', { DATABASE_POOL_SIZE: '4' });
    await t.app.startTurnWorkers(4);
  });
  afterAll(() => t.close());

  it('every message is still answered once, and the process lives', async () => {
    const people = Array.from({ length: 20 }, (_, i) => `drop-${i}`);
    for (const address of people) t.app.startSender(sendQueueName('console', 'reply', address), sender);
    let killing = true;
    let killed = 0;
    const killer = (async () => {
      while (killing) {
        killed += await terminateConnections(t.database.name);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        people.map((address) =>
          t.app.runtime.handleInbound({ channel: 'console', externalId: `${address}-${round}`, address, kind: 'text', text: 'halo', receivedAt: new Date() }),
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    killing = false;
    await killer;
    expect(killed).toBeGreaterThan(0);

    const { db } = t.app.database;
    await waitFor(async () => !(await db.selectFrom('inbound_messages').select('id').where('handled_at', 'is', null).executeTakeFirst()), 60_000, 'every message handled');
    const handled = await db.selectFrom('inbound_messages').select('id').execute();
    expect(handled).toHaveLength(people.length * 3);
    // Everyone sent the same three lines, so everyone gets the same replies: a turn that was
    // retried after its connection died wrote (and sent) them once.
    const replies = await db.selectFrom('outbound_messages').select(['address', 'text']).orderBy('id').execute();
    const expected = replies.filter((r) => r.address === 'drop-0').map((r) => r.text);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    for (const address of people) expect(replies.filter((r) => r.address === address).map((r) => r.text)).toEqual(expected);
    await waitFor(async () => sender.sent.length >= replies.length, 30_000, 'replies sent');
    for (const address of people) expect(sender.to(address).map((m) => m.text)).toEqual(expected);
    expect(crashes).toEqual([]);
  }, 120_000);
});
