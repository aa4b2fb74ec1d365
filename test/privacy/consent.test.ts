import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCode, redeemCode } from '../../src/codes/codes.js';
import { chatKey } from '../../src/runtime/core/id-hash.js';
import { PRIVACY_QUEUE, purgeAbandonedDrafts } from '../../src/runtime/privacy/drafts.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';

// Issue 11 item 5: the consent texts are true. Saying no removes the chat's data but a
// hashed record of the refusal; a sign-up left unfinished for SIGNUP_DRAFT_TTL is erased by
// a scheduled job; the consent and erasure texts list exactly what stays.

const DAY = 86_400_000;

describe('consent that is kept to its word', () => {
  let t: TestApp;
  let chats: Chats;
  const db = () => t.app.database.db;

  beforeAll(async () => {
    t = await createTestApp('consent');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
  });
  afterAll(() => t.close());

  /** Every row of every table as text. */
  async function dump(): Promise<string> {
    const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db());
    const parts: string[] = [];
    for (const { name } of tables.rows) parts.push(...(await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(db())).rows.map((r) => r.row));
    return parts.join('\n');
  }

  it('"tidak" to the consent keeps nothing of the chat but a hashed refusal', async () => {
    const chat = '7123456790';
    await chats.say('telegram', chat, 'halo saya Budi Santoso dari Toko Budi Jaya');
    const [refused] = await chats.say('telegram', chat, 'tidak');
    expect(refused).toMatch(/sudah kami hapus/);
    expect(refused).not.toMatch(/tidak kami simpan/);

    expect(await db().selectFrom('identities').select('id').where('address', '=', chat).execute()).toEqual([]);
    const refusals = await db().selectFrom('consent_refusals').selectAll().execute();
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.chat_key).toBe(chatKey(t.app.runtime.turnDeps.hashId, 'telegram', chat));
    expect(refusals[0]!.channel).toBe('telegram');
    const all = await dump();
    for (const trace of [chat, 'Budi Santoso', 'Toko Budi Jaya', 'selamat datang']) expect(all).not.toContain(trace);
  });

  it('a sign-up left unfinished for SIGNUP_DRAFT_TTL is erased by the scheduled job; fresh drafts, staff and members stay', async () => {
    await addStaff(db(), { name: 'Rina Staf', phone: '0813-0000-0001' });
    await insertPeople(db(), [{ name: 'Dewi Lestari', chats: [{ channel: 'telegram', address: '7123456702' }] }]);
    for (const line of ['halo', 'ya', 'Rudi Hartono', 'Bengkel Rudi Motor']) await chats.say('telegram', '7123456701', line);
    for (const line of ['halo', 'ya', 'Ani Wijaya']) await chats.say('telegram', '7123456703', line);
    await chats.say('whatsapp', '6281300000001@c.us', 'halo', '+6281300000001');
    const old = new Date(Date.now() - 31 * DAY);
    await db().updateTable('identities').set({ last_seen_at: old }).where('address', 'in', ['7123456701', '7123456702', '6281300000001@c.us']).execute();

    // The job the scheduler runs.
    await t.app.schedule();
    const schedulers = await t.app.queues.get(PRIVACY_QUEUE).getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('signup-draft-purge');
    await t.app.queues.get(PRIVACY_QUEUE).add('purge-drafts', {});
    await waitFor(async () => !(await db().selectFrom('identities').select('id').where('address', '=', '7123456701').executeTakeFirst()), 15_000, 'the purge');

    const left = await db().selectFrom('identities').select('address').orderBy('address').execute();
    expect(left.map((r) => r.address)).toEqual(['6281300000001@c.us', '7123456702', '7123456703']);
    const all = await dump();
    for (const trace of ['Rudi Hartono', 'Bengkel Rudi Motor', '7123456701']) expect(all).not.toContain(trace);
    expect(all).toContain('Ani Wijaya');
    expect(await purgeAbandonedDrafts({ db: db(), hashId: t.app.runtime.turnDeps.hashId, ttlMs: 30 * DAY, clock: () => new Date() })).toBe(0);
  });

  it('the same scheduled job deletes one-time codes used or expired over a month ago, and never a live one', async () => {
    const store = { db: db(), key: t.config.ID_HASH_KEY };
    const now = Date.now();
    const expiredLongAgo = await issueCode(store, { purpose: 'link_chat', subject: '41', meta: { identityId: '977' } }, new Date(now - 40 * DAY));
    const usedLongAgo = await issueCode(store, { purpose: 'staff_invite', meta: { name: 'Rina Staf' } }, new Date(now - 35 * DAY));
    expect((await redeemCode(store, { purpose: 'staff_invite', typed: usedLongAgo.code, by: 'telegram:7123456704' }, new Date(now - 34 * DAY))).ok).toBe(true);
    const usedYesterday = await issueCode(store, { purpose: 'staff_invite', meta: { name: 'Budi Staf' } }, new Date(now - DAY - 60_000));
    expect((await redeemCode(store, { purpose: 'staff_invite', typed: usedYesterday.code, by: 'telegram:7123456705' }, new Date(now - DAY))).ok).toBe(true);
    const live = await issueCode(store, { purpose: 'staff_invite', meta: { name: 'Sari Staf' } }, new Date(now));

    await t.app.queues.get(PRIVACY_QUEUE).add('purge-drafts', {});
    await waitFor(async () => !(await db().selectFrom('one_time_codes').select('id').where('id', '=', expiredLongAgo.id).executeTakeFirst()), 15_000, 'the purge');
    const left = (await db().selectFrom('one_time_codes').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(left).toEqual([usedYesterday.id, live.id]);
  });

  it('the drafts TTL is SIGNUP_DRAFT_TTL, 30 days unless set', () => {
    expect(t.config.SIGNUP_DRAFT_TTL).toBe(30 * DAY);
  });

  it('the consent and the erasure question list the same things that stay, and only those', () => {
    const stays = 'bidang usaha, kecamatan, tahun mulai usaha, bulan pendaftaran, omzet dan jawaban laporan bulanan, serta pendaftaran, kehadiran dan nilai pelatihan';
    expect(t.app.text('signup.consent')).toContain(`Yang tetap disimpan hanya angka statistik tanpa nama: ${stays}.`);
    expect(t.app.text('erase.confirm')).toContain(`Yang tetap disimpan hanya angka statistik tanpa nama: ${stays}.`);
  });
});
