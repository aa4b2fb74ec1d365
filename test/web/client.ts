import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { ADMIN_TELEGRAM, OPERATOR_PASSWORD } from './fixture.js';

// A browser as the dashboard tests need one: cookies kept between requests, the page's CSRF
// token remembered, and a staff member signed in (the admin by a code sent to their chat, the
// operator by password; see fixture.ts).

export interface Browser {
  cookies: Map<string, string>;
  csrf: string;
}

/** The Cookie header a browser would send. */
export const cookieHeader = (b: Browser) => [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

export function webClient(server: () => FastifyInstance, db: () => Kysely<Database>) {
  function keep(b: Browser, res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string }[]) {
      if (c.value === '') b.cookies.delete(c.name);
      else b.cookies.set(c.name, c.value);
    }
    const csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (csrf) b.csrf = csrf;
    return res;
  }

  const get = async (b: Browser, url: string) => keep(b, await server().inject({ method: 'GET', url, headers: { cookie: cookieHeader(b) } }));

  async function post(b: Browser, url: string, form: Record<string, string>, csrf: string | null = b.csrf): Promise<LightMyRequestResponse> {
    const payload = new URLSearchParams({ ...form, ...(csrf === null ? {} : { _csrf: csrf }) }).toString();
    return keep(b, await server().inject({ method: 'POST', url, payload, headers: { cookie: cookieHeader(b), 'content-type': 'application/x-www-form-urlencoded' } }));
  }

  async function signedIn(kind: 'admin' | 'operator'): Promise<Browser> {
    const b: Browser = { cookies: new Map(), csrf: '' };
    await get(b, '/masuk');
    if (kind === 'admin') {
      expect((await post(b, '/masuk/kode', { staff: ADMIN_TELEGRAM })).statusCode).toBe(200);
      const row = await db().selectFrom('outbound_messages').select('text').where('topic', '=', 'web_login').orderBy('id', 'desc').executeTakeFirstOrThrow();
      const code = /WEB-[0-9A-Z]{4}-[0-9A-Z]{2}/.exec(row.text!)![0];
      expect((await post(b, '/masuk', { staff: ADMIN_TELEGRAM, code })).statusCode).toBe(303);
    } else {
      expect((await post(b, '/masuk', { staff: '081234567890', password: OPERATOR_PASSWORD })).statusCode).toBe(303);
    }
    await get(b, '/');
    expect(b.csrf).not.toBe('');
    return b;
  }

  return { get, post, signedIn };
}
