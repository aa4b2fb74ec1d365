import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { cookieHeader, webClient, type Browser } from './client.js';
import { seedWeb } from './fixture.js';

// A dashboard session slides: each use moves its end WEB_SESSION_IDLE forward (here 30 min),
// but never past WEB_SESSION_TTL after signing in (here 3 h). The app's clock is the test's.

const MIN = 60_000;
let now = new Date('2026-12-02T00:30:00Z');
let t: TestApp;
let server: FastifyInstance;

beforeAll(async () => {
  t = await createTestApp('web-session-slide', { WEB_SESSION_IDLE: '30m', WEB_SESSION_TTL: '3h' }, { clock: () => now });
  await seedWeb(t.app.database.db);
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const { get, post, signedIn } = webClient(() => server, () => t.app.database.db);
const wait = (minutes: number) => {
  now = new Date(now.getTime() + minutes * MIN);
};
/** What the operator sees opening the people list with the browser's cookie. */
const open = async (b: Browser) => {
  const res = await server.inject({ method: 'GET', url: '/orang', headers: { cookie: cookieHeader(b) } });
  return res.statusCode === 200 ? 'page' : res.statusCode === 303 && res.headers.location === '/masuk' ? 'sign-in' : `HTTP ${res.statusCode}`;
};
/** The browser's session row, found as the server finds it: by the SHA-256 of the cookie's token. */
const row = (b: Browser) =>
  t.app.database.db
    .selectFrom('web_sessions')
    .select(['created_at', 'last_seen_at', 'expires_at'])
    .where('id', '=', createHash('sha256').update(b.cookies.get('wirabot_session')!).digest('hex'))
    .executeTakeFirst();

describe('a session in use stays open, an idle one ends', () => {
  it('starts with the idle timeout; using it 25 minutes later moves the end 30 minutes past that use', async () => {
    const b = await signedIn('operator');
    const signedInAt = now;
    expect((await row(b))!.expires_at).toEqual(new Date(signedInAt.getTime() + 30 * MIN));
    wait(25);
    expect(await open(b)).toBe('page');
    expect((await row(b))!.expires_at).toEqual(new Date(signedInAt.getTime() + 55 * MIN));
    // Past the first end (30 min after signing in), still open: it was used.
    wait(25);
    expect(await open(b)).toBe('page');
    // Then 31 minutes at lunch: signed out, the page asks to sign in again.
    wait(31);
    expect(await open(b)).toBe('sign-in');
    wait(1);
    expect(await open(b)).toBe('sign-in');
  });

  it('uses within a minute of each other write nothing (a page and its assets are one use)', async () => {
    const b = await signedIn('operator');
    const first = (await row(b))!;
    wait(0.5);
    expect(await open(b)).toBe('page');
    expect(await row(b)).toEqual(first);
    wait(0.6);
    expect(await open(b)).toBe('page');
    expect((await row(b))!.last_seen_at).toEqual(now);
  });

  it('never lasts past the maximum after signing in, however busy', async () => {
    const b = await signedIn('operator');
    const signedInAt = now;
    for (let i = 0; i < 8; i++) {
      wait(20);
      expect(await open(b), `after ${(i + 1) * 20} minutes`).toBe('page');
    }
    // 2 h 40 min in, used every 20 minutes: the end is the maximum, not 30 minutes on.
    wait(15);
    expect(await open(b)).toBe('page');
    expect((await row(b))!.expires_at).toEqual(new Date(signedInAt.getTime() + 180 * MIN));
    wait(6);
    expect(await open(b)).toBe('sign-in');
  });

  it('a session signed out is not brought back by its old cookie', async () => {
    const b = await signedIn('operator');
    const token = b.cookies.get('wirabot_session')!;
    wait(2);
    expect((await post(b, '/keluar', {})).statusCode).toBe(303);
    wait(2);
    const res = await server.inject({ method: 'GET', url: '/orang', headers: { cookie: `wirabot_session=${token}` } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/masuk');
    expect(await get(b, '/orang').then((r) => r.statusCode)).toBe(303);
  });
});
