import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { RecordingSender, TestPerson } from '../support/chat.js';

// Whatever people (or attackers) send, they get a clear Indonesian answer, nothing crashes,
// and what is stored is exactly what was sent (minus the NUL bytes Postgres cannot hold).

describe('bad input', () => {
  let t: TestApp;
  const sender = new RecordingSender();

  beforeAll(async () => {
    t = await createTestApp('badinput');
    await t.app.startTurnWorkers(4);
  });
  afterAll(() => t.close());

  /** A person in the middle of sign-up, at the business-name question. */
  async function atBusinessQuestion(name: string): Promise<TestPerson> {
    const person = new TestPerson(t.app, sender, name);
    await person.say('halo');
    await person.say('ya');
    await person.say('Rahmat Hidayat');
    return person;
  }

  it.each([
    ['an empty message', ''],
    ['only spaces', '   \t  '],
    ['only emoji', '🙏🙏😊'],
    ['NUL bytes', '\u0000\u0000'],
  ])('%s is answered with what is expected, and the place is kept', async (_what, input) => {
    const person = await atBusinessQuestion(`bad-${_what.replace(/\W/g, '')}`);
    const replies = await person.say(input);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/nama usaha/i);
    expect(replies[0]).toMatch(/contoh/);
  });

  it('a 10,000-character message is refused as too long and nothing is cut silently', async () => {
    const person = await atBusinessQuestion('bad-long');
    const replies = await person.say('Warung '.repeat(1430));
    expect(replies[0]).toMatch(/terlalu panjang/);
    const stored = await t.app.database.db.selectFrom('inbound_messages').select('text').where('text', 'like', 'Warung Warung%').executeTakeFirstOrThrow();
    expect(stored.text!.length).toBe('Warung '.repeat(1430).length);
  });

  it.each([
    ['SQL', "Robert'); DROP TABLE people;--"],
    ['HTML', '<script>alert("x")</script> Toko Kue'],
    ['right-to-left text', 'متجر الكعك'],
  ])('%s as a business name gets a clear answer and the question again, and is never stored', async (_what, name) => {
    const person = await atBusinessQuestion(`bad-${_what.replace(/\W/g, '')}`);
    const replies = await person.say(name);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/nama usaha/i);
    expect(replies[0]).not.toMatch(/bidang apa/);
    const state = await t.app.database.db
      .selectFrom('conversations as c')
      .innerJoin('identities as i', 'i.id', 'c.identity_id')
      .select('c.state')
      .where('i.address', '=', `bad-${_what.replace(/\W/g, '')}`)
      .executeTakeFirstOrThrow();
    expect((state.state as { flow: { step: string; draft: { business?: string } } }).flow).toMatchObject({ step: 'business', draft: { name: 'Rahmat Hidayat' } });
    expect((state.state as { flow: { draft: { business?: string } } }).flow.draft.business).toBeUndefined();
    const tables = await t.app.database.db.selectFrom('people').select('id').execute();
    expect(Array.isArray(tables)).toBe(true); // the people table is still there
  });

  it('a NUL byte inside a name is dropped, the rest kept', async () => {
    const person = await atBusinessQuestion('bad-nulname');
    await person.say('Toko\u0000 Berkah');
    const row = await t.app.database.db.selectFrom('inbound_messages').select('text').where('text', '=', 'Toko Berkah').executeTakeFirst();
    expect(row?.text).toBe('Toko Berkah');
  });

  it('a sticker or photo gets a polite "please answer with text" and the question again', async () => {
    const person = await atBusinessQuestion('bad-sticker');
    await t.app.runtime.handleInbound({ channel: 'console', externalId: 'sticker-1', address: 'bad-sticker', kind: 'non_text', text: '', receivedAt: new Date() });
    await person.settled('sticker-1');
    const last = sender.to('bad-sticker').at(-1)!.text;
    expect(last).toMatch(/hanya bisa membaca pesan teks/);
    expect(last).toMatch(/nama usaha/);
  });

  it('an unknown /command is answered politely and the question is asked again', async () => {
    const person = await atBusinessQuestion('bad-command');
    const replies = await person.say('/hack');
    expect(replies[0]).toMatch(/perintah itu tidak saya kenal/);
    expect(replies[1]).toMatch(/nama usaha/);
  });

  it('20 messages at once from one person are all answered, in order, nothing lost', async () => {
    const address = 'bad-burst';
    const person = new TestPerson(t.app, sender, address);
    const lines = Array.from({ length: 20 }, (_, i) => (i === 0 ? 'halo' : `pesan ${i}`));
    await Promise.all(
      lines.map((text, i) => t.app.runtime.handleInbound({ channel: 'console', externalId: `burst-${i}`, address, kind: 'text', text, receivedAt: new Date() })),
    );
    for (let i = 0; i < 20; i++) await person.settled(`burst-${i}`);
    const handled = await t.app.database.db
      .selectFrom('inbound_messages')
      .select(['id', 'handled_at'])
      .where('external_id', 'in', lines.map((_, i) => t.app.runtime.externalKey('console', `burst-${i}`)))
      .orderBy('id')
      .execute();
    expect(handled).toHaveLength(20);
    const times = handled.map((h) => h.handled_at!.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const replies = await t.app.database.db
      .selectFrom('outbound_messages')
      .select(['inbound_id'])
      .where('address', '=', address)
      .orderBy('id')
      .execute();
    const inboundOrder = replies.map((r) => Number(r.inbound_id));
    expect([...inboundOrder].sort((a, b) => a - b)).toEqual(inboundOrder);
    expect(new Set(inboundOrder).size).toBe(20);
    await waitFor(async () => sender.to(address).length === replies.length, 10_000, 'all replies sent');
  });
});
