import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toInbound } from '../../src/channels/telegram/convert.js';
import type { Inbound } from '../../src/channels/types.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';

// Issue 11, item 10: a Telegram contact card whose number cannot be read is answered as
// such, and never taken as typed text (at the name question it became the person's name).

const USER = 7123456789;

function contactUpdate(phone: string, updateId: number): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: USER, type: 'private', first_name: 'Siti' },
      from: { id: USER, is_bot: false, first_name: 'Siti' },
      contact: { phone_number: phone, first_name: 'Ibu Siti', user_id: USER },
    },
  } as unknown as Update;
}

describe('a contact card with an unreadable number', () => {
  let t: TestApp;
  let chats: Chats;

  beforeAll(async () => {
    t = await createTestApp('contactcard');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
  });
  afterAll(() => t.close());

  it('is answered as unreadable, and the open question is asked again; nothing is stored as a name or a number', async () => {
    const address = String(USER);
    await chats.say('telegram', address, 'daftar');
    await chats.say('telegram', address, 'ya');
    const inbound = toInbound(contactUpdate('Siti Rumah', 834567890)) as Inbound;
    expect(inbound).toMatchObject({ kind: 'contact', text: '' });
    const before = chats.seen('telegram', address).length;
    await t.app.runtime.handleInbound(inbound);
    await waitFor(async () => (await t.app.database.db.selectFrom('inbound_messages').select('handled_at').where('external_id', '=', t.app.runtime.externalKey('telegram', inbound.externalId)).executeTakeFirst())?.handled_at);
    await waitFor(async () => chats.seen('telegram', address).length > before);
    const reply = chats.seen('telegram', address).slice(before).join('\n');
    expect(reply).toContain('nomor pada kartu kontak itu tidak terbaca');
    expect(reply).toMatch(/nama/i);
    const state = await t.app.database.db
      .selectFrom('conversations as c')
      .innerJoin('identities as i', 'i.id', 'c.identity_id')
      .select(['c.state', 'i.verified_phone'])
      .where('i.address', '=', address)
      .executeTakeFirstOrThrow();
    expect((state.state as { flow: unknown }).flow).toMatchObject({ name: 'signup', step: 'name', draft: {} });
    expect(state.verified_phone).toBeNull();
  }, 60_000);
});
