import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebServer } from '../../src/web/server.js';
import { importRegister } from '../import/support.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { webClient } from './client.js';
import { seedWeb } from './fixture.js';

// The invitation on the Impor page (issue 13): admin only, CSRF, the ban-risk warning with
// today's remainder and the days the rest will take; a bad number changes nothing.

let t: TestApp;
let server: FastifyInstance;
const db = () => t.app.database.db;
const { get, post, signedIn } = webClient(() => server, db);

beforeAll(async () => {
  t = await createTestApp('web-import-invite', { IMPORT_INVITES_PER_DAY: '4' });
  await seedWeb(db());
  await importRegister(db());
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const invitations = async () => (await db().selectFrom('outbound_messages').select('address').where('topic', '=', 'import_invite').execute()).length;

describe('Impor: sending the invitations', () => {
  it('is for signed-in admins only: no session is sent to sign in, an operator gets 403 and sends nothing', async () => {
    const anon = await server.inject({ method: 'POST', url: '/impor/undang', payload: 'limit=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(anon.statusCode).toBe(303);
    const operator = await signedIn('operator');
    expect((await post(operator, '/impor/undang', { limit: '1' })).statusCode).toBe(403);
    expect(await invitations()).toBe(0);
  });

  it('refuses a post without the CSRF token', async () => {
    const admin = await signedIn('admin');
    expect((await post(admin, '/impor/undang', { limit: '1' }, null)).statusCode).toBe(403);
    expect((await post(admin, '/impor/undang', { limit: '1' }, 'bukan-token-yang-benar')).statusCode).toBe(403);
    expect(await invitations()).toBe(0);
  });

  it('shows the ban-risk warning, what remains today and how many days the rest take', async () => {
    const admin = await signedIn('admin');
    const page = await get(admin, '/impor');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('WhatsApp dapat memblokir nomor kantor');
    // Six imported, four a day: today four, tomorrow the last two.
    expect(page.body).toContain('sisa kuota hari ini 4 dari 4. Menunggu undangan: 6 orang.');
    expect(page.body).toContain('sekitar 2 hari');
    expect(page.body).toContain('Kirim undangan (4)');
  });

  it('a limit that is not a number gets a clear message and sends nothing', async () => {
    const admin = await signedIn('admin');
    for (const limit of ['dua', '-3', '0', "1; drop table people"]) {
      const res = await post(admin, '/impor/undang', { limit });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Jumlah (--limit) harus bilangan bulat');
    }
    expect(await invitations()).toBe(0);
  });

  it('sends as many as asked, audited, and never past the day\'s limit', async () => {
    const admin = await signedIn('admin');
    // Each send answers with the import page by GET, which says the outcome once.
    const sendAndShow = async (limit: string) => {
      const res = await post(admin, '/impor/undang', { limit });
      expect([res.statusCode, res.headers.location]).toEqual([303, '/impor']);
      return get(admin, '/impor');
    };
    const first = await sendAndShow('3');
    expect(first.body).toContain('3 undangan masuk antrean pengiriman WhatsApp.');
    expect(first.body).toContain('sisa kuota hari ini 1 dari 4. Menunggu undangan: 3 orang.');
    // Reloading the page sends nothing more, and does not say it again.
    const reloaded = await get(admin, '/impor');
    expect(reloaded.body).not.toContain('undangan masuk antrean');
    expect(await invitations()).toBe(3);
    const rest = await sendAndShow('');
    expect(rest.body).toContain('1 undangan masuk antrean');
    const none = await sendAndShow('');
    expect(none.body).toContain('Kuota hari ini (4 undangan) sudah habis.');
    expect(none.body).not.toContain('Kirim undangan (');
    expect(await invitations()).toBe(4);
    const audit = await db().selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'web_import_invitations_sent').orderBy('id').execute();
    expect(audit.map((a) => (a.details as { invited: number }).invited)).toEqual([3, 1, 0]);
  });
});
