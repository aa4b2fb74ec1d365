import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FANOUT_QUEUE } from '../../src/runtime/broadcast/fanout.js';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedWeb } from './fixture.js';
import { webClient } from './client.js';

// Pengumuman, scheduled (issue 13): a date and time in WITA on the compose form keeps the
// broadcast `scheduled` (nothing queued), the history shows its time with a cancel button,
// and cancelling is CSRF-protected and audited; a past or unreadable time changes nothing.

let t: TestApp;
let server: FastifyInstance;

beforeAll(async () => {
  t = await createTestApp('web-schedule');
  await seedWeb(t.app.database.db);
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const { get, post, signedIn } = webClient(() => server, () => t.app.database.db);

const db = () => t.app.database.db;
const broadcasts = async () => db().selectFrom('broadcasts').select(['id', 'status', 'scheduled_at']).orderBy('id').execute();
const SEGMENT = 'kecamatan=Banjarmasin Barat';

describe('Pengumuman: scheduling', () => {
  it('not signed in: the form and the cancel are refused', async () => {
    const res = await server.inject({ method: 'POST', url: '/pengumuman/1/batal', payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([302, 303, 401]).toContain(res.statusCode);
    expect(await broadcasts()).toEqual([]);
  });

  it('the compose page has the date/time field', async () => {
    const b = await signedIn('operator');
    const page = await get(b, '/pengumuman');
    expect(page.body).toContain('name="at"');
    expect(page.body).toContain('Jadwalkan');
  });

  it('a past or unreadable time is a clear message and stores nothing', async () => {
    const b = await signedIn('operator');
    const past = await post(b, '/pengumuman/kirim', { text: 'Halo {nama}', segment: SEGMENT, at: '01/01/2020 08.00', confirm: 'ya' });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('Waktu 1 Januari 2020, 08.00 WITA sudah lewat');
    const preview = await post(b, '/pengumuman/pratinjau', { text: 'Halo {nama}', segment: SEGMENT, at: 'kapan-kapan' });
    expect(preview.statusCode).toBe(400);
    expect(preview.body).toContain('tidak bisa dibaca');
    expect(await broadcasts()).toEqual([]);
  });

  it('the preview shows the time; sending stores it as scheduled, queues nothing, and lists it with a cancel button', async () => {
    const b = await signedIn('operator');
    const preview = await post(b, '/pengumuman/pratinjau', { text: 'Halo {nama}, kantor tutup.', segment: SEGMENT, at: '25/12/2099 08.00' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Terjadwal: 25 Desember 2099, 08.00 WITA');
    expect(preview.body).toContain('name="at" value="25/12/2099 08.00"');
    const sent = await post(b, '/pengumuman/kirim', { text: 'Halo {nama}, kantor tutup.', segment: SEGMENT, at: '25/12/2099 08.00', confirm: 'ya' });
    expect(sent.statusCode).toBe(303);
    const id = /^\/pengumuman\/(\d+)$/.exec(sent.headers.location as string)![1]!;
    expect(await broadcasts()).toEqual([{ id, status: 'scheduled', scheduled_at: new Date('2099-12-25T00:00:00Z') }]);
    expect(await t.app.queues.get(FANOUT_QUEUE).getJob(`fanout-${id}`)).toBeUndefined();
    expect(await db().selectFrom('outbound_messages').select('id').where('broadcast_id', '=', id).execute()).toEqual([]);

    const list = await get(b, '/pengumuman');
    expect(list.body).toContain('Terjadwal: 25 Desember 2099, 08.00 WITA');
    expect(list.body).toContain(`action="/pengumuman/${id}/batal"`);
    expect((await get(b, `/pengumuman/${id}`)).body).toContain(`action="/pengumuman/${id}/batal"`);
  });

  it('cancel: CSRF refused; then cancelled, audited, and a second cancel says so', async () => {
    const b = await signedIn('operator');
    const [scheduled] = await broadcasts();
    const id = scheduled!.id;
    const forged = await post(b, `/pengumuman/${id}/batal`, {}, 'forged');
    expect(forged.statusCode).toBe(403);
    expect((await broadcasts())[0]!.status).toBe('scheduled');

    const bad = await post(b, '/pengumuman/abc/batal', {});
    expect(bad.statusCode).toBe(400);

    const ok = await post(b, `/pengumuman/${id}/batal`, {});
    expect(ok.statusCode).toBe(303);
    expect((await broadcasts())[0]!.status).toBe('cancelled');
    const audit = await db().selectFrom('audit_log').select(['action', 'details', 'staff_id']).where('action', '=', 'broadcast_cancelled').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toEqual({ broadcastId: id });
    expect(audit[0]!.staff_id).not.toBeNull();
    expect((await get(b, '/pengumuman')).body).toContain('Dibatalkan');

    const again = await post(b, `/pengumuman/${id}/batal`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(`Pengumuman #${id} sudah dibatalkan sebelumnya.`);
  });

  it('an announcement that already went cannot be cancelled: a clear message', async () => {
    const b = await signedIn('admin');
    const sent = await post(b, '/pengumuman/kirim', { text: 'Halo {nama}', segment: SEGMENT, confirm: 'ya' });
    const id = /^\/pengumuman\/(\d+)$/.exec(sent.headers.location as string)![1]!;
    const late = await post(b, `/pengumuman/${id}/batal`, {});
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain(`Pengumuman #${id} tidak bisa dibatalkan lagi: pengiriman sudah dimulai.`);
    expect((await post(b, '/pengumuman/999999/batal', {})).statusCode).toBe(404);
  });
});
