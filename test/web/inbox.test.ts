import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTicket, insertTicketMessage } from '../../src/runtime/tickets/store.js';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedWeb, type WebFixture } from './fixture.js';
import { webClient } from './client.js';

// Pertanyaan in the dashboard (issue 12 with issue 13): the questions people asked staff,
// open first; a reply signed with the signed-in staff member's name reaches the person's
// outbox once through the tickets actions; closing; CSRF; audit; a bad number's message.

let t: TestApp;
let server: FastifyInstance;
let fx: WebFixture;
let sitiTicket: number;
let budiTicket: number;
let sitiIdentity: string;
let budiIdentity: string;

beforeAll(async () => {
  t = await createTestApp('web-inbox');
  const db = t.app.database.db;
  fx = await seedWeb(db);
  sitiIdentity = (await db.selectFrom('identities').select('id').where('address', '=', '7234567890').executeTakeFirstOrThrow()).id;
  budiIdentity = (await db.selectFrom('identities').select('id').where('address', '=', '6281322223333@c.us').executeTakeFirstOrThrow()).id;
  const opened = new Date(Date.now() - 3 * 3600_000);
  budiTicket = await insertTicket(db, fx.budiId, budiIdentity, new Date(Date.now() - 26 * 3600_000));
  await insertTicketMessage(db, { ticketNo: budiTicket, author: 'person', text: 'Kapan pelatihan berikutnya?' }, new Date(Date.now() - 26 * 3600_000));
  sitiTicket = await insertTicket(db, fx.sitiId, sitiIdentity, opened);
  await insertTicketMessage(db, { ticketNo: sitiTicket, author: 'person', text: 'Bagaimana cara mengurus NIB? <script>alert(1)</script>' }, opened);
  // An old question, already closed: listed after the open ones.
  const old = await insertTicket(db, fx.sitiId, sitiIdentity, new Date(Date.now() - 10 * 86_400_000));
  await insertTicketMessage(db, { ticketNo: old, author: 'person', text: 'Pertanyaan lama' }, new Date(Date.now() - 10 * 86_400_000));
  await db.updateTable('tickets').set({ status: 'closed', closed_at: new Date(), closed_by: 'person' }).where('id', '=', String(old)).execute();
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const { get, post, signedIn } = webClient(() => server, () => t.app.database.db);

const ticketRow = (no: number) => t.app.database.db.selectFrom('tickets').select(['status', 'taken_by_staff_id', 'closed_by', 'first_answer_at']).where('id', '=', String(no)).executeTakeFirstOrThrow();
const outboxTo = (identityId: string, like: string) =>
  t.app.database.db.selectFrom('outbound_messages').select(['text', 'path', 'topic']).where('identity_id', '=', identityId).where('text', 'like', like).execute();

describe('not signed in', () => {
  it.each(['/pertanyaan', '/pertanyaan/1'])('GET %s redirects to the sign-in page', async (url) => {
    const res = await server.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/masuk');
  });

  it.each(['balas', 'tutup'])('POST /pertanyaan/N/%s is refused and changes nothing', async (action) => {
    const res = await server.inject({ method: 'POST', url: `/pertanyaan/${sitiTicket}/${action}`, payload: 'text=halo&_csrf=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/masuk');
    expect(await ticketRow(sitiTicket)).toMatchObject({ status: 'open', taken_by_staff_id: null });
  });
});

describe('the Pertanyaan page', () => {
  it('is linked in the nav and lists the questions, open first, with age, person and channel, escaped', async () => {
    const b = await signedIn('operator');
    const overview = await get(b, '/');
    expect(overview.body).toContain('<a href="/pertanyaan">Pertanyaan</a>');
    const res = await get(b, '/pertanyaan');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('2 terbuka dari 3 pertanyaan');
    const rows = [...res.body.matchAll(/<tr data-ticket="(\d+)">([\s\S]*?)<\/tr>/g)].map((m) => ({ no: Number(m[1]), cells: m[2]! }));
    expect(rows.map((r) => r.no)).toEqual([budiTicket, sitiTicket, sitiTicket + 1]);
    expect(rows[0]!.cells).toContain('Budi Santoso');
    expect(rows[0]!.cells).toContain('26 jam');
    expect(rows[0]!.cells).toContain('whatsapp');
    expect(rows[0]!.cells).toContain('Belum dijawab');
    expect(rows[1]!.cells).toContain('Siti Aminah');
    expect(rows[1]!.cells).toContain('3 jam');
    expect(rows[1]!.cells).toContain('telegram');
    expect(rows[1]!.cells).toContain('&lt;script&gt;');
    expect(rows[2]!.cells).toContain('Ditutup');
    expect(res.body).not.toContain('<script>alert');
  });

  it('a question\'s page shows its messages, the reply form with the CSRF token, and is audited', async () => {
    const b = await signedIn('operator');
    const res = await get(b, `/pertanyaan/${sitiTicket}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Pertanyaan #${sitiTicket}`);
    expect(res.body).toContain('Bagaimana cara mengurus NIB? &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body).toContain(`action="/pertanyaan/${sitiTicket}/balas"`);
    expect(res.body).toContain(`action="/pertanyaan/${sitiTicket}/tutup"`);
    expect(res.body).toContain('atas nama Agus Salim');
    const audit = await t.app.database.db.selectFrom('audit_log').select(['staff_id', 'actor', 'details']).where('action', '=', 'ticket_viewed').execute();
    expect(audit).toContainEqual({ staff_id: fx.operatorId, actor: expect.stringMatching(/^web:/), details: { ticket: sitiTicket, by: 'web' } });
  });

  it('a bad or unknown ticket number gets a clear message', async () => {
    const b = await signedIn('operator');
    expect((await get(b, `/pertanyaan/%23${budiTicket}`)).statusCode).toBe(200);
    const odd = await get(b, '/pertanyaan/%25zz');
    expect(odd.statusCode).toBe(400);
    expect(odd.body).toContain('Nomor pertanyaan tidak dikenali');
    const bad = await get(b, '/pertanyaan/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Nomor pertanyaan tidak dikenali: &quot;abc&quot; (contoh: 12).');
    const unknown = await get(b, '/pertanyaan/987654');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Pertanyaan #987654 tidak ditemukan.');
    const reply = await post(b, '/pertanyaan/987654/balas', { text: 'Halo' });
    expect(reply.statusCode).toBe(404);
    expect(reply.body).toContain('Pertanyaan #987654 tidak ditemukan.');
    const close = await post(b, '/pertanyaan/x1/tutup', {});
    expect(close.statusCode).toBe(400);
    expect(close.body).toContain('Nomor pertanyaan tidak dikenali');
    const empty = await post(b, `/pertanyaan/${sitiTicket}/balas`, { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Mohon tulis jawabannya');
    expect(await ticketRow(sitiTicket)).toMatchObject({ status: 'open', taken_by_staff_id: null });
  });

  it('a POST without the session\'s CSRF token is refused, audited, and sends nothing', async () => {
    const b = await signedIn('operator');
    for (const csrf of [null, 'not-the-token']) {
      const res = await post(b, `/pertanyaan/${sitiTicket}/balas`, { text: 'Jawaban palsu' }, csrf);
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('Formulir ini sudah kedaluwarsa');
      expect((await post(b, `/pertanyaan/${sitiTicket}/tutup`, {}, csrf)).statusCode).toBe(403);
    }
    expect(await outboxTo(sitiIdentity, '%Jawaban palsu%')).toEqual([]);
    expect(await ticketRow(sitiTicket)).toMatchObject({ status: 'open', taken_by_staff_id: null });
    const refused = await t.app.database.db.selectFrom('audit_log').select('details').where('action', '=', 'web_csrf_refused').where('staff_id', '=', fx.operatorId).execute();
    expect(refused.length).toBe(4);
  });

  it('a reply reaches the person\'s outbox once, signed with the signed-in name, and closes nothing', async () => {
    const b = await signedIn('operator');
    const res = await post(b, `/pertanyaan/${sitiTicket}/balas`, { text: 'Bisa lewat oss.go.id, Bu. Kami bantu di kantor.' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/pertanyaan/${sitiTicket}?ok=answered`);
    const page = await get(b, res.headers.location as string);
    expect(page.body).toContain(`Jawaban untuk pertanyaan #${sitiTicket} terkirim ke Siti Aminah`);
    expect(page.body).toContain('Bisa lewat oss.go.id, Bu.');
    const sent = await outboxTo(sitiIdentity, '%oss.go.id%');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain(`Jawaban petugas untuk pertanyaan #${sitiTicket}`);
    expect(sent[0]!.text).toContain('— Agus Salim,');
    expect(sent[0]).toMatchObject({ path: 'reply', topic: 'ticket' });
    expect(await outboxTo(budiIdentity, '%oss.go.id%')).toEqual([]);
    expect(await ticketRow(sitiTicket)).toMatchObject({ status: 'open', taken_by_staff_id: fx.operatorId });
    expect(await ticketRow(budiTicket)).toMatchObject({ status: 'open', taken_by_staff_id: null, closed_by: null });
    const audit = await t.app.database.db.selectFrom('audit_log').select(['staff_id', 'details']).where('action', '=', 'ticket_answered').execute();
    expect(audit).toEqual([{ staff_id: fx.operatorId, details: { ticket: sitiTicket, by: 'web' } }]);
  });

  it('another staff member cannot answer a question someone took', async () => {
    const b = await signedIn('admin');
    const res = await post(b, `/pertanyaan/${sitiTicket}/balas`, { text: 'Jawaban kedua dari admin' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain(`Pertanyaan #${sitiTicket} sudah dijawab oleh Agus Salim. Jawaban Bapak/Ibu tidak dikirim.`);
    expect(await outboxTo(sitiIdentity, '%Jawaban kedua%')).toEqual([]);
  });

  it('closing tells the person, closes only that question, and cannot be done twice', async () => {
    const b = await signedIn('operator');
    const res = await post(b, `/pertanyaan/${sitiTicket}/tutup`, {});
    expect(res.statusCode).toBe(303);
    const page = await get(b, res.headers.location as string);
    expect(page.body).toContain(`Pertanyaan #${sitiTicket} ditutup.`);
    expect(page.body).toContain('Pertanyaan ini sudah ditutup.');
    expect(page.body).not.toContain(`action="/pertanyaan/${sitiTicket}/balas"`);
    expect(await ticketRow(sitiTicket)).toMatchObject({ status: 'closed', closed_by: `staff:${fx.operatorId}` });
    expect(await ticketRow(budiTicket)).toMatchObject({ status: 'open', closed_by: null });
    expect(await outboxTo(sitiIdentity, `%Pertanyaan #${sitiTicket} sudah ditutup oleh petugas%`)).toHaveLength(1);
    const audit = await t.app.database.db.selectFrom('audit_log').select(['staff_id', 'details']).where('action', '=', 'ticket_closed').execute();
    expect(audit).toEqual([{ staff_id: fx.operatorId, details: { ticket: sitiTicket, by: 'web' } }]);

    const again = await post(b, `/pertanyaan/${sitiTicket}/tutup`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(`Pertanyaan #${sitiTicket} sudah ditutup.`);
    const late = await post(b, `/pertanyaan/${sitiTicket}/balas`, { text: 'Terlambat' });
    expect(late.statusCode).toBe(409);
    expect(await outboxTo(sitiIdentity, '%Terlambat%')).toEqual([]);
    expect(await outboxTo(sitiIdentity, '%sudah ditutup oleh petugas%')).toHaveLength(1);
  });
});
