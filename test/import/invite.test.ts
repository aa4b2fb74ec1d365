import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitePlan, sendInvitations } from '../../src/runtime/import/invite.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { importRegister } from './support.js';

// Invitations to the people imported from the register (issue 13): WhatsApp's bulk path, at
// most IMPORT_INVITES_PER_DAY in a WITA day, never twice, never to someone erased, stopped or
// already on Wirabot.

let t: TestApp;
let chats: Chats;
let ids: Map<string, string>;
const db = () => t.app.database.db;
const deps = () => t.app.services;

// 23.59 WITA on 2 December, and a minute later: another day in Banjarmasin (the same UTC day).
const LATE_EVENING = new Date('2026-12-02T15:59:00Z');
const NEXT_MORNING = new Date('2026-12-02T16:01:00Z');

beforeAll(async () => {
  t = await createTestApp('import-invite', { IMPORT_INVITES_PER_DAY: '2' });
  await t.app.startTurnWorkers(2);
  chats = new Chats(t.app);
  ids = await importRegister(db());
  // Erased by staff at the person's request after the import (number kept here, to prove the rule itself).
  await db().updateTable('people').set({ erased_at: new Date('2026-11-25T03:00:00Z'), full_name: null }).where('id', '=', ids.get('Gusti Hamdan')!).execute();
  // BERHENTI recorded for her (staff marked it after a phone call).
  await db().updateTable('people').set({ opted_out_at: new Date('2026-11-26T03:00:00Z') }).where('id', '=', ids.get('Noor Aisyah')!).execute();
  // Muhammad Ridwan signed up by chat himself on WhatsApp in the meantime (said "bukan" to the record: it stays).
  for (const answer of ['assalamualaikum', 'bukan', 'ya', 'Muhammad Ridwan', 'Bengkel Ridwan Motor', 'jasa', 'barat', '2019', '3 juta', 'ya']) {
    await chats.say('whatsapp', '6285254007788@c.us', answer, '+6285254007788');
  }
});
afterAll(() => t?.close());

const invitedAt = async () =>
  new Map((await db().selectFrom('people').select(['full_name', 'invited_at']).where('imported_at', 'is not', null).execute()).map((r) => [r.full_name, r.invited_at]));

describe('import invitations', () => {
  it('Ridwan is a member by his own sign-up and his imported record stays as it was', async () => {
    const people = await db().selectFrom('people').select(['full_name', 'member_no', 'consent_pending', 'imported_at']).where('phone_e164', '=', '+6285254007788').orderBy('id').execute();
    expect(people).toHaveLength(2);
    expect(people[0]).toMatchObject({ full_name: 'Muhammad Ridwan', member_no: null, consent_pending: true });
    expect(people[1]).toMatchObject({ full_name: 'Muhammad Ridwan', imported_at: null, consent_pending: false });
    expect(people[1]!.member_no).toMatch(/^BJM-\d{6}$/u);
  });

  it('a dry run says how many would go and what remains, and sends nothing', async () => {
    const plan = await invitePlan(deps(), LATE_EVENING);
    // Rahmah, Fauzi, Mariam: not the erased, the stopped, nor Ridwan who is on Wirabot already.
    expect(plan).toMatchObject({ perDay: 2, sentToday: 0, remainingToday: 2, waiting: 3, days: 2 });
    const dry = await sendInvitations(deps(), LATE_EVENING, { dryRun: true });
    expect(dry.invited).toBe(2);
    expect([...(await invitedAt()).values()].every((v) => v === null)).toBe(true);
    expect(await db().selectFrom('outbound_messages').select('id').where('topic', '=', 'import_invite').execute()).toEqual([]);
  });

  it('sends at most the day\'s limit, in import order, on WhatsApp\'s bulk path, each named', async () => {
    const first = await sendInvitations(deps(), LATE_EVENING, { limit: 1 });
    expect(first.invited).toBe(1);
    const second = await sendInvitations(deps(), LATE_EVENING);
    expect(second.invited).toBe(1);
    // The day's two are gone: a third run that same WITA day sends nothing.
    const third = await sendInvitations(deps(), LATE_EVENING);
    expect(third).toMatchObject({ invited: 0, plan: { sentToday: 2, remainingToday: 0, waiting: 1, days: 1 } });

    const rows = await db().selectFrom('outbound_messages').select(['address', 'channel', 'path', 'text', 'person_id', 'mentions']).where('topic', '=', 'import_invite').orderBy('id').execute();
    expect(rows.map((r) => [r.channel, r.path, r.address])).toEqual([
      ['whatsapp', 'bulk', '6281151002233@c.us'],
      ['whatsapp', 'bulk', '6282252004455@c.us'],
    ]);
    expect(rows[0]!.text).toContain('Yth. Bapak/Ibu Hj. Rahmah');
    expect(rows[0]!.text).toContain('salam dari Diskopumker Banjarmasin');
    expect(rows[0]!.text).toContain('*Wirabot*');
    expect(rows[0]!.text).not.toContain('{{');
    expect(rows[0]!.text).not.toContain('Sasirangan');
    // Not their chat yet: the person is only named in it (erasing them scrubs it).
    expect(rows[0]!.person_id).toBeNull();
    expect(rows[0]!.mentions).toEqual([ids.get('Hj. Rahmah')]);
    await waitFor(async () => chats.senders.whatsapp.to('6282252004455@c.us').length === 1, 20_000, 'the invitations delivered');
    expect(chats.senders.whatsapp.to('6281151002233@c.us').map((m) => m.text)).toEqual([rows[0]!.text]);
  });

  it('the next WITA day (a minute after midnight in Banjarmasin) the rest go, and then nobody is invited twice', async () => {
    const next = await sendInvitations(deps(), NEXT_MORNING);
    expect(next).toMatchObject({ invited: 1, plan: { sentToday: 0, waiting: 1 } });
    const again = await sendInvitations(deps(), new Date('2026-12-05T01:00:00Z'));
    expect(again).toMatchObject({ invited: 0, plan: { waiting: 0, days: 0 } });
    const sent = await db().selectFrom('outbound_messages').select(['address']).where('topic', '=', 'import_invite').execute();
    expect(sent.map((r) => r.address).sort()).toEqual(['6281151002233@c.us', '6281353006677@c.us', '6282252004455@c.us']);
    const at = await invitedAt();
    expect(at.get('Siti Mariam')).toEqual(NEXT_MORNING);
    expect(at.get(null)).toBeNull(); // the erased one
    expect(at.get('Noor Aisyah')).toBeNull();
    expect(at.get('Muhammad Ridwan')).toBeNull();
  });

  it('two runs at once (the page and the CLI) still keep the day\'s limit', async () => {
    const more = await importRegister(db(), ['Nama;No HP;Usaha', 'Rusdi;0812 5100 0001;Kopi Rusdi', 'Salmah;0812 5100 0002;Dodol Salmah', 'Jamilah;0812 5100 0003;Ikan Asin Jamilah'].join('\n'));
    expect(more.size).toBe(9);
    const day = new Date('2026-12-06T02:00:00Z');
    const runs = await Promise.all([sendInvitations(deps(), day), sendInvitations(deps(), day), sendInvitations(deps(), day)]);
    expect(runs.map((r) => r.invited).reduce((a, b) => a + b, 0)).toBe(2);
  });
});
