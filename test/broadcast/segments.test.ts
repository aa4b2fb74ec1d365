import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../src/channels/types.js';
import { parseSegment } from '../../src/segments.js';
import { countRecipients, recipientsAfter } from '../../src/segments.js';
import type { SegmentSpec } from '../../src/engine/segments/types.js';
import { addStaff, removeStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, type TestApp, type TestDatabaseKind } from '../support/app.js';
import { kecamatan, sectors } from '../support/engine.js';
import { insertPeople, type PersonSpec } from '../support/seed.js';

// Segments against a prepared population: exactly the right people, each on exactly one
// chat, and never anyone who said BERHENTI, erased their data, cannot be reached or is staff.

const UTARA = 5;
const SELATAN = 2;
const TIMUR = 4;
const JASA = 4;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

const POPULATION: PersonSpec[] = [
  { name: 'utara-stagnan', chats: [{ channel: 'telegram', address: '7001' }] },
  { name: 'utara-menurun', status: 'menurun', chats: [{ channel: 'whatsapp', address: '6281200000002@c.us' }] },
  { name: 'utara-berkembang', status: 'berkembang', sector: JASA, chats: [{ channel: 'telegram', address: '7003' }] },
  { name: 'utara-no-status', status: null, chats: [{ channel: 'telegram', address: '7004' }] },
  { name: 'selatan-stagnan', kecamatan: SELATAN, chats: [{ channel: 'telegram', address: '7005' }] },
  { name: 'timur-menurun-jasa', kecamatan: TIMUR, status: 'menurun', sector: JASA, chats: [{ channel: 'whatsapp', address: '6281200000006@c.us' }] },
  // Never included, whatever the segment:
  { name: 'opted-out', optedOut: true, chats: [{ channel: 'telegram', address: '7010' }] },
  { name: 'erased', erased: true, chats: [{ channel: 'telegram', address: '7011' }] },
  { name: 'unreachable', chats: [{ channel: 'telegram', address: '7012', unreachable: true }] },
  { name: 'no-chat', chats: [] },
  { name: 'staff-by-telegram', chats: [{ channel: 'telegram', address: '7014' }] },
  { name: 'staff-by-whatsapp', chats: [{ channel: 'whatsapp', address: '6281300000015@c.us', verifiedPhone: '+6281300000015' }] },
  { name: 'staff-by-phone', phone: '+6281300000016', chats: [{ channel: 'telegram', address: '7016' }] },
  // Several chats: one message, on the most recently used chat that can be reached.
  {
    name: 'two-chats',
    chats: [
      { channel: 'telegram', address: '7020', lastSeen: hoursAgo(5) },
      { channel: 'whatsapp', address: '6281200000020@c.us', lastSeen: hoursAgo(1) },
    ],
  },
  {
    name: 'two-chats-newest-blocked',
    chats: [
      { channel: 'telegram', address: '7021', lastSeen: hoursAgo(5) },
      { channel: 'whatsapp', address: '6281200000021@c.us', lastSeen: hoursAgo(1), unreachable: true },
    ],
  },
  // Staff once, but removed: counted again.
  { name: 'former-staff', chats: [{ channel: 'telegram', address: '7030' }] },
];

