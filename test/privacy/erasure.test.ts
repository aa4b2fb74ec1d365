import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, Outbound, SendResult } from '../../src/channels/types.js';
import { loadConfig } from '../../src/config.js';
import { sendQueueName } from '../../src/outbox/queue.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { ScriptedSender } from '../support/chat.js';
import { makeWorkshop, inDays } from '../workshop/support.js';

// Issue 11 item 4: after `HAPUS DATA` nothing in the database identifies the person. One
// person signs up on WhatsApp, links Telegram, is invited, announced to, marked present and
// reported on by staff; then erases from Telegram while Telegram no longer reaches them (the
// last words fail). A data-only dump of every table is searched for their name, business,
// member number, Telegram id and phone in every written form: nothing.

const PHONE = '+6281255556666';
const WA_CHAT = '6281255556666@c.us';
const TG_CHAT = '7123456789';
const NAME = 'Siti Rahmawati';
const BUSINESS = 'Warung Sambal Acil';
const STAFF_CHAT = 'rina-erasure';
const STAFF_PHONE = '+6281300000001';

/** Answers with the platform's own kind of message id: WhatsApp's holds the number. */
class PlatformSender extends ScriptedSender {
  override async send(message: Outbound): Promise<SendResult> {
    await super.send(message);
    const n = this.sent.length;
    return { platformMessageId: this.channel === 'whatsapp' ? `true_${message.address}_3EB0${String(n).padStart(16, '0')}` : String(834_000 + n) };
  }
}

let t: TestApp;
const senders = { whatsapp: new PlatformSender('whatsapp'), telegram: new PlatformSender('telegram'), console: new PlatformSender('console') };
const db = () => t.app.database.db;
let seq = 0;

async function say(channel: ChannelName, address: string, text: string, extra: { verifiedPhone?: string; displayName?: string } = {}): Promise<string[]> {
  const before = senders[channel].to(address).length;
  const n = ++seq;
  const externalId = channel === 'whatsapp' ? `false_${address}_3EB0C431D5A2${String(n).padStart(8, '0')}` : channel === 'telegram' ? `${address}-${n}` : `erasure-${n}`;
  await t.app.runtime.handleInbound({ channel, externalId, address, kind: 'text', text, ...extra, receivedAt: new Date() });
  const key = t.app.runtime.externalKey(channel, externalId);
  await waitFor(async () => {
    const inbound = await db().selectFrom('inbound_messages').select('handled_at').where('external_id', '=', key).executeTakeFirst();
    if (!inbound?.handled_at) return false;
    const unsent = await db().selectFrom('outbound_messages').select('id').where('channel', '=', channel).where('address', '=', address).where('path', '=', 'reply').where('status', 'in', ['pending', 'queued']).executeTakeFirst();
    return !unsent;
  }, 20_000, `reply to "${text}"`);
  return senders[channel].to(address).slice(before).map((m) => m.text);
}

const siti = (text: string) => say('whatsapp', WA_CHAT, text, { verifiedPhone: PHONE, displayName: NAME });
const sitiOnTelegram = (text: string) => say('telegram', TG_CHAT, text, { verifiedPhone: PHONE, displayName: 'Siti Rahma' });
const staffSays = (text: string) => say('console', STAFF_CHAT, text, { verifiedPhone: STAFF_PHONE });

