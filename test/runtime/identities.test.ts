import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendQueueName } from '../../src/outbox/queue.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { RecordingSender, TestPerson } from '../support/chat.js';

// One person may reach the office on WhatsApp and on Telegram. A chat whose platform-verified
// number matches one registered person joins that person; separate people are never merged.

describe('identities across channels', () => {
  let t: TestApp;
  const consoleSender = new RecordingSender();
  const whatsapp = new RecordingSender('whatsapp');

  beforeAll(async () => {
    t = await createTestApp('identities');
    await t.app.startTurnWorkers(4);
    t.app.startSender(sendQueueName('whatsapp', 'reply'), whatsapp);
  });
  afterAll(() => t.close());

  async function register(address: string, phone: string | undefined, answers: string[]): Promise<void> {
    const person = new TestPerson(t.app, consoleSender, address, phone);
    for (const line of answers) await person.say(line);
  }

  async function whatsappSays(address: string, verifiedPhone: string, text: string, id: string): Promise<string> {
    await t.app.runtime.handleInbound({ channel: 'whatsapp', externalId: id, address, kind: 'text', text, verifiedPhone, receivedAt: new Date() });
    await waitFor(async () => whatsapp.to(address).length > 0 && !(await t.app.database.db.selectFrom('inbound_messages').select('id').where('external_id', '=', t.app.runtime.externalKey('whatsapp', id)).where('handled_at', 'is', null).executeTakeFirst()));
    await waitFor(async () => !(await t.app.database.db.selectFrom('outbound_messages').select('id').where('address', '=', address).where('status', 'in', ['pending', 'queued']).executeTakeFirst()));
    return whatsapp.to(address).at(-1)!.text;
  }

  it('a WhatsApp chat with the verified number of a registered person is that person', async () => {
    await register('budi-console', '+6281311112222', ['daftar', 'ya', 'Budi Santoso', 'Bengkel Budi', 'jasa', 'barat', '2010', '15jt', 'ya']);
    const reply = await whatsappSays('6281311112222@c.us', '+6281311112222', 'profil', 'wa-1');
    expect(reply).toContain('Bengkel Budi');
    const people = await t.app.database.db.selectFrom('people').select('id').where('phone_e164', '=', '+6281311112222').execute();
    expect(people).toHaveLength(1);
    const chats = await t.app.database.db.selectFrom('identities').select(['channel', 'person_id']).where('person_id', '=', people[0]!.id).orderBy('channel').execute();
    expect(chats.map((c) => c.channel)).toEqual(['console', 'whatsapp']);
  });

  it('two people registered separately with the same number are never merged', async () => {
    const answers = (name: string) => ['daftar', 'ya', name, `Toko ${name}`, 'dagang', 'timur', '0812 7777 8888', '2020', '3 juta', 'ya'];
    await register('ani-console', undefined, answers('Ani'));
    await register('ina-console', undefined, answers('Ina'));
    const reply = await whatsappSays('6281277778888@c.us', '+6281277778888', 'profil', 'wa-2');
    expect(reply).toMatch(/belum terdaftar/);
    const chat = await t.app.database.db.selectFrom('identities').select('person_id').where('address', '=', '6281277778888@c.us').executeTakeFirstOrThrow();
    expect(chat.person_id).toBeNull();
  });

  it('a person who registered without a verified number is asked for it, and not linked by a typed number', async () => {
    await register('rudi-console', undefined, ['daftar', 'ya', 'Rudi', 'Rudi Cell', 'jasa', 'tengah', '0819 1234 0000', '2018', '2 juta', 'ya']);
    const typed = await t.app.database.db.selectFrom('identities').select('verified_phone').where('address', '=', 'rudi-console').executeTakeFirstOrThrow();
    expect(typed.verified_phone).toBeNull();
  });
});
