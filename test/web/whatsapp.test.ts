import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelStatusKey, StatusStore, type ConnectionState, type PairingInfo } from '../../src/channels/whatsapp/status.js';
import { createLogger } from '../../src/log.js';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedWeb } from './fixture.js';
import { webClient, type Browser } from './client.js';

// The WhatsApp page (issue 13): the state the gateway keeps in Redis (written here by the
// gateway's own StatusStore), the pairing QR drawn as a PNG by the app and the pairing code,
// both for admins only; the small JSON endpoint the page polls.

let t: TestApp;
let server: FastifyInstance;

// A QR payload of the shape whatsapp-web.js hands over (ref, keys), real length.
const QR_1 = '2@Yk3qGxT0m4ZlP8bQe1cW6sVfJr9uNhAaDkE5oIyL7tBvXnC2zRgMpHjS0dUwFq==,S8x6bN1Lrj0ZcVtQyPmW4kHfA9eGsDuJ2oXiC7lTnR3=,pE5wKqU8yBvZ0aLhMc1NgTjR6sXdFo4iW9mYzA2bCtQ=,Hk3Lw9Qa0PzXv6Rb1Ms8Ty2Nu5Jc7Gd4Fe0Ih9Ko3=';
const QR_2 = '2@Zm4rHyU1n5AmQ9cRf2dX7tWgKs0vOiBbElF6pJzM8uCwYoD3aShNqIkT1eVxGr==,S8x6bN1Lrj0ZcVtQyPmW4kHfA9eGsDuJ2oXiC7lTnR3=,pE5wKqU8yBvZ0aLhMc1NgTjR6sXdFo4iW9mYzA2bCtQ=,Hk3Lw9Qa0PzXv6Rb1Ms8Ty2Nu5Jc7Gd4Fe0Ih9Ko3=';