/** Every row of every table, as text: what `pg_dump --data-only` would hold. */
async function dump(): Promise<string> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db());
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(db());
    parts.push(`-- ${name}`, ...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

/** The person in every written form: name, business, member number, Telegram id, phone as 0812…, 62812…, +62 812-…, 812…. */
function identifying(memberNo: string): { what: string; pattern: RegExp }[] {
  const sep = '[\\s().-]{0,2}';
  const national = [...'81255556666'].join(sep);
  return [
    { what: 'name', pattern: /Siti\s+Rahmawati|Rahmawati/iu },
    { what: 'Telegram display name', pattern: /Siti Rahma\b/iu },
    { what: 'business', pattern: /Warung\s+Sambal\s+Acil|Sambal Acil/iu },
    { what: 'member number', pattern: new RegExp(memberNo, 'iu') },
    { what: 'Telegram id', pattern: /7123456789/u },
    { what: 'phone 0812…', pattern: /0812-?5555-?6666/u },
    { what: 'phone 62812…', pattern: /62\s?812/u },
    { what: 'phone +62 812-…', pattern: /\+62 812-5555-6666/u },
    { what: 'phone in any form', pattern: new RegExp(national, 'u') },
  ];
}

/** What reached her on either chat (bulk messages go to the chat she used last). */
const sentToSiti = () => [...senders.whatsapp.to(WA_CHAT), ...senders.telegram.to(TG_CHAT)].map((m) => m.text);

const hits = (text: string, memberNo: string) => identifying(memberNo).filter((i) => i.pattern.test(text)).map((i) => i.what);

describe('HAPUS DATA leaves nothing that identifies the person', () => {
  let memberNo = '';

  beforeAll(async () => {
    t = await createTestApp('erasure');
    await t.app.startTurnWorkers(2);
    for (const channel of ['whatsapp', 'telegram'] as const) {
      t.app.startSender(sendQueueName(channel, 'reply'), senders[channel]);
      t.app.startSender(sendQueueName(channel, 'bulk'), senders[channel]);
    }
    t.app.startSender(sendQueueName('console', 'reply', STAFF_CHAT), senders.console);
    await addStaff(db(), { name: 'Rina Staf', phone: '0813-0000-0001' });
  });
  afterAll(() => t?.close());

  it('a person signs up on WhatsApp and links Telegram', async () => {
    for (const line of ['halo', 'ya', NAME, BUSINESS, 'kuliner', 'utara', '2020', '1 juta']) await siti(line);
    const done = (await siti('ya')).join('\n');
    memberNo = /BJM-\d{6}/u.exec(done)?.[0] ?? '';
    expect(memberNo).not.toBe('');
    const person = await db().selectFrom('people').select(['full_name', 'phone_e164']).where('member_no', '=', memberNo).executeTakeFirstOrThrow();
    expect(person).toEqual({ full_name: NAME, phone_e164: PHONE });
    await sitiOnTelegram('profil');
    await siti('nomor saya +62 812-5555-6666');
    // A message recorded before ids were hashed (migration 0013) keeps its raw id until erasure.
    const wa = await db().selectFrom('identities').select('id').where('address', '=', WA_CHAT).executeTakeFirstOrThrow();
    await db()
      .insertInto('inbound_messages')
      .values({ channel: 'whatsapp', external_id: `false_${WA_CHAT}_3EB0LEGACY0001`, identity_id: wa.id, kind: 'text', text: 'halo', received_at: new Date(), handled_at: new Date() })
      .execute();
    const chats = await db().selectFrom('identities').select('address').where('person_id', 'is not', null).orderBy('address').execute();
    expect(chats.map((c) => c.address)).toEqual([WA_CHAT, TG_CHAT].sort());
  });

  it('staff announce to them, invite them, mark them present by member number and read the report', async () => {
    const today = await makeWorkshop(t, { title: 'Kelas Hari Ini', startsAt: new Date(Date.now() - 3_600_000) }, false);
    const later = await makeWorkshop(t, { title: 'Kelas Nanti', startsAt: inDays(5) }, false);

    await staffSays('/umumkan');
    await staffSays('Halo {nama} dari {usaha}, ada info pelatihan.');
    expect((await staffSays('semua')).join('\n')).toContain(`Halo ${NAME} dari ${BUSINESS}`);
    await staffSays('ya');
    await waitFor(async () => sentToSiti().some((m) => m.includes('ada info pelatihan')), 20_000, 'the announcement');

    await staffSays(`/pelatihan umumkan ${later.id}`);
    expect((await staffSays('semua')).join('\n')).toContain(NAME);
    await staffSays('ya');
    await waitFor(async () => sentToSiti().some((m) => m.includes('Kelas Nanti')), 20_000, 'the invitation');

    expect((await staffSays(`/pelatihan hadir ${today.id} ${memberNo}`)).join("\n")).toContain(`${NAME} (${memberNo})`);
    expect((await staffSays(`/rekap ${today.id}`)).join('\n')).toContain(`${memberNo} ${NAME}`);
    // A member number typed where it finds nothing (wrong workshop) is a staff text naming them too.
    await staffSays(`/pelatihan hadir 999 ${memberNo}`);

    // Before erasing, the dump is full of them: the search below can find what it looks for.
    expect(hits(await dump(), memberNo)).toEqual(identifying(memberNo).map((i) => i.what));
  });

  it('after HAPUS DATA (whose last words could not be delivered) a data-only dump has no trace of them', async () => {
    expect((await sitiOnTelegram('HAPUS DATA'))[0]).toMatch(/Yakin ingin menghapus/);
    senders.telegram.blocked.add(TG_CHAT);
    await sitiOnTelegram('ya');
    const last = await db().selectFrom('outbound_messages').selectAll().where('forget_after_send', '=', true).execute();
    expect(last.length).toBeGreaterThan(0);
    expect(last.every((r) => r.status === 'failed' && r.text === null && r.address === null && r.platform_message_id === null && r.status_reason === null)).toBe(true);

    const after = await dump();
    expect(hits(after, memberNo)).toEqual([]);
    // What stays is what the texts promise, and staff still read their own texts.
    expect(after).toContain('Rina Staf');
    expect(after).toContain('Kelas Hari Ini');
    const anonymous = await db().selectFrom('people').select(['sector_id', 'kecamatan_id', 'business_started_year', 'baseline_omzet', 'erased_at']).executeTakeFirstOrThrow();
    expect(anonymous.business_started_year).toBe(2020);
    expect(Number(anonymous.baseline_omzet)).toBe(1_000_000);
    expect(anonymous.erased_at).not.toBeNull();
    expect(await db().selectFrom('workshop_attendance').select('person_id').execute()).toHaveLength(1);
    // The person row keeps only what the consent and erasure texts list (and bookkeeping).
    const row = await db().selectFrom('people').selectAll().executeTakeFirstOrThrow();
    const kept = Object.entries(row).filter(([, v]) => v !== null).map(([k]) => k).sort();
    // phone_verified, consent_pending: flags (false once the number is gone; says nothing of anyone).
    const listed = ['id', 'sector_id', 'kecamatan_id', 'business_started_year', 'registered_at', 'baseline_omzet', 'growth_status', 'growth_status_at', 'lang', 'opted_out_at', 'erased_at', 'updated_at', 'phone_verified', 'consent_pending', 'invited_at'];
    expect(kept.filter((k) => !listed.includes(k))).toEqual([]);
    // Only the month stays: the first of the month, midnight in Banjarmasin.
    expect(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Makassar', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(row.registered_at)).toBe('01 00:00');
    const staffTexts = await db().selectFrom('outbound_messages').select('text').where('channel', '=', 'console').execute();
    expect(staffTexts.some((r) => r.text?.includes('Kehadiran (data dihapus) ((data dihapus))'))).toBe(true);
    const audit = await db().selectFrom('audit_log').select('details').where('action', '=', 'workshop_attendance_marked').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ personErased: true });
    expect(audit.details).not.toHaveProperty('personId');
  });

  it('a duplicate delivery of a message recorded before is still recognised (the hash is stable)', async () => {
    const inbound = { channel: 'whatsapp' as const, externalId: 'false_6281255556666@c.us_3EB0C431D5A200000001', address: WA_CHAT, kind: 'text' as const, text: 'halo', receivedAt: new Date() };
    expect(await t.app.runtime.handleInbound(inbound)).toBe(false);
  });
});

describe('ID_HASH_KEY', () => {
  it('is required with DATABASE_URL, and the start-up error names it', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://wirabot@127.0.0.1:5432/wirabot', NODE_ENV: 'production' })).toThrow(/ID_HASH_KEY is required when DATABASE_URL is set/u);
    expect(loadConfig({ DATABASE_URL: 'postgres://wirabot@127.0.0.1:5432/wirabot', NODE_ENV: 'production', ID_HASH_KEY: 'k'.repeat(32) }).ID_HASH_KEY).toBe('k'.repeat(32));
  });

  it('has a fixed development key for the embedded database', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).ID_HASH_KEY.length).toBeGreaterThanOrEqual(32);
  });
});
