import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/runtime/staff/audit.js';
import { AUDIT_PAGE_SIZE } from '../../src/web/staff.js';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedWeb, type WebFixture } from './fixture.js';
import { webClient } from './client.js';

// Staf & audit (issue 13): the staff list, adding and removing staff (admins only, CSRF,
// audited as `staff add|remove` are), and the audit log filtered by staff, action and days,
// a page at a time, as `npm run cli -- audit` reads it.

let t: TestApp;
let server: FastifyInstance;
let fx: WebFixture;

beforeAll(async () => {
  t = await createTestApp('web-staff');
  fx = await seedWeb(t.app.database.db);
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const { get, post, signedIn } = webClient(() => server, () => t.app.database.db);

const activeStaff = () => t.app.database.db.selectFrom('staff').select(['id', 'name', 'phone_e164', 'telegram_user_id']).where('removed_at', 'is', null).orderBy('id').execute();
const auditOf = (action: string) => t.app.database.db.selectFrom('audit_log').select(['staff_id', 'actor', 'details']).where('action', '=', action).orderBy('id').execute();
const listedIds = (body: string) => [...body.matchAll(/<tr data-audit="(\d+)">/g)].map((m) => m[1]);

describe('not signed in', () => {
  it.each(['/staf', '/staf/audit'])('GET %s redirects to the sign-in page', async (url) => {
    const res = await server.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/masuk');
  });

  it.each(['/staf/tambah', '/staf/2/hapus'])('POST %s is refused and changes nothing', async (url) => {
    const before = await activeStaff();
    const res = await server.inject({ method: 'POST', url, payload: 'name=Iwan&phone=081355556666&_csrf=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/masuk');
    expect(await activeStaff()).toEqual(before);
  });
});

describe('an operator', () => {
  it.each([
    ['GET', '/staf'],
    ['GET', '/staf/audit'],
    ['POST', '/staf/tambah'],
    ['POST', `/staf/2/hapus`],
  ])('%s %s: 403, audited, nothing changed', async (method, url) => {
    const b = await signedIn('operator');
    const before = await activeStaff();
    const forbiddenBefore = (await auditOf('web_forbidden')).length;
    const res = method === 'GET' ? await get(b, url) : await post(b, url, { name: 'Iwan Setiawan', phone: '081355556666' });
    expect(res.statusCode).toBe(403);
    expect(await activeStaff()).toEqual(before);
    expect((await auditOf('web_forbidden')).length).toBe(forbiddenBefore + 1);
  });

  it('does not see the Staf link', async () => {
    const b = await signedIn('operator');
    expect((await get(b, '/')).body).not.toContain('href="/staf"');
  });
});

describe('the staff list, adding and removing (admin)', () => {
  it('lists active staff with a remove button for others only, and links the audit log', async () => {
    const b = await signedIn('admin');
    expect((await get(b, '/')).body).toContain('<a href="/staf">');
    const res = await get(b, '/staf');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/staf/audit">Lihat catatan audit</a>');
    expect(res.body).toContain('Rina Hayati');
    expect(res.body).toContain('Agus Salim');
    expect(res.body).toContain(`action="/staf/${fx.operatorId}/hapus"`);
    expect(res.body).not.toContain(`action="/staf/${fx.adminId}/hapus"`); // not oneself
  });

  it('refuses a POST without the CSRF token and adds nobody', async () => {
    const b = await signedIn('admin');
    const before = await activeStaff();
    const res = await post(b, '/staf/tambah', { name: 'Iwan Setiawan', phone: '081355556666' }, null);
    expect(res.statusCode).toBe(403);
    expect(await activeStaff()).toEqual(before);
    const wrong = await post(b, `/staf/${fx.operatorId}/hapus`, {}, 'not-the-token');
    expect(wrong.statusCode).toBe(403);
    expect(await activeStaff()).toEqual(before);
  });

  it.each([
    [{ name: '', phone: '081355556666' }, 'Mohon isi nama staf.'],
    [{ name: 'Iwan Setiawan' }, 'Mohon isi HP, ID Telegram, atau keduanya.'],
    [{ name: 'Iwan Setiawan', phone: '12345' }, 'Nomor HP tidak dikenali. Contoh: 081234567890.'],
    [{ name: 'Iwan Setiawan', telegram_id: '-100123' }, 'ID Telegram harus berupa angka, misalnya 123456789.'],
    [{ name: 'Iwan Setiawan', phone: '0812-3456-7890' }, 'Nomor HP atau ID Telegram itu sudah dipakai staf lain.'],
    [{ name: 'x'.repeat(500), phone: '081355556666' }, 'Isian tidak terbaca. Mohon diisi ulang.'],
  ])('bad input %j gets a clear message and adds nobody', async (form, text) => {
    const b = await signedIn('admin');
    const before = await activeStaff();
    const added = (await auditOf('staff_added')).length;
    const res = await post(b, '/staf/tambah', form);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(text);
    expect(await activeStaff()).toEqual(before);
    expect((await auditOf('staff_added')).length).toBe(added);
  });

  it('adds a staff member with the same function and audit entry as `staff add`, then removes them', async () => {
    const b = await signedIn('admin');
    const res = await post(b, '/staf/tambah', { name: 'Iwan <Setiawan>', phone: '0813 5555 6666', telegram_id: '7345678901' });
    expect(res.statusCode).toBe(200);
    const iwan = (await activeStaff()).find((s) => s.name === 'Iwan <Setiawan>')!;
    expect(iwan).toMatchObject({ phone_e164: '+6281355556666', telegram_user_id: '7345678901' });
    expect(res.body).toContain(`Staf #${iwan.id} Iwan &lt;Setiawan&gt; ditambahkan.`);
    expect(res.body).not.toContain('Iwan <Setiawan>');
    expect(await auditOf('staff_added')).toEqual([
      { staff_id: fx.adminId, actor: expect.stringMatching(/^web:/), details: { staffId: iwan.id, name: 'Iwan <Setiawan>', phone: '+6281355556666', telegramId: '7345678901' } },
    ]);

    const removed = await post(b, `/staf/${iwan.id}/hapus`, {});
    expect(removed.statusCode).toBe(200);
    expect(removed.body).toContain(`Staf #${iwan.id} Iwan &lt;Setiawan&gt; dihapus.`);
    expect((await activeStaff()).map((s) => s.id)).not.toContain(iwan.id);
    expect(await auditOf('staff_removed')).toEqual([{ staff_id: fx.adminId, actor: expect.stringMatching(/^web:/), details: { staffId: iwan.id, name: 'Iwan <Setiawan>' } }]);

    // Removed already, or never there: a clear message, nothing changed.
    const again = await post(b, `/staf/${iwan.id}/hapus`, {});
    expect(again.statusCode).toBe(404);
    expect(again.body).toContain(`Tidak ada staf aktif dengan nomor ${iwan.id}.`);
    expect((await post(b, '/staf/abc/hapus', {})).statusCode).toBe(404);
    expect((await auditOf('staff_removed')).length).toBe(1);
  });

  it('an admin cannot remove themselves', async () => {
    const b = await signedIn('admin');
    const res = await post(b, `/staf/${fx.adminId}/hapus`, {});
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Bapak/Ibu tidak dapat menghapus diri sendiri.');
    expect((await activeStaff()).map((s) => s.id)).toContain(fx.adminId);
  });
});

describe('the audit log (admin)', () => {
  let base: number;
  beforeAll(async () => {
    const db = t.app.database.db;
    // 60 broadcasts by the operator on 1 November (WITA), and 3 by the admin on 2 November.
    for (let i = 0; i < 60; i++) {
      await recordAudit(db, { staffId: fx.operatorId, actor: 'chat:whatsapp', action: 'broadcast_created', details: { no: i, phone: '+6281234567890' } }, new Date(Date.UTC(2026, 9, 31, 16, 30 + (i % 20))));
    }
    for (let i = 0; i < 3; i++) {
      await recordAudit(db, { staffId: fx.adminId, actor: 'cli:rina', action: 'checkin_report_viewed', details: { period: '2026-10' } }, new Date(Date.UTC(2026, 10, 1, 16, 10 + i)));
    }
    base = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id);
  });

  it('shows the newest first, a page at a time, with the filters kept in the page links', async () => {
    const b = await signedIn('admin');
    const first = await get(b, '/staf/audit?staff=' + fx.operatorId + '&action=broadcast_created');
    expect(first.statusCode).toBe(200);
    const ids = listedIds(first.body);
    expect(ids).toHaveLength(AUDIT_PAGE_SIZE);
    expect(Number(ids[0])).toBeGreaterThan(Number(ids[1]));
    expect(first.body).toContain(`href="/staf/audit?staff=${fx.operatorId}&amp;action=broadcast_created&amp;page=2"`);
    expect(first.body).toContain('+6281****890'); // phone numbers masked as on the command line
    expect(first.body).not.toContain('+6281234567890');
    const second = await get(b, `/staf/audit?staff=${fx.operatorId}&action=broadcast_created&page=2`);
    const rest = listedIds(second.body);
    expect(rest).toHaveLength(60 - AUDIT_PAGE_SIZE);
    expect(rest.filter((id) => ids.includes(id))).toEqual([]);
    expect(second.body).not.toContain('page=3');
    expect(second.body).toContain('page=1');
  });

  it('filters by local days (WITA), both included', async () => {
    const b = await signedIn('admin');
    const nov1 = await get(b, '/staf/audit?from=2026-11-01&to=2026-11-01&action=broadcast_created');
    expect(listedIds(nov1.body)).toHaveLength(AUDIT_PAGE_SIZE); // 00.30–00.49 WITA on 1 November
    const nov2 = await get(b, '/staf/audit?from=2026-11-02&to=2026-11-02');
    const rows = listedIds(nov2.body);
    expect(rows).toHaveLength(3);
    expect(rows.map(Number)).toEqual([base, base - 1, base - 2]);
    expect(nov2.body).toContain('checkin_report_viewed');
    expect(nov2.body).toContain('2 November 2026, 00.12 WITA');
    const byStaff = await get(b, `/staf/audit?staff=${fx.adminId}&action=checkin_report_viewed`);
    expect(listedIds(byStaff.body)).toHaveLength(3);
    const none = await get(b, '/staf/audit?from=2026-10-01&to=2026-10-31&action=checkin_report_viewed');
    expect(listedIds(none.body)).toEqual([]);
    expect(none.body).toContain('Tidak ada catatan untuk pilihan ini.');
  });

  it.each([
    ['from=2026-13-45', 'Tanggal &quot;2026-13-45&quot; tidak dikenali.'],
    ['to=kemarin', 'Tanggal &quot;kemarin&quot; tidak dikenali.'],
    ['from=2026-11-02&to=2026-11-01', 'Tanggal awal harus sebelum tanggal akhir.'],
    ['staff=999999', 'Staf yang dipilih tidak dikenal.'],
    ['action=drop_table', 'Tindakan yang dipilih tidak dikenal.'],
    ['page=0', 'Nomor halaman tidak dikenali.'],
  ])('bad filter %s: a clear message and no listing', async (query, text) => {
    const b = await signedIn('admin');
    const res = await get(b, `/staf/audit?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(text);
    expect(listedIds(res.body)).toEqual([]);
  });
});
