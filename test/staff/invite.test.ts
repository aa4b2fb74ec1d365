import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCode } from '../../src/codes/format.js';
import { ConfigError, DEV_ID_HASH_KEY, loadConfig } from '../../src/config.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';

// Issue 11, item 9: staff are added by a one-time code. `staff invite --name Rina` prints a
// code; the chat that sends it to the bot becomes Rina's, audited. The codes' key is
// ID_HASH_KEY, required with DATABASE_URL. Nothing the command line prints carries a
// control character from a chat.

const CODE = /STAF-[2-9A-Z]{4}-[2-9A-Z]{2}/u;

describe('ID_HASH_KEY', () => {
  it('is required with DATABASE_URL, named in the error; without it (PGlite) a fixed development key', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/x' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/x' })).toThrow(/ID_HASH_KEY is required when DATABASE_URL is set/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/x', ID_HASH_KEY: 'short' })).toThrow(/ID_HASH_KEY expected at least 32 random characters/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/x', ID_HASH_KEY: 'short' })).not.toThrow(/short/);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/x', ID_HASH_KEY: 'a-key-of-the-deployment-0123456789' }).ID_HASH_KEY).toBe('a-key-of-the-deployment-0123456789');
    expect(loadConfig({}).ID_HASH_KEY).toBe(DEV_ID_HASH_KEY);
  });

  it('npm start without it stops with one line naming the variable', () => {
    const { ID_HASH_KEY: _key, ...env } = process.env;
    // A database that does not exist: were the check ever to let it through, nothing is touched.
    const run = spawnSync('npm', ['run', '--silent', 'cli', '--', 'staff', 'list'], { env: { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/wirabot_never_created' }, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('ID_HASH_KEY is required when DATABASE_URL is set');
  }, 60_000);
});

describe('staff invited by a one-time code', () => {
  let t: TestApp;
  let chats: Chats;

  const cli = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
      env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, ID_HASH_KEY: t.config.ID_HASH_KEY, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
  const db = () => t.app.database.db;
  const invite = (name: string) => {
    const run = cli('staff', 'invite', '--name', name);
    expect(run.status).toBe(0);
    return CODE.exec(run.stdout)![0];
  };

  beforeAll(async () => {
    t = await createTestApp('staffinvite');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
  });
  afterAll(() => t.close());

  it('the code makes the Telegram chat that sends it staff, once, audited', async () => {
    const run = cli('staff', 'invite', '--name', 'Rina Hayati');
    expect(run.stdout).toMatch(/Kode undangan untuk Rina Hayati: STAF-[2-9A-Z]{4}-[2-9A-Z]{2}\nBerlaku sampai \d+ \w+ \d{4}, \d\d\.\d\d WITA/u);
    const code = CODE.exec(run.stdout)![0];
    const stored = await db().selectFrom('one_time_codes').select(['purpose', 'code_hash']).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.purpose).toBe('staff_invite');
    expect(stored[0]!.code_hash).not.toContain(code.replace(/-/g, ''));

    await chats.say('telegram', '7123456789', 'halo');
    const joined = await chats.say('telegram', '7123456789', `kode saya ${code.toLowerCase()}`);
    expect(joined.join('\n')).toContain('Selamat datang, Rina Hayati. Chat ini sekarang terdaftar sebagai staf.');
    const staff = await db().selectFrom('staff').selectAll().where('removed_at', 'is', null).execute();
    expect(staff.map((s) => [s.name, s.telegram_user_id, s.phone_e164])).toEqual([['Rina Hayati', '7123456789', null]]);
    const menu = await chats.say('telegram', '7123456789', 'menu');
    expect(menu.join('\n')).toMatch(/umumkan/i);
    const audit = await db().selectFrom('audit_log').select(['action', 'actor', 'staff_id']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['staff_invited', 'staff_joined']);
    expect(audit[1]).toMatchObject({ actor: 'chat:telegram', staff_id: staff[0]!.id });

    // Used once: another chat sending it gets told so, and is nobody's staff.
    const again = await chats.say('telegram', '7123456790', code);
    expect(again.join('\n')).toContain('Kode itu sudah dipakai');
    expect(await db().selectFrom('staff').select('id').where('telegram_user_id', '=', '7123456790').executeTakeFirst()).toBeUndefined();
  }, 120_000);

  it('a WhatsApp chat becomes staff by the number WhatsApp vouches for; a console chat cannot and leaves the code unused', async () => {
    const code = invite('Budi Staf');
    const refused = await chats.say('console', 'budi-terminal', code);
    expect(refused.join('\n')).toContain('hanya bisa dipakai dari WhatsApp atau chat pribadi Telegram');
    const joined = await chats.say('whatsapp', '6281355500001@c.us', code, '+6281355500001');
    expect(joined.join('\n')).toContain('Selamat datang, Budi Staf.');
    expect(await db().selectFrom('staff').select(['name', 'phone_e164']).where('name', '=', 'Budi Staf').executeTakeFirst()).toEqual({ name: 'Budi Staf', phone_e164: '+6281355500001' });
  }, 120_000);

  it('in the middle of a sign-up a code is a code, never a name; a typo and an unknown code are answered as such', async () => {
    await chats.say('telegram', '7123456791', 'daftar');
    await chats.say('telegram', '7123456791', 'ya');
    const picks = [0, 1, 10, 2, 11, 3, 12, 4, 13];
    const unknown = generateCode('staff_invite', () => picks.shift() ?? 5).display;
    const unknownReply = await chats.say('telegram', '7123456791', unknown);
    expect(unknownReply.join('\n')).toContain('Kode itu tidak dikenal');
    const typo = unknown.slice(0, -1) + (unknown.endsWith('2') ? '3' : '2');
    const typoReply = await chats.say('telegram', '7123456791', typo);
    expect(typoReply.join('\n')).toContain('sepertinya salah ketik');
    const conversation = await db()
      .selectFrom('conversations as c')
      .innerJoin('identities as i', 'i.id', 'c.identity_id')
      .select('c.state')
      .where('i.address', '=', '7123456791')
      .executeTakeFirstOrThrow();
    const flow = (conversation.state as { flow: { name: string; step: string; draft: Record<string, unknown> } }).flow;
    expect(flow).toMatchObject({ name: 'signup', step: 'name' });
    expect(flow.draft.name).toBeUndefined();
    expect(await db().selectFrom('staff').select('id').where('telegram_user_id', '=', '7123456791').executeTakeFirst()).toBeUndefined();
  }, 120_000);

  it('"staff telegram-chats" prints no control character a display name carried', async () => {
    const evil = 'Rina\u001b[2J\u001b]0;pwned\u0007\rAdmin\u202eakuR\u0000x\n#1 fake';
    await t.app.runtime.handleInbound({ channel: 'telegram', externalId: '834567890', address: '7123456792', kind: 'text', text: 'halo', displayName: evil, receivedAt: new Date() });
    await waitFor(async () => (await db().selectFrom('identities').select('id').where('address', '=', '7123456792').executeTakeFirst()) ?? null);
    const out = cli('staff', 'telegram-chats', '--name', 'rina').stdout;
    expect(out).toContain('7123456792');
    expect(out).toMatch(/Rina\[2J\]0;pwned AdminakuRx #1 fake/u);
    expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E]/u);
    // One line per chat: the name's line break does not fake a row.
    expect(out.split('\n').filter((line) => line.includes('#1 fake'))).toHaveLength(1);
    expect(out.split('\n').find((line) => line.includes('#1 fake'))).toContain('7123456792');
  }, 60_000);
});
