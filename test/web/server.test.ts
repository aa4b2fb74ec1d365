import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { ADMIN_TELEGRAM, OPERATOR_PASSWORD, seedWeb, type WebFixture } from './fixture.js';
import { cookieHeader, webClient, type Browser } from './client.js';

// Every route of the dashboard through Fastify's inject, on a real database: who may see
// what, CSRF on every POST, sign-in by code (through the outbox) and by password.

let t: TestApp;
let server: FastifyInstance;
let fx: WebFixture;

beforeAll(async () => {
  t = await createTestApp('web-server');
  fx = await seedWeb(t.app.database.db);
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const { get, post } = webClient(() => server, () => t.app.database.db);

async function loginCodeFor(staffId: string): Promise<string> {
  const row = await t.app.database.db
    .selectFrom('outbound_messages as o')
    .innerJoin('identities as i', 'i.id', 'o.identity_id')
    .select(['o.text', 'i.channel', 'i.address'])
    .where('o.topic', '=', 'web_login')
    .orderBy('o.id', 'desc')
    .executeTakeFirstOrThrow();
  void staffId;
  return /WEB-[0-9A-Z]{4}-[0-9A-Z]{2}/.exec(row.text!)![0];
}

// Its own sign-in, not client.ts's: this file tests sign-in itself (the code typed in lower
// case, the session cookie set).
async function signedIn(kind: 'admin' | 'operator'): Promise<Browser> {
  const b: Browser = { cookies: new Map(), csrf: '' };
  await get(b, '/masuk');
  if (kind === 'admin') {
    const sent = await post(b, '/masuk/kode', { staff: ADMIN_TELEGRAM });
    expect(sent.statusCode).toBe(200);
    const code = await loginCodeFor(fx.adminId);
    const res = await post(b, '/masuk', { staff: ADMIN_TELEGRAM, code: code.toLowerCase() });
    expect(res.statusCode).toBe(303);
  } else {
    const res = await post(b, '/masuk', { staff: '081234567890', password: OPERATOR_PASSWORD });
    expect(res.statusCode).toBe(303);
  }
  expect(b.cookies.get('wirabot_session')).toBeTruthy();
  await get(b, '/');
  return b;
}

describe('not signed in', () => {
  it.each(['/', '/orang', `/orang/1`, '/staf'])('%s redirects to the sign-in page', async (url) => {
    const res = await server.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/masuk');
  });

  it.each(['/api/ringkasan', '/api/ringkasan/registrations', '/api/ringkasan/registrations.csv'])('%s answers 401', async (url) => {
    const res = await server.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'not_signed_in' });
  });

  it('POST /keluar without a session is refused', async () => {
    const res = await server.inject({ method: 'POST', url: '/keluar', payload: '_csrf=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/masuk');
  });

  it('the sign-in page and every asset are served by the app itself', async () => {
    const page = await server.inject({ method: 'GET', url: '/masuk' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Masuk ke dasbor');
    expect(page.body).not.toMatch(/https?:\/\/(?!www\.w3)/);
    const cookie = page.cookies.find((c) => c.name === 'wirabot_login')!;
    expect(cookie.httpOnly).toBe(true);
    for (const url of ['/assets/app.css', '/assets/app.js', '/assets/echarts/echarts.min.js']) {
      const res = await server.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body.length, url).toBeGreaterThan(1000);
    }
    expect((await server.inject({ method: 'GET', url: '/assets/echarts/echarts.js' })).statusCode).toBe(404);
  });
});

describe('signing in', () => {
  it('sends a WEB- code to the staff member\'s Telegram chat through the outbox, and the code opens a session', async () => {
    const b = await signedIn('admin');
    const sent = await t.app.database.db
      .selectFrom('outbound_messages')
      .select(['channel', 'address', 'path', 'status'])
      .where('topic', '=', 'web_login')
      .execute();
    expect(sent.at(-1)).toMatchObject({ channel: 'telegram', address: ADMIN_TELEGRAM, path: 'bulk' });
    const home = await get(b, '/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Rina Hayati');
    expect(home.body).toContain('data-chart="registrations"');
    const audit = await t.app.database.db.selectFrom('audit_log').select(['action', 'staff_id', 'details']).where('action', 'in', ['web_login_code_requested', 'web_signed_in']).execute();
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'web_signed_in', staff_id: fx.adminId, details: { method: 'code' } })]));
  });

  it('sends the code to the WhatsApp chat of a staff member known by phone', async () => {
    const b: Browser = { cookies: new Map(), csrf: '' };
    await get(b, '/masuk');
    const res = await post(b, '/masuk/kode', { staff: '0812-3456-7890' });
    expect(res.body).toContain('Kode sudah dikirim');
    const row = await t.app.database.db.selectFrom('outbound_messages').select(['channel', 'address', 'text']).where('topic', '=', 'web_login').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'whatsapp', address: '6281234567890@c.us' });
    expect(row.text).toMatch(/Jangan berikan kode ini/);
  });

  it('a wrong code, a wrong password or an unknown staff member opens nothing', async () => {
    for (const form of <Record<string, string>[]>[
      { staff: ADMIN_TELEGRAM, code: 'WEB-2345-6X' },
      { staff: '081234567890', password: 'salah-sekali-123' },
      { staff: '#999', password: OPERATOR_PASSWORD },
    ]) {
      const b: Browser = { cookies: new Map(), csrf: '' };
      await get(b, '/masuk');
      const res = await post(b, '/masuk', form);
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('tidak cocok');
      expect(b.cookies.has('wirabot_session')).toBe(false);
    }
    const failed = await t.app.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'web_login_failed').executeTakeFirstOrThrow();
    expect(Number(failed.n)).toBeGreaterThanOrEqual(3);
  });

  it('an empty form gets a clear message', async () => {
    const b: Browser = { cookies: new Map(), csrf: '' };
    await get(b, '/masuk');
    const res = await post(b, '/masuk', { staff: ADMIN_TELEGRAM });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Mohon isi staf dan kode atau kata sandi');
  });

  it('refuses a sign-in or a code request without the login CSRF token', async () => {
    const before = await t.app.database.db.selectFrom('one_time_codes').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const b: Browser = { cookies: new Map(), csrf: '' };
    await get(b, '/masuk');
    for (const [url, form] of [['/masuk/kode', { staff: ADMIN_TELEGRAM }], ['/masuk', { staff: '081234567890', password: OPERATOR_PASSWORD }]] as const) {
      const res = await post(b, url, form, 'forged-token-forged-token-forged-');
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('Formulir ini sudah kedaluwarsa');
    }
    expect(b.cookies.has('wirabot_session')).toBe(false);
    const after = await t.app.database.db.selectFrom('one_time_codes').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('the session cookie is HttpOnly, and Secure only behind https', async () => {
    const b: Browser = { cookies: new Map(), csrf: '' };
    await get(b, '/masuk');
    const res = await post(b, '/masuk', { staff: '081234567890', password: OPERATOR_PASSWORD });
    const cookie = res.cookies.find((c) => c.name === 'wirabot_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.secure).toBeFalsy();
    expect(cookie.sameSite).toBe('Lax');
  });

  it('rate-limits sign-in attempts per address', async () => {
    const limited = await buildWebServer(t.app, { loginRateLimit: 3 });
    try {
      const page = await limited.inject({ method: 'GET', url: '/masuk' });
      const token = page.cookies.find((c) => c.name === 'wirabot_login')!.value;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.inject({ method: 'POST', url: '/masuk', payload: `_csrf=${token}&staff=081234567890&password=salah-sekali-${i}`, headers: { cookie: `wirabot_login=${token}`, 'content-type': 'application/x-www-form-urlencoded' } });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(res.body).toContain('Terlalu banyak percobaan');
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('signing out ends the session on the server', async () => {
    const b = await signedIn('operator');
    const token = b.cookies.get('wirabot_session')!;
    const refused = await post(b, '/keluar', {}, 'not-the-token');
    expect(refused.statusCode).toBe(403);
    expect((await get(b, '/')).statusCode).toBe(200);
    const out = await post(b, '/keluar', {});
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/masuk');
    const again = await server.inject({ method: 'GET', url: '/', headers: { cookie: `wirabot_session=${token}` } });
    expect(again.statusCode).toBe(303);
    const audit = await t.app.database.db.selectFrom('audit_log').select('action').where('staff_id', '=', fx.operatorId).where('action', 'in', ['web_signed_out', 'web_csrf_refused']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['web_csrf_refused', 'web_signed_out']);
  });
});

it('a new sign-in deletes sessions that ended more than 90 days ago, and keeps recent ones', async () => {
  const db = t.app.database.db;
  const old = new Date(Date.now() - 100 * 86_400_000);
  const recent = new Date(Date.now() - 10 * 86_400_000);
  for (const [id, at] of [['old-session', old], ['recent-session', recent]] as const) {
    await db.insertInto('web_sessions').values({ id, staff_id: fx.operatorId, csrf_token: 'x', method: 'password', created_at: at, last_seen_at: at, expires_at: at }).execute();
  }
  await signedIn('operator');
  const left = await db.selectFrom('web_sessions').select('id').where('id', 'in', ['old-session', 'recent-session']).execute();
  expect(left).toEqual([{ id: 'recent-session' }]);
});

describe('Ringkasan', () => {
  it('every chart answers JSON from the database', async () => {
    const b = await signedIn('operator');
    const res = await server.inject({ method: 'GET', url: '/api/ringkasan', headers: { cookie: cookieHeader(b) } });
    expect(res.statusCode).toBe(200);
    const charts = Object.fromEntries((res.json() as { charts: { id: string; rows: Record<string, unknown>[] }[] }).charts.map((c) => [c.id, c.rows]));
    expect(charts['registrations']!.reduce((n, r) => n + Number(r['registrations']), 0)).toBe(3);
    expect(charts['response_rate']).toEqual([{ period: '2026-11', invited: 2, answered: 1, rate: 50 }]);
    expect(charts['median_omzet']).toEqual([
      { period: '2026-10', median_omzet: 2_750_000, reports: 2 },
      { period: '2026-11', median_omzet: 4_000_000, reports: 1 },
    ]);
    expect(charts['funnel']!.map((r) => r['count'])).toEqual([2, 1, 1, 1]);
    const bySector = charts['growth_sector']!;
    expect(bySector.reduce((n, r) => n + Number(r['berkembang']) + Number(r['menurun']) + Number(r['none']), 0)).toBe(3);
    expect(charts['growth_kecamatan']!.length).toBe(2);
  });

  it('each chart\'s data downloads as CSV through the project\'s formula-safe writer', async () => {
    const b = await signedIn('operator');
    const res = await server.inject({ method: 'GET', url: '/api/ringkasan/growth_sector.csv', headers: { cookie: cookieHeader(b) } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toContain('ringkasan-growth_sector.csv');
    expect(res.body.startsWith('\uFEFFKelompok,Berkembang,Stagnan,Menurun,Belum cukup data,Belum dinilai\r\n')).toBe(true);
    const funnel = await server.inject({ method: 'GET', url: '/api/ringkasan/funnel.csv', headers: { cookie: cookieHeader(b) } });
    expect(funnel.body).toContain('Diundang,2\r\n');
    const audit = await t.app.database.db.selectFrom('audit_log').select('details').where('action', '=', 'web_exported').execute();
    expect(audit.map((a) => a.details['chart'])).toEqual(expect.arrayContaining(['growth_sector', 'funnel']));
  });

  it('an unknown chart is a 404', async () => {
    const b = await signedIn('operator');
    for (const url of ['/api/ringkasan/nope', '/api/ringkasan/nope.csv', '/api/ringkasan/..%2Fx']) {
      const res = await server.inject({ method: 'GET', url, headers: { cookie: cookieHeader(b) } });
      expect(res.statusCode, url).toBe(404);
    }
  });
});

describe('Pelaku usaha', () => {
  it('searches by name, phone or member number, escaping what people typed', async () => {
    const b = await signedIn('operator');
    const all = await get(b, '/orang');
    expect(all.body).toContain('3 pelaku usaha');
    expect(all.body).toContain('Kue Bingka &lt;Siti&gt;');
    expect(all.body).not.toContain('<Siti>');
    const byName = await get(b, '/orang?q=siti');
    expect(byName.body).toContain('1 pelaku usaha');
    expect(byName.body).toContain(`/orang/${fx.sitiId}`);
    const byPhone = await get(b, '/orang?q=0813-2222-3333');
    expect(byPhone.body).toContain('Budi Santoso');
    expect(byPhone.body).toContain('1 pelaku usaha');
    const like = await get(b, '/orang?q=%25');
    expect(like.body).toContain('0 pelaku usaha');
  });

  it('filters by sector, kecamatan and growth status, and pages on the server', async () => {
    const b = await signedIn('operator');
    expect((await get(b, '/orang?sector=2')).body).toContain('2 pelaku usaha');
    expect((await get(b, '/orang?kecamatan=1&sector=2')).body).toContain('1 pelaku usaha');
    expect((await get(b, '/orang?status=menurun')).body).toContain('Budi Santoso');
    expect((await get(b, '/orang?status=none')).body).toContain('Dewi Lestari');
    const page2 = await get(b, '/orang?page=2');
    expect(page2.body).toContain('Halaman 2 dari 1');
    expect(page2.body).not.toContain('Siti Aminah');
  });

  it('bad filters get a clear message', async () => {
    const b = await signedIn('operator');
    for (const url of ['/orang?page=0', '/orang?sector=abc', '/orang?status=kaya', `/orang?q=${'x'.repeat(101)}`]) {
      const res = await get(b, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toContain('Isian tidak valid');
    }
  });

  it('a person\'s page shows profile, chats, BERHENTI, omzet, check-in answers and workshops, and is audited', async () => {
    const b = await signedIn('operator');
    const siti = await get(b, `/orang/${fx.sitiId}`);
    expect(siti.statusCode).toBe(200);
    for (const part of ['Kue Bingka &lt;Siti&gt;', '7234567890', 'Masih menerima pesan', 'Rp4.000.000', '2026-10', 'Pemasaran Digital', 'omzet-chart', 'Setuju']) expect(siti.body).toContain(part);
    const budi = await get(b, `/orang/${fx.budiId}`);
    expect(budi.body).toContain('Berhenti menerima pesan sejak');
    expect((await get(b, '/orang/99999999')).statusCode).toBe(404);
    expect((await get(b, '/orang/abc')).statusCode).toBe(400);
    const audit = await t.app.database.db.selectFrom('audit_log').select(['staff_id', 'details']).where('action', '=', 'web_person_viewed').execute();
    expect(audit).toEqual(expect.arrayContaining([{ staff_id: fx.operatorId, details: { personId: fx.sitiId } }]));
  });
});

describe('roles', () => {
  it('an operator on an admin page gets 403; an admin sees it', async () => {
    const operator = await signedIn('operator');
    const refused = await get(operator, '/staf');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('hanya untuk admin');
    expect(refused.body).not.toContain('Rina Hayati</td>');
    const admin = await signedIn('admin');
    const page = await get(admin, '/staf');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Agus Salim');
    expect(page.body).toContain('operator');
  });
});

describe('Pengumuman', () => {
  const broadcasts = async () => Number((await t.app.database.db.selectFrom('broadcasts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('counts the recipients of a segment as it is typed, and explains a segment it cannot read', async () => {
    const b = await signedIn('operator');
    expect((await get(b, '/pengumuman')).statusCode).toBe(200);
    const ok = await server.inject({ method: 'GET', url: `/api/pengumuman/penerima?segment=${encodeURIComponent('kecamatan=Banjarmasin Barat')}`, headers: { cookie: cookieHeader(b) } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ total: 1, perChannel: { telegram: 1 }, text: '1 penerima saat ini' });
    const bad = await server.inject({ method: 'GET', url: `/api/pengumuman/penerima?segment=${encodeURIComponent('warna=merah')}`, headers: { cookie: cookieHeader(b) } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/warna/);
    expect((await server.inject({ method: 'GET', url: '/api/pengumuman/penerima?segment=semua' })).statusCode).toBe(401);
  });

  it('previews the text as the first recipient reads it', async () => {
    const b = await signedIn('operator');
    const res = await post(b, '/pengumuman/pratinjau', { text: 'Halo {nama} dari {usaha}, ada pelatihan baru.', segment: 'kecamatan=Banjarmasin Barat' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Halo Siti Aminah dari Kue Bingka &lt;Siti&gt;, ada pelatihan baru.');
    expect(res.body).toContain('Penerima: 1 orang');
    expect(res.body).toContain('Kirim ke 1 orang');
    expect(await broadcasts()).toBe(0);
  });

  it('bad input gets a clear message and sends nothing', async () => {
    const b = await signedIn('operator');
    const cases: [Record<string, string>, string][] = [
      [{ text: 'Halo {alamat}', segment: 'semua' }, '{alamat}'],
      [{ text: 'Halo semua', segment: 'warna=merah' }, 'warna'],
      [{ text: 'x'.repeat(2001), segment: 'kecamatan=Banjarmasin Barat' }, '2000'],
      [{ text: 'Halo {nama}', segment: 'kecamatan=Banjarmasin Barat' }, 'Mohon centang konfirmasi'],
    ];
    for (const [form, words] of cases) {
      const res = await post(b, '/pengumuman/kirim', form);
      expect(res.statusCode, JSON.stringify(form).slice(0, 60)).toBe(400);
      expect(res.body).toContain(words);
    }
    expect(await broadcasts()).toBe(0);
  });

  it('an operator may not announce to everyone (admin only); a forged form is refused', async () => {
    const b = await signedIn('operator');
    const everyone = await post(b, '/pengumuman/kirim', { text: 'Halo {nama}', segment: 'semua', confirm: 'ya' });
    expect(everyone.statusCode).toBe(403);
    expect(everyone.body).toContain('hanya bisa dikirim oleh admin');
    const forged = await post(b, '/pengumuman/kirim', { text: 'Halo {nama}', segment: 'kecamatan=Banjarmasin Barat', confirm: 'ya' }, 'forged');
    expect(forged.statusCode).toBe(403);
    expect(await broadcasts()).toBe(0);
  });

  it('sends with confirmation through the broadcast actions, audited, and shows the delivery counts', async () => {
    const b = await signedIn('admin');
    const res = await post(b, '/pengumuman/kirim', { text: 'Halo {nama}, ada pelatihan baru.', segment: 'semua', confirm: 'ya' });
    expect(res.statusCode).toBe(303);
    const id = /^\/pengumuman\/(\d+)$/.exec(res.headers.location as string)![1]!;
    const row = await t.app.database.db.selectFrom('broadcasts').select(['staff_id', 'actor', 'text']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ staff_id: fx.adminId, actor: 'web:127.0.0.1', text: 'Halo {nama}, ada pelatihan baru.' });
    const audit = await t.app.database.db.selectFrom('audit_log').select('details').where('action', '=', 'broadcast_created').executeTakeFirstOrThrow();
    expect(audit.details['broadcastId']).toBe(id);
    // The fan-out job was queued; run the workers and watch the outbox fill.
    await t.app.startTurnWorkers(1);
    const counts = await waitFor(async () => {
      const r = await server.inject({ method: 'GET', url: `/api/pengumuman/${id}`, headers: { cookie: cookieHeader(b) } });
      const body = r.json() as { total: number; recipients: number | null };
      return body.recipients !== null && body.total === body.recipients ? body : null;
    });
    expect(counts).toMatchObject({ recipients: 1, total: 1 });
    const page = await get(b, `/pengumuman/${id}`);
    expect(page.body).toContain('data-count="waiting"');
    expect(page.body).toContain('Halo {nama}, ada pelatihan baru.');
    expect((await get(b, '/pengumuman/99999')).statusCode).toBe(404);
    expect((await get(b, '/pengumuman')).body).toContain(`/pengumuman/${id}`);
  });
});

describe('behind https, on the embedded database', () => {
  it('marks the session cookie Secure when WEB_PUBLIC_URL is https, and serves the charts from PGlite', async () => {
    const https = await createTestApp('web-https', { WEB_PUBLIC_URL: 'https://wirabot.kantor.lan' }, { database: 'pglite' });
    const other = await buildWebServer(https.app);
    try {
      await seedWeb(https.app.database.db);
      const page = await other.inject({ method: 'GET', url: '/masuk' });
      const login = page.cookies.find((c) => c.name === 'wirabot_login')!;
      expect(login.secure).toBe(true);
      const res = await other.inject({
        method: 'POST',
        url: '/masuk',
        payload: new URLSearchParams({ _csrf: login.value, staff: '081234567890', password: OPERATOR_PASSWORD }).toString(),
        headers: { cookie: `wirabot_login=${login.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      });
      const session = res.cookies.find((c) => c.name === 'wirabot_session')!;
      expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
      const charts = await other.inject({ method: 'GET', url: '/api/ringkasan/median_omzet', headers: { cookie: `wirabot_session=${session.value}` } });
      expect(charts.json().rows).toEqual([
        { period: '2026-10', median_omzet: 2_750_000, reports: 2 },
        { period: '2026-11', median_omzet: 4_000_000, reports: 1 },
      ]);
    } finally {
      await other.close();
      await https.close();
    }
  }, 60_000);
});