const ALWAYS_OUT = ['opted-out', 'erased', 'unreachable', 'no-chat', 'staff-by-telegram', 'staff-by-whatsapp', 'staff-by-phone'];

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('segments on %s', (database) => {
  let t: TestApp;
  let names: Map<string, string>;

  beforeAll(async () => {
    t = await createTestApp(`segments${database}`, {}, { database });
    const db = t.app.database.db;
    names = new Map([...(await insertPeople(db, POPULATION)).entries()].map(([name, id]) => [id, name]));
    await addStaff(db, { name: 'Staf Telegram', telegramId: '7014' });
    await addStaff(db, { name: 'Staf WhatsApp', phone: '081300000015' });
    await addStaff(db, { name: 'Staf HP', phone: '081300000016' });
    const former = await addStaff(db, { name: 'Mantan Staf', telegramId: '7030' });
    await removeStaff(db, former.id);
  });
  afterAll(() => t?.close());

  async function select(typed: string): Promise<{ name: string; channel: string; address: string }[]> {
    const parsed = parseSegment(typed, { sectors, kecamatan });
    if (parsed.kind !== 'ok') throw new Error(`"${typed}" did not parse`);
    const found = await recipientsAfter(t.app.database.db, parsed.spec, 0, 1000);
    return found.map((r) => ({ name: names.get(r.personId)!, channel: r.channel, address: r.address }));
  }
  const namesOf = async (typed: string) => (await select(typed)).map((r) => r.name).sort();

  it.each([
    ['semua', ['former-staff', 'selatan-stagnan', 'timur-menurun-jasa', 'two-chats', 'two-chats-newest-blocked', 'utara-berkembang', 'utara-menurun', 'utara-no-status', 'utara-stagnan']],
    ['kecamatan=Banjarmasin Utara', ['former-staff', 'two-chats', 'two-chats-newest-blocked', 'utara-berkembang', 'utara-menurun', 'utara-no-status', 'utara-stagnan']],
    ['status=stagnan', ['former-staff', 'selatan-stagnan', 'two-chats', 'two-chats-newest-blocked', 'utara-stagnan']],
    ['kecamatan=Banjarmasin Utara, status=stagnan', ['former-staff', 'two-chats', 'two-chats-newest-blocked', 'utara-stagnan']],
    ['status=menurun', ['timur-menurun-jasa', 'utara-menurun']],
    ['status=stagnan atau menurun, kecamatan=selatan/timur', ['selatan-stagnan', 'timur-menurun-jasa']],
    ['sektor=jasa', ['timur-menurun-jasa', 'utara-berkembang']],
    ['sektor=jasa, status=berkembang', ['utara-berkembang']],
    ['status=belum cukup data', []],
    ['kecamatan=barat', []],
  ])('"%s" selects exactly the right people', async (typed, expected) => {
    const selected = await namesOf(typed);
    expect(selected).toEqual(expected);
    for (const out of ALWAYS_OUT) expect(selected).not.toContain(out);
  });

  it('a person with several chats is reached once, on the chat used last that can be reached', async () => {
    const everyone = await select('semua');
    expect(everyone.filter((r) => r.name === 'two-chats')).toEqual([{ name: 'two-chats', channel: 'whatsapp', address: '6281200000020@c.us' }]);
    expect(everyone.filter((r) => r.name === 'two-chats-newest-blocked')).toEqual([{ name: 'two-chats-newest-blocked', channel: 'telegram', address: '7021' }]);
    expect(new Set(everyone.map((r) => r.name)).size).toBe(everyone.length);
  });

  it('counts per channel add up to the people selected', async () => {
    const spec: SegmentSpec = { filters: [{ kind: 'kecamatan', values: [UTARA] }] };
    const counts = await countRecipients(t.app.database.db, spec);
    expect(Object.fromEntries(counts)).toEqual({ telegram: 5, whatsapp: 2 } satisfies Partial<Record<ChannelName, number>>);
  });

  it('fan-out pages through the segment in person order without gaps or repeats', async () => {
    const db = t.app.database.db;
    const pages: string[] = [];
    let after = '0';
    for (;;) {
      const page = await recipientsAfter(db, { filters: [] }, after, 2);
      if (page.length === 0) break;
      pages.push(...page.map((r) => r.personId));
      after = page.at(-1)!.personId;
    }
    expect(pages).toEqual((await recipientsAfter(db, { filters: [] }, 0, 1000)).map((r) => r.personId));
  });

  it('a segment naming a kind nobody knows is refused rather than ignored', async () => {
    await expect(recipientsAfter(t.app.database.db, { filters: [{ kind: 'attendance', values: [1] }] }, 0, 10)).rejects.toThrow(/unknown segment kind/);
  });
});
