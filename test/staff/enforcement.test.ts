import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../src/channels/types.js';
import { countRecipients } from '../../src/segments.js';
import { addStaff, removeStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';

// Staff powers only for staff. Every staff command, sent by someone who is not staff on
// each channel, is answered exactly like an unknown `/word` — and starts nothing, stores
// nothing, says nothing about staff. Staff themselves are never signed up or counted.

const STAFF_COMMANDS = ['/umumkan', '/umumkan Halo {nama}, ada pelatihan', '/rekap', '/status', '/status 1', '/pengumuman'];

/** A chat on each channel, the way that channel identifies people. */
const identity = (channel: ChannelName, n: number): { address: string; phone?: string } => {
  const phone = `+62813555${String(n).padStart(5, '0')}`;
  if (channel === 'telegram') return { address: String(880_000 + n) };
  if (channel === 'whatsapp') return { address: `${phone.slice(1)}@c.us`, phone };
  return { address: `console-${n}`, phone };
};

describe('staff commands from people who are not staff', () => {
  let t: TestApp;
  let chats: Chats;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp('staffonly');
    await t.app.startTurnWorkers(4);
    chats = new Chats(t.app);
    // Former staff: their chats are ordinary chats now.
    const former = await addStaff(t.app.database.db, { name: 'Mantan Staf', phone: '081355500999', telegramId: '880999' });
    await removeStaff(t.app.database.db, former.id);
  });
  afterAll(() => t.close());

  /** A fresh chat, optionally already registered. */
  async function newChat(channel: ChannelName, registered: boolean) {
    const chat = identity(channel, ++n);
    if (registered) {
      await insertPeople(t.app.database.db, [{ name: `Orang ${n}`, chats: [{ channel, address: chat.address, ...(chat.phone ? { verifiedPhone: chat.phone } : {}) }] }]);
    }
    return (text: string) => chats.say(channel, chat.address, text, chat.phone);
  }

  async function nothingStarted(): Promise<void> {
    const db = t.app.database.db;
    expect(await db.selectFrom('broadcasts').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('audit_log').select('id').execute()).toEqual([]);
    const states = await db.selectFrom('conversations').select('state').execute();
    expect(states.filter((s) => (s.state as { staffFlow?: unknown }).staffFlow)).toEqual([]);
  }

  for (const channel of ['console', 'telegram', 'whatsapp'] as const) {
    for (const registered of [false, true]) {
      const who = registered ? 'a registered entrepreneur' : 'someone new';
      it.each(STAFF_COMMANDS)(`%s from ${who} on ${channel} gets exactly what "/qwerty" gets`, async (command) => {
        const asked = await (await newChat(channel, registered))(command);
        const unknown = await (await newChat(channel, registered))('/qwerty');
        expect(asked).toEqual(unknown);
        expect(asked.join('\n')).not.toMatch(/staf|pengumuman|umumkan|rekap/i);
        await nothingStarted();
      });

      it(`"/batal" from ${who} on ${channel} is the everyday cancel, the same as "batal"`, async () => {
        expect(await (await newChat(channel, registered))('/batal')).toEqual(await (await newChat(channel, registered))('batal'));
        await nothingStarted();
      });
    }
  }

  it('the chat of a removed staff member on Telegram gets the entrepreneur\'s answer, not the staff one', async () => {
    const asked = await chats.say('telegram', '880999', '/umumkan');
    const unknown = await (await newChat('telegram', false))('/qwerty');
    expect(asked).toEqual(unknown);
    await nothingStarted();
  });
});

describe('a staff member is never signed up or counted', () => {
  let t: TestApp;
  let chats: Chats;

  beforeAll(async () => {
    t = await createTestApp('staffnotcounted');
    await t.app.startTurnWorkers(4);
    chats = new Chats(t.app);
    await addStaff(t.app.database.db, { name: 'Rina', phone: '081366600001', telegramId: '660001' });
  });
  afterAll(() => t.close());

  it.each([
    ['telegram', '660001', undefined],
    ['whatsapp', '6281366600001@c.us', '+6281366600001'],
    ['console', 'rina-laptop', '+6281366600001'],
  ] as const)('on %s: the sign-up words get the staff menu and no person is created', async (channel, address, phone) => {
    for (const text of ['halo', 'daftar', 'ya', 'Rina Staf', 'Toko Rina', '/start']) {
      const replies = await chats.say(channel, address, text, phone);
      expect(replies.join('\n')).not.toMatch(/persetujuan|setuju\?|Selamat datang di/i);
      expect(replies.at(-1)).toContain('/umumkan');
    }
    expect(await t.app.database.db.selectFrom('people').select('id').execute()).toEqual([]);
  });

  it('a staff member who had registered as an entrepreneur before is not counted in any segment', async () => {
    const db = t.app.database.db;
    await insertPeople(db, [
      { name: 'Rina (dulu mendaftar)', phone: '+6281366600001', chats: [{ channel: 'whatsapp', address: '6281366600009@c.us' }] },
      { name: 'Pelaku usaha', chats: [{ channel: 'telegram', address: '660777' }] },
    ]);
    expect(Object.fromEntries(await countRecipients(db, { filters: [] }))).toEqual({ telegram: 1 });
  });
});
