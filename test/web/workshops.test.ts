import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedWeb, type WebFixture } from './fixture.js';
import { cookieHeader, webClient } from './client.js';
import { pdfText } from '../support/pdf.js';

// Pelatihan in the dashboard (issue 13): the workshops with seats; create, change, cancel with
// confirmation, invite a segment (preview, then send), participants with names and phones,
// ratings, the attendance code and the attendance sheet as PDF — through the workshop actions.

let t: TestApp;
let server: FastifyInstance;
let fx: WebFixture;
let pastId: string;

beforeAll(async () => {
  t = await createTestApp('web-workshops');
  const db = t.app.database.db;
  fx = await seedWeb(db);
  pastId = (await db.selectFrom('workshops').select('id').where('title', '=', 'Pemasaran Digital').executeTakeFirstOrThrow()).id;
  await db.insertInto('workshop_feedback').values({ workshop_id: pastId, person_id: fx.budiId, rating: 4, comment: 'Materinya <b>bagus</b>, mohon diulang' }).execute();
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const { get, post, signedIn } = webClient(() => server, () => t.app.database.db);

const workshops = () => t.app.database.db.selectFrom('workshops').selectAll().orderBy('id').execute();
const audits = (action: string) => t.app.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

/** `dd/mm/yyyy HH.MM` in the office's time zone, `days` from now. */
function typedDate(days: number, hour = 9): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: t.app.config.TZ, day: '2-digit', month: '2-digit', year: 'numeric' })
      .formatToParts(new Date(Date.now() + days * 86_400_000))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${String(hour).padStart(2, '0')}.00`;
}

describe('not signed in', () => {
  it.each(['/pelatihan', '/pelatihan/1', '/pelatihan/1/daftar-hadir.pdf'])('GET %s redirects to the sign-in page', async (url) => {
    const res = await server.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/masuk');
  });

  it('POST /pelatihan is refused and creates nothing', async () => {
    const before = (await workshops()).length;
    const payload = new URLSearchParams({ title: 'Pelatihan Hantu', date: typedDate(20), place: 'Aula', capacity: '10', _csrf: 'x' }).toString();
    const res = await server.inject({ method: 'POST', url: '/pelatihan', payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/masuk');
    expect((await workshops()).length).toBe(before);
  });
});

describe('the Pelatihan page', () => {
  it('is linked in the nav and lists the workshops with their seats', async () => {
    const b = await signedIn('operator');
    expect((await get(b, '/')).body).toContain('<a href="/pelatihan">Pelatihan</a>');
    const res = await get(b, '/pelatihan');
    expect(res.statusCode).toBe(200);
    const row = new RegExp(`<tr data-workshop="${pastId}">([\\s\\S]*?)</tr>`).exec(res.body)?.[1];
    expect(row).toContain('Pemasaran Digital');
    expect(row).toContain('Aula Dinas');
    expect(row).toContain('1/30');
    expect(row).toContain('selesai');
  });

  it("shows a workshop's participants with names and phones, ratings and comments (escaped); the viewing is audited", async () => {
    const b = await signedIn('operator');
    const before = (await audits('workshop_participants_viewed')).length;
    const res = await get(b, `/pelatihan/${pastId}`);
    expect(res.statusCode).toBe(200);
    const table = /<table id="participants">([\s\S]*?)<\/table>/.exec(res.body)![1]!;
    expect(table).toContain('Siti Aminah');
    expect(table).toContain('0813');
    expect(table).toContain('terdaftar, hadir');
    expect(res.body).toMatch(/id="rating">4,5 dari 5 \(2 penilaian\)/);
    expect(res.body).toContain('Materinya &lt;b&gt;bagus&lt;/b&gt;, mohon diulang');
    expect(res.body).not.toContain('<b>bagus</b>');
    expect((await audits('workshop_participants_viewed')).length).toBe(before + 1);
    // A finished workshop can no longer be changed, cancelled or invited to.
    expect(res.body).not.toContain('id="cancel"');
  });

  it('a workshop number that does not exist or is malformed is a clear 404', async () => {
    const b = await signedIn('operator');
    for (const url of ['/pelatihan/999999', '/pelatihan/abc', '/pelatihan/999999/daftar-hadir.pdf']) {
      const res = await get(b, url);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('tidak ditemukan');
    }
  });
});

describe('creating, changing, inviting and cancelling', () => {
  let newId: string;

  it('refuses a POST without the CSRF token and creates nothing', async () => {
    const b = await signedIn('admin');
    const before = (await workshops()).length;
    const res = await post(b, '/pelatihan', { title: 'Pembukuan Sederhana', date: typedDate(20), place: 'Aula', capacity: '10' }, 'wrong-token');
    expect(res.statusCode).toBe(403);
    expect((await workshops()).length).toBe(before);
  });

  it('bad input gets the chat\'s clear message and creates nothing', async () => {
    const b = await signedIn('operator');
    const before = (await workshops()).length;
    const cases: Record<string, string>[] = [
      { title: 'Pembukuan Sederhana', date: '31/02/2026 09.00', place: 'Aula', capacity: '10' },
      { title: 'Pembukuan Sederhana', date: typedDate(20), place: 'Aula', capacity: 'banyak' },
      { title: 'Pembukuan Sederhana', date: typedDate(-3), place: 'Aula', capacity: '10' },
    ];
    for (const form of cases) {
      const res = await post(b, '/pelatihan', form);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('role="alert"');
      expect(res.body).toContain('value="Pembukuan Sederhana"');
    }
    expect((await workshops()).length).toBe(before);
  });

  it('creates a workshop through the workshop action, audited, and its reminders are scheduled', async () => {
    const b = await signedIn('operator');
    const before = (await workshops()).length;
    const posted = await post(b, '/pelatihan', { title: 'Pembukuan Sederhana', date: typedDate(20, 9), place: 'Aula Balai Kota', capacity: '2', description: 'Untuk usaha mikro' });
    const created = (await workshops()).find((w) => w.title === 'Pembukuan Sederhana')!;
    expect(created).toMatchObject({ place: 'Aula Balai Kota', capacity: 2, status: 'open' });
    newId = created.id;
    // To the new workshop's page by GET: reloading that page creates nothing more.
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/pelatihan/${newId}?dibuat=1`);
    const res = await get(b, posted.headers.location as string);
    expect(res.statusCode).toBe(200);
    await get(b, posted.headers.location as string);
    expect((await workshops()).length).toBe(before + 1);
    expect(res.body).toContain(`#${newId} Pembukuan Sederhana`);
    // The action's confirmation, without the chat's bold marks or the chat command to type next.
    expect(res.body).toContain(`Pelatihan #${newId} tersimpan: Pembukuan Sederhana`);
    expect(res.body).not.toContain('/pelatihan umumkan');
    const audit = (await audits('workshop_created')).at(-1)!;
    expect(audit.details).toMatchObject({ workshopId: newId, title: 'Pembukuan Sederhana' });
    expect(audit.staff_id).toBe(fx.operatorId);
    expect(audit.actor).toMatch(/^web:/);
  });

  it('changes the capacity and the place; bad input changes nothing', async () => {
    const b = await signedIn('operator');
    const bad = await post(b, `/pelatihan/${newId}/ubah`, { capacity: '0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role="alert"');
    const nothing = await post(b, `/pelatihan/${newId}/ubah`, {});
    expect(nothing.statusCode).toBe(400);
    expect((await workshops()).find((w) => w.id === newId)).toMatchObject({ capacity: 2, place: 'Aula Balai Kota' });
    const ok = await post(b, `/pelatihan/${newId}/ubah`, { capacity: '25', place: 'Gedung Sultan Suriansyah' });
    // To the workshop's page by GET, which says what changed once; reloading it changes nothing again.
    expect([ok.statusCode, ok.headers.location]).toEqual([303, `/pelatihan/${newId}`]);
    const page = await get(b, `/pelatihan/${newId}`);
    expect(page.body).toContain('Gedung Sultan Suriansyah');
    expect(page.body).toContain('role="status"');
    const reloaded = await get(b, `/pelatihan/${newId}`);
    expect(reloaded.body).not.toContain('role="status"');
    expect((await workshops()).find((w) => w.id === newId)).toMatchObject({ capacity: 25, place: 'Gedung Sultan Suriansyah' });
    expect((await audits('workshop_changed')).filter((a) => (a.details as { workshopId: string }).workshopId === newId)).toHaveLength(2);
  });

  it('invites a segment: the preview first (nothing sent), then sending needs the confirmation', async () => {
    const b = await signedIn('operator');
    const announcements = () => t.app.database.db.selectFrom('workshop_announcements').selectAll().where('workshop_id', '=', newId).execute();
    const unknown = await post(b, `/pelatihan/${newId}/undang`, { segment: 'warna=merah' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('warna');
    const everyone = await post(b, `/pelatihan/${newId}/undang`, { segment: 'semua' });
    expect(everyone.statusCode).toBe(403);
    const preview = await post(b, `/pelatihan/${newId}/undang`, { segment: 'kecamatan=Banjarmasin Barat' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Siti Aminah');
    expect(preview.body).toContain('Pembukuan Sederhana');
    expect(preview.body).toContain('Kirim ke 1 orang');
    expect(await announcements()).toHaveLength(0);
    const unconfirmed = await post(b, `/pelatihan/${newId}/undang/kirim`, { segment: 'kecamatan=Banjarmasin Barat' });
    expect(unconfirmed.statusCode).toBe(400);
    expect(await announcements()).toHaveLength(0);
    const sent = await post(b, `/pelatihan/${newId}/undang/kirim`, { segment: 'kecamatan=Banjarmasin Barat', confirm: 'ya' });
    expect([sent.statusCode, sent.headers.location]).toEqual([303, `/pelatihan/${newId}`]);
    await get(b, `/pelatihan/${newId}`);
    const rows = await announcements();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.staff_id).toBe(fx.operatorId);
  });

  it('cancels only after the confirmation, and tells the people concerned', async () => {
    const b = await signedIn('operator');
    const first = await post(b, `/pelatihan/${newId}/batal`, {});
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('id="cancel-preview"');
    expect((await workshops()).find((w) => w.id === newId)!.status).toBe('open');
    const done = await post(b, `/pelatihan/${newId}/batal`, { confirm: 'ya' });
    expect(done.statusCode).toBe(303);
    expect((await workshops()).find((w) => w.id === newId)!.status).toBe('cancelled');
    expect((await audits('workshop_cancelled')).at(-1)!.details).toMatchObject({ workshopId: newId });
    const again = await post(b, `/pelatihan/${newId}/batal`, { confirm: 'ya' });
    expect(again.statusCode).toBe(400);
  });
});

describe('the attendance code and sheet', () => {
  it("shows the 4-digit attendance code on the workshop's day, audited", async () => {
    const db = t.app.database.db;
    const soon = await db
      .insertInto('workshops')
      .values({ title: 'Foto Produk', starts_at: new Date(Date.now() + 3_600_000), ends_at: new Date(Date.now() + 3 * 3_600_000), place: 'Aula Dinas', capacity: 10, actor: 'test' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const b = await signedIn('operator');
    const drawn = await post(b, `/pelatihan/${soon.id}/kode`, {});
    expect(drawn.statusCode).toBe(303);
    const res = await get(b, drawn.headers.location as string);
    const code = (await db.selectFrom('workshops').select('attendance_code').where('id', '=', soon.id).executeTakeFirstOrThrow()).attendance_code;
    expect(code).toMatch(/^\d{4}$/);
    expect(res.body).toContain(code!);
    // Reloading the page shows it again without drawing a new one.
    await get(b, drawn.headers.location as string);
    expect((await db.selectFrom('workshops').select('attendance_code').where('id', '=', soon.id).executeTakeFirstOrThrow()).attendance_code).toBe(code);
    expect((await audits('workshop_code_viewed')).at(-1)!.details).toMatchObject({ workshopId: soon.id });
  });

  it("downloads a PDF with the office's name and the registered participants, for signatures", async () => {
    const b = await signedIn('operator');
    const res = await server.inject({ method: 'GET', url: `/pelatihan/${pastId}/daftar-hadir.pdf`, headers: { cookie: cookieHeader(b) } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`daftar-hadir-pelatihan-${pastId}.pdf`);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const shown = pdfText(pdf);
    expect(shown).toContain(t.app.config.ORG_NAME);
    expect(shown).toContain('Siti Aminah');
    expect(shown).toContain('Tanda tangan');
    expect(shown).toContain('Pemasaran Digital');
    // Only those with a seat are on the sheet.
    expect(shown).not.toContain('Budi Santoso');
    expect((await audits('workshop_attendance_sheet_downloaded')).at(-1)!.details).toMatchObject({ workshopId: pastId, rows: 1 });
  });
});
