import { connect } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openEmbedded, type EmbeddedDatabase } from '../../src/db/pglite/embedded.js';

// PGlite is one Postgres session shared by every connection to the embedded server: these
// tests prove that one client's transaction never takes in another client's statements.

const IDLE_MS = 1_500;

async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return done;
}

describe('the embedded database server', () => {
  let embedded: EmbeddedDatabase;
  const clients: pg.Client[] = [];

  async function client(): Promise<pg.Client> {
    const c = new pg.Client({ stream: () => embedded.stream(), user: 'postgres', database: 'postgres' });
    c.on('error', () => undefined);
    await c.connect();
    clients.push(c);
    return c;
  }

  async function value(c: pg.Client): Promise<number> {
    return (await c.query<{ n: number }>('select n from counter where id = 1')).rows[0]!.n;
  }

  beforeAll(async () => {
    embedded = await openEmbedded('memory://', { idleInTransactionMs: IDLE_MS });
    const c = await client();
    await c.query('create table counter (id int primary key, n int not null)');
    await c.query('create table notes (text text not null)');
  });
  beforeEach(async () => {
    const c = await client();
    await c.query('delete from counter');
    await c.query('delete from notes');
    await c.query('insert into counter values (1, 0)');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await embedded?.close();
  });

  it("waits for another client's open transaction and then reads only what it committed", async () => {
    const a = await client();
    const b = await client();
    await a.query('begin');
    await a.query('update counter set n = n + 1 where id = 1');
    const read = value(b);
    const write = b.query('update counter set n = n + 10 where id = 1');
    expect(await settledWithin(read, 300)).toBe(false);
    expect(await settledWithin(write, 0)).toBe(false);
    await a.query('commit');
    expect(await read).toBe(1);
    await write;
    expect(await value(a)).toBe(11);
  });

  it("a rolled-back transaction takes none of another client's statements with it", async () => {
    const a = await client();
    const b = await client();
    await a.query('begin');
    await a.query('update counter set n = 999 where id = 1');
    const insert = b.query(`insert into notes values ('from b')`);
    const read = value(b);
    expect(await settledWithin(insert, 300)).toBe(false);
    await a.query('rollback');
    await insert;
    expect(await read).toBe(0);
    expect((await a.query('select text from notes')).rows).toEqual([{ text: 'from b' }]);
  });

  it("parameterised queries from several clients at once never get each other's answers", async () => {
    const many = await Promise.all([client(), client(), client(), client()]);
    const answers = await Promise.all(
      many.flatMap((c, i) =>
        Array.from({ length: 50 }, async (_, j) => {
          const expected = `client ${i} query ${j}`;
          const { rows } = await c.query<{ v: string; n: number }>('select $1::text as v, $2::int * 2 as n', [expected, j]);
          return rows[0]!.v === expected && rows[0]!.n === j * 2;
        }),
      ),
    );
    expect(answers.filter((ok) => !ok)).toEqual([]);
  });

  it('read-modify-write transactions from three clients at once lose no update', async () => {
    const many = await Promise.all([client(), client(), client()]);
    await Promise.all(
      many.map(async (c) => {
        for (let i = 0; i < 10; i++) {
          await c.query('begin');
          const n = await value(c);
          await new Promise((resolve) => setTimeout(resolve, 2)); // let the others try to get in
          await c.query('update counter set n = $1 where id = 1', [n + 1]);
          await c.query('commit');
        }
      }),
    );
    expect(await value(many[0]!)).toBe(30);
  });

  it('a client that disconnects inside a transaction is rolled back and the others carry on', async () => {
    const a = await client();
    const b = await client();
    await a.query('begin');
    await a.query(`insert into notes values ('never committed')`);
    const read = b.query('select count(*)::int as n from notes');
    expect(await settledWithin(read, 200)).toBe(false);
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await read).rows[0]).toEqual({ n: 0 });
  });

  it('a client that goes silent holding the session is cut off after the idle timeout', async () => {
    const a = await client();
    const b = await client();
    await a.query('begin');
    await a.query('update counter set n = 5 where id = 1');
    const started = Date.now();
    expect(await value(b)).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 100);
    await expect(a.query('commit')).rejects.toThrow();
  });

  it('a client that stops half-way through a Parse/Bind batch does not hold the session', async () => {
    const raw = connect(embedded.socketPath);
    await new Promise((resolve) => raw.once('connect', resolve));
    raw.write(startupMessage());
    await new Promise((resolve) => raw.once('data', resolve));
    raw.write(parseMessage('select 1'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const read = client().then(value); // even connecting waits while the batch is open
    expect(await settledWithin(read, 200)).toBe(false);
    raw.destroy();
    expect(await read).toBe(0);
    expect(Date.now() - started).toBeLessThan(IDLE_MS);
  });
});

function startupMessage(): Buffer {
  const body = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
}

function parseMessage(sql: string): Buffer {
  const body = Buffer.from(`\0${sql}\0\0\0`);
  const head = Buffer.alloc(5);
  head.write('P', 0);
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}