beforeAll(async () => {
  t = await createTestApp('web-whatsapp', { WHATSAPP_ENABLED: 'true' });
  await seedWeb(t.app.database.db);
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** What the gateway does on a state change: its StatusStore writes the hash in Redis. */
async function gatewayWrites(state: ConnectionState, detail: string, pairing: PairingInfo = {}): Promise<void> {
  const store = new StatusStore(t.config.REDIS_URL, channelStatusKey(t.config.QUEUE_PREFIX, 'whatsapp'), createLogger('silent'));
  store.write(state, detail, pairing);
  await store.close();
}

const { get, signedIn } = webClient(() => server, () => t.app.database.db);
const json = async (b: Browser) => {
  const res = await get(b, '/api/whatsapp');
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json() as Record<string, unknown>;
};
const qrAudits = () =>
  t.app.database.db.selectFrom('audit_log').select(['staff_id']).where('action', '=', 'web_whatsapp_qr_shown').execute();

describe('not signed in', () => {
  it('the page redirects to the sign-in page; the JSON and the QR answer 401 and show nothing', async () => {
    await gatewayWrites('qr', 'scan the QR code', { qr: QR_1 });
    const page = await server.inject({ method: 'GET', url: '/whatsapp' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/masuk');
    for (const url of ['/api/whatsapp', '/api/whatsapp/qr.png']) {
      const res = await server.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).not.toContain('image/png');
    }
  });
});

describe('the WhatsApp page', () => {
  it('is in the nav; with no gateway yet it says so', async () => {
    await t.app.redis().del(channelStatusKey(t.config.QUEUE_PREFIX, 'whatsapp'));
    const b = await signedIn('operator');
    expect((await get(b, '/')).body).toContain('<a href="/whatsapp">WhatsApp</a>');
    const res = await get(b, '/whatsapp');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<span id="wa-state" class="status status-unknown">Belum ada kabar dari gateway WhatsApp</span>');
    expect(res.body).toContain('<script src="/assets/whatsapp.js"></script>');
    expect(await json(b)).toMatchObject({ enabled: true, state: 'unknown', qr: false, pairingCode: null });
  });

  it('while pairing, an admin sees the QR as a PNG drawn from what the gateway published, and it follows the refreshes', async () => {
    await gatewayWrites('qr', 'scan the QR code: WhatsApp on the office phone > Linked devices > Link a device', { qr: QR_1 });
    const b = await signedIn('admin');
    const page = await get(b, '/whatsapp');
    expect(page.body).toContain('<span id="wa-state" class="status status-qr">Menunggu dipasangkan</span>');
    expect(page.body).toMatch(/<img id="wa-qr" alt="Kode QR untuk memasangkan WhatsApp kantor" width="264" height="264" src="\/api\/whatsapp\/qr\.png\?t=\d+">/);
    expect(page.body).not.toContain(QR_1); // the payload itself never reaches the page
    expect(await json(b)).toMatchObject({ state: 'qr', stateText: 'Menunggu dipasangkan', qr: true, pairingCode: null });

    const before = (await qrAudits()).length;
    const png = await get(b, '/api/whatsapp/qr.png');
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toBe('no-store');
    expect(png.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.rawPayload.equals(await QRCode.toBuffer(QR_1, { type: 'png', margin: 2, width: 264 }))).toBe(true);
    expect((await qrAudits()).length).toBe(before + 1);

    // WhatsApp refreshes the QR about every 20 s: the next image is the new one.
    await gatewayWrites('qr', 'scan the QR code: WhatsApp on the office phone > Linked devices > Link a device', { qr: QR_2 });
    const next = await get(b, '/api/whatsapp/qr.png');
    expect(next.rawPayload.equals(await QRCode.toBuffer(QR_2, { type: 'png', margin: 2, width: 264 }))).toBe(true);
  });

  it('an operator sees the state but not the QR (it would link a device to the office number): 403 and audited', async () => {
    await gatewayWrites('qr', 'scan the QR code', { qr: QR_1 });
    const b = await signedIn('operator');
    const page = await get(b, '/whatsapp');
    expect(page.body).toContain('Menunggu dipasangkan');
    expect(page.body).toContain('Kode QR dan kode pemasangan hanya tampil untuk admin.');
    expect(page.body).not.toContain('id="wa-qr"');
    expect(await json(b)).toMatchObject({ state: 'qr', qr: false, pairingCode: null });
    const png = await get(b, '/api/whatsapp/qr.png');
    expect(png.statusCode).toBe(403);
    expect(png.headers['content-type']).not.toContain('image/png');
    const forbidden = await t.app.database.db.selectFrom('audit_log').select('details').where('action', '=', 'web_forbidden').execute();
    expect(forbidden.map((r) => JSON.stringify(r.details))).toContainEqual(expect.stringContaining('/api/whatsapp/qr.png'));
  });

  it('with WHATSAPP_PAIRING_NUMBER the gateway publishes a code instead, shown to admins', async () => {
    await gatewayWrites('qr', 'waiting for the pairing code to be entered on the phone +62812****890', { pairingCode: 'K7QM-2XWD' });
    const admin = await signedIn('admin');
    const page = await get(admin, '/whatsapp');
    expect(page.body).toContain('<strong id="wa-code">K7QM-2XWD</strong>');
    expect(await json(admin)).toMatchObject({ state: 'qr', qr: false, pairingCode: 'K7QM-2XWD' });
    expect((await get(admin, '/api/whatsapp/qr.png')).statusCode).toBe(404);
    const operator = await signedIn('operator');
    expect((await get(operator, '/whatsapp')).body).not.toContain('K7QM-2XWD');
    expect(await json(operator)).toMatchObject({ pairingCode: null });
  });

  it('once connected the QR and the code are gone', async () => {
    await gatewayWrites('qr', 'scan the QR code', { qr: QR_1, pairingCode: 'K7QM-2XWD' });
    await gatewayWrites('ready', 'connected as +62811****000');
    const b = await signedIn('admin');
    const page = await get(b, '/whatsapp');
    expect(page.body).toContain('<span id="wa-state" class="status status-ready">Tersambung</span>');
    expect(page.body).toContain('connected as +62811****000');
    expect(page.body).toMatch(/<img id="wa-qr"[^>]* hidden>/);
    expect(await json(b)).toMatchObject({ state: 'ready', qr: false, pairingCode: null });
    expect((await get(b, '/api/whatsapp/qr.png')).statusCode).toBe(404);
  });

  it('a gateway that stopped beating counts as disconnected, without its last QR', async () => {
    const key = channelStatusKey(t.config.QUEUE_PREFIX, 'whatsapp');
    await gatewayWrites('qr', 'scan the QR code', { qr: QR_1 });
    await t.app.redis().hset(key, 'heartbeat', String(Date.now() - 10 * 60_000));
    const b = await signedIn('admin');
    expect(await json(b)).toMatchObject({ state: 'disconnected', stateText: 'Terputus', detail: 'gateway process not running (no heartbeat)', qr: false });
    expect((await get(b, '/api/whatsapp/qr.png')).statusCode).toBe(404);
  });
});
