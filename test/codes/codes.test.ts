import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUESS_LIMIT, eraseCodesOf, issueCode, redeemCode, purgeCodes, type CodeStore } from '../../src/codes/codes.js';
import { CODE_PURPOSES, parseCode } from '../../src/codes/format.js';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import type { TestDatabaseKind } from '../support/app.js';

// One-time codes against the real databases: what is stored, and every way a redemption
// can end. The same tests run on PostgreSQL and on the embedded PGlite.

const KEY = 'test-key-0123456789abcdef';
const T0 = new Date('2026-12-01T02:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
let senders = 0;
const sender = () => `telegram:71234567${String(++senders).padStart(2, '0')}`;

/** A well-formed code of the purpose that was never issued. */
function strangerCode(issued: string): string {
  const prefix = issued.slice(0, issued.indexOf('-'));
  for (const c of '23456789ABCDEFGHJKMNPQRSTUVWXYZ') {
    for (const d of '23456789ABCDEFGHJKMNPQRSTUVWXYZ') {
      const typed = `${prefix}-${c}${d}${issued.slice(prefix.length + 3)}`;
      const candidate = typed.slice(0, -1);
      for (const check of '23456789ABCDEFGHJKMNPQRSTUVWXYZ') {
        if (`${candidate}${check}` !== issued && parseCode(`${candidate}${check}`).kind === 'ok') return `${candidate}${check}`;
      }
    }
  }
  throw new Error('unreachable');
}

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('one-time codes on %s', (kind) => {
  let database: TestDatabase | undefined;
  let handle: DatabaseHandle;
  let store: CodeStore;

  beforeAll(async () => {
    database = kind === 'postgres' ? await createTestDatabase('codes') : undefined;
    handle = await connectDatabase(database ? { url: database.url } : { pgliteDir: 'memory://' });
    await migrateToLatest(handle.db);
    store = { db: handle.db, key: KEY };
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('stores only a keyed hash: the code is nowhere in the row', async () => {
    const issued = await issueCode(store, { purpose: 'staff_invite', subject: 12, meta: { name: 'Rina' } }, T0);
    expect(issued.code).toMatch(/^STAF-[2-9A-Z]{4}-[2-9A-Z]{2}$/);
    expect(issued.expiresAt).toEqual(later(CODE_PURPOSES.staff_invite.ttlMs));
    const row = await handle.db.selectFrom('one_time_codes').selectAll().where('id', '=', issued.id).executeTakeFirstOrThrow();
    const canonical = issued.code.replace(/-/g, '');
    const stored = JSON.stringify(row);
    for (const form of [issued.code, canonical, canonical.slice(4), issued.code.slice(5)]) expect(stored).not.toContain(form);
    expect(row.code_hash).toBe(createHmac('sha256', KEY).update(`staff_invite\0${canonical}`).digest('hex'));
    expect(row).toMatchObject({ purpose: 'staff_invite', subject: '12', meta: { name: 'Rina' }, attempts: 0, used_at: null });
  });

  it('is redeemed once, typed loosely, with its subject and meta; a second time it is used', async () => {
    const issued = await issueCode(store, { purpose: 'staff_invite', subject: 7, meta: { name: 'Budi' } }, T0);
    const typed = `kode saya ${issued.code.toLowerCase().replace(/-/g, ' ')}`;
    const by = sender();
    expect(await redeemCode(store, { purpose: 'staff_invite', typed, by }, later(1000))).toEqual({ ok: true, id: issued.id, subject: '7', meta: { name: 'Budi' } });
    expect(await redeemCode(store, { purpose: 'staff_invite', typed: issued.code, by }, later(2000))).toEqual({ ok: false, reason: 'used' });
  });

  it('expires at its time, per purpose or as asked', async () => {
    const byPurpose = await issueCode(store, { purpose: 'link_chat', subject: 40 }, T0);
    expect(byPurpose.expiresAt).toEqual(later(15 * 60_000));
    expect(await redeemCode(store, { purpose: 'link_chat', typed: byPurpose.code, subject: 40 }, byPurpose.expiresAt)).toEqual({ ok: false, reason: 'expired' });
    const short = await issueCode(store, { purpose: 'web_login', subject: 41, ttlMs: 30_000 }, T0);
    expect((await redeemCode(store, { purpose: 'web_login', typed: short.code, subject: 41 }, later(29_999))).ok).toBe(true);
    const shortToo = await issueCode(store, { purpose: 'web_login', subject: 41, ttlMs: 30_000 }, T0);
    expect(await redeemCode(store, { purpose: 'web_login', typed: shortToo.code, subject: 41 }, later(30_001))).toEqual({ ok: false, reason: 'expired' });
  });

  it('a typo is malformed and touches nothing; a code for another purpose is unknown here', async () => {
    const issued = await issueCode(store, { purpose: 'link_chat', subject: 50 }, T0);
    const typo = issued.code.slice(0, -2) + (issued.code.at(-2) === '2' ? '3' : '2') + issued.code.at(-1);
    const before = await failures();
    expect(await redeemCode(store, { purpose: 'link_chat', typed: typo, subject: 50 }, T0)).toEqual({ ok: false, reason: 'malformed' });
    expect(await failures()).toBe(before);
    const staff = await issueCode(store, { purpose: 'staff_invite' }, T0);
    expect(await redeemCode(store, { purpose: 'link_chat', typed: staff.code, subject: 50 }, T0)).toEqual({ ok: false, reason: 'unknown' });
    expect((await redeemCode(store, { purpose: 'link_chat', typed: issued.code, subject: 50 }, T0)).ok).toBe(true);
  });

  it("a subject's code is unknown to anyone else", async () => {
    const issued = await issueCode(store, { purpose: 'link_chat', subject: 60 }, T0);
    expect(await redeemCode(store, { purpose: 'link_chat', typed: issued.code, subject: 61 }, T0)).toEqual({ ok: false, reason: 'unknown' });
    expect(await redeemCode(store, { purpose: 'link_chat', typed: issued.code, subject: 60 }, T0)).toMatchObject({ ok: true, subject: '60' });
  });

  it('locks after five wrong codes typed for its subject, even against the right one then', async () => {
    const issued = await issueCode(store, { purpose: 'link_chat', subject: 70 }, T0);
    const wrong = strangerCode(issued.code);
    for (let i = 0; i < CODE_PURPOSES.link_chat.maxAttempts; i++) {
      expect(await redeemCode(store, { purpose: 'link_chat', typed: wrong, subject: 70 }, later(i))).toEqual({ ok: false, reason: 'unknown' });
    }
    expect(await redeemCode(store, { purpose: 'link_chat', typed: issued.code, subject: 70 }, later(10))).toEqual({ ok: false, reason: 'locked' });
    const row = await handle.db.selectFrom('one_time_codes').select(['attempts', 'locked_at']).where('id', '=', issued.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ attempts: 5, locked_at: later(4) });
  });

  it(`limits guessing per sender: after ${GUESS_LIMIT.failures} wrong codes in an hour even a right one is refused, for that sender only`, async () => {
    const issued = await issueCode(store, { purpose: 'staff_invite', subject: 80 }, T0);
    const wrong = strangerCode(issued.code);
    const guesser = sender();
    for (let i = 0; i < GUESS_LIMIT.failures; i++) await redeemCode(store, { purpose: 'staff_invite', typed: wrong, by: guesser }, later(i));
    expect(await redeemCode(store, { purpose: 'staff_invite', typed: issued.code, by: guesser }, later(100))).toEqual({ ok: false, reason: 'locked' });
    // An hour later the guesses have aged out; another sender was never held up.
    expect((await redeemCode(store, { purpose: 'staff_invite', typed: issued.code, by: sender() }, later(200))).ok).toBe(true);
    const again = await issueCode(store, { purpose: 'staff_invite' }, T0);
    expect((await redeemCode(store, { purpose: 'staff_invite', typed: again.code, by: guesser }, later(GUESS_LIMIT.windowMs + 100))).ok).toBe(true);
  });

  it('refuses to redeem without what limits guessing, and a short key', async () => {
    const issued = await issueCode(store, { purpose: 'link_chat', subject: 90 }, T0);
    await expect(redeemCode(store, { purpose: 'link_chat', typed: issued.code }, T0)).rejects.toThrow(/known subject/);
    await expect(redeemCode(store, { purpose: 'staff_invite', typed: issued.code }, T0)).rejects.toThrow(/subject or `by`/);
    await expect(issueCode({ db: handle.db, key: 'short' }, { purpose: 'staff_invite' }, T0)).rejects.toThrow(/16 bytes/);
  });

  it('two redeeming the same code at once: exactly one gets it', async () => {
    const issued = await issueCode(store, { purpose: 'staff_invite', subject: 100 }, T0);
    // Hold the row so that every redemption reaches its UPDATE and waits there; then let go.
    const results = await handle.db.transaction().execute(async (trx) => {
      await sql`select id from one_time_codes where id = ${issued.id} for update`.execute(trx);
      const racing = Array.from({ length: 6 }, () => redeemCode(store, { purpose: 'staff_invite', typed: issued.code, by: sender() }, later(1)));
      await new Promise((resolve) => setTimeout(resolve, kind === 'postgres' ? 300 : 0));
      return racing;
    });
    const outcomes = await Promise.all(results);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual(Array.from({ length: 5 }, () => ({ ok: false, reason: 'used' })));
  });

  it('purges finished codes after a while, never a live one', async () => {
    const live = await issueCode(store, { purpose: 'staff_invite' }, later(40 * 24 * 3600_000));
    const removed = await purgeCodes(handle.db, later(40 * 24 * 3600_000));
    expect(removed).toBeGreaterThan(0);
    const left = await handle.db.selectFrom('one_time_codes').select('id').execute();
    expect(left.map((r) => r.id)).toEqual([live.id]);
  });

  it("HAPUS DATA takes a person's codes, the codes naming their chats and the guesses counted against them; a staff member's under the same number stay", async () => {
    const person = '310';
    const link = await issueCode(store, { purpose: 'link_chat', subject: person, meta: { identityId: '4521' } }, T0);
    const toTheirChat = await issueCode(store, { purpose: 'link_chat', subject: '311', meta: { identityId: '4522' } }, T0);
    const staffSignIn = await issueCode(store, { purpose: 'web_login', subject: person }, T0);
    const invitation = await issueCode(store, { purpose: 'staff_invite', meta: { name: 'Rina' } }, T0);
    const someoneElse = await issueCode(store, { purpose: 'link_chat', subject: '312', meta: { identityId: '4530' } }, T0);
    const theirChat = 'telegram:7123456790';
    const otherChat = 'whatsapp:6281255550000@c.us';
    await redeemCode(store, { purpose: 'link_chat', typed: strangerCode(link.code), subject: person, by: theirChat }, later(1));
    await redeemCode(store, { purpose: 'staff_invite', typed: strangerCode(invitation.code), by: theirChat }, later(2));
    await redeemCode(store, { purpose: 'web_login', typed: strangerCode(staffSignIn.code), subject: person, by: '10.0.0.7' }, later(3));
    await redeemCode(store, { purpose: 'staff_invite', typed: strangerCode(invitation.code), by: otherChat }, later(4));
    const keys = async () => (await handle.db.selectFrom('one_time_code_failures').select(['purpose', 'key']).where('key', 'in', [`subject:${person}`, `by:${theirChat}`, `by:${otherChat}`]).orderBy('id').execute()).map((r) => `${r.purpose} ${r.key}`);
    expect(await keys()).toEqual([`link_chat subject:${person}`, `link_chat by:${theirChat}`, `staff_invite by:${theirChat}`, `web_login subject:${person}`, `staff_invite by:${otherChat}`]);

    await eraseCodesOf(handle.db, { personId: person, identityIds: ['4521', '4522'], senders: [theirChat] });

    const left = new Set((await handle.db.selectFrom('one_time_codes').select('id').execute()).map((r) => r.id));
    expect([link, toTheirChat].filter((c) => left.has(c.id))).toEqual([]);
    expect([staffSignIn, invitation, someoneElse].every((c) => left.has(c.id))).toBe(true);
    expect(await keys()).toEqual([`web_login subject:${person}`, `staff_invite by:${otherChat}`]);
  });

  async function failures(): Promise<number> {
    const { n } = await handle.db.selectFrom('one_time_code_failures').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(n);
  }
});
