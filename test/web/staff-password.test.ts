import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyPassword } from '../../src/web/auth.js';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';

// `npm run cli -- staff password --staff <id>` (the password read from standard input) and
// `staff role`: what the dashboard's password sign-in and roles rest on.

let t: TestApp;
let staffId: string;

const cli = (input: string, ...args: string[]) =>
  spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
    env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, LOG_LEVEL: 'warn' },
    input,
    encoding: 'utf8',
  });

beforeAll(async () => {
  t = await createTestApp('web-password');
  staffId = (await t.app.database.db.insertInto('staff').values({ name: 'Rina Hayati', telegram_user_id: '7123456789' }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

const stored = async () => (await t.app.database.db.selectFrom('staff').select(['password_hash', 'role']).where('id', '=', staffId).executeTakeFirstOrThrow());

it('refuses a short password and changes nothing', async () => {
  const run = cli('pendek\n', 'staff', 'password', '--staff', `#${staffId}`);
  expect(run.status).not.toBe(0);
  expect(run.stdout).toContain('minimal 10 karakter');
  expect((await stored()).password_hash).toBeNull();
});

it('stores an scrypt hash, never the password, and audits it; the password then signs in', async () => {
  const run = cli('kata-sandi-baru-99\n', 'staff', 'password', '--staff', '7123456789');
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain(`staf #${staffId} Rina Hayati sudah disimpan`);
  const { password_hash } = await stored();
  expect(password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
  expect(password_hash).not.toContain('kata-sandi-baru-99');
  expect(await verifyPassword('kata-sandi-baru-99', password_hash)).toBe(true);
  expect(await verifyPassword('kata-sandi-baru-98', password_hash)).toBe(false);
  const audit = await t.app.database.db.selectFrom('audit_log').select('details').where('action', '=', 'staff_password_set').execute();
  expect(audit).toEqual([{ details: { staffId } }]);

  const server = await buildWebServer(t.app);
  try {
    const page = await server.inject({ method: 'GET', url: '/masuk' });
    const token = page.cookies.find((c) => c.name === 'wirabot_login')!.value;
    const res = await server.inject({
      method: 'POST',
      url: '/masuk',
      payload: new URLSearchParams({ _csrf: token, staff: `${staffId}`, password: 'kata-sandi-baru-99' }).toString(),
      headers: { cookie: `wirabot_login=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(303);
    expect(res.cookies.some((c) => c.name === 'wirabot_session')).toBe(true);
  } finally {
    await server.close();
  }
});

it('staff made before migration 0017 are admins; "staff role" changes it, audited', async () => {
  expect((await stored()).role).toBe('admin');
  const bad = cli('', 'staff', 'role', `#${staffId}`, 'boss');
  expect(bad.status).not.toBe(0);
  expect((await stored()).role).toBe('admin');
  const run = cli('', 'staff', 'role', `#${staffId}`, 'operator');
  expect(run.stdout).toContain('kini berperan operator');
  expect((await stored()).role).toBe('operator');
  const audit = await t.app.database.db.selectFrom('audit_log').select('details').where('action', '=', 'staff_role_set').execute();
  expect(audit).toEqual([{ details: { staffId, from: 'admin', to: 'operator' } }]);
});
