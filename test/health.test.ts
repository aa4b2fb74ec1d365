import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelStatusKey } from '../src/channels/whatsapp/status.js';
import { startHealthServer, type HealthServer } from '../src/health.js';
import { createTestApp, waitFor, type TestApp } from './support/app.js';

// /healthz, /readyz and /metrics of a process, against the real Postgres and Redis.

describe('health and metrics endpoints', () => {
  let t: TestApp;
  let health: HealthServer;
  const channels: Record<string, string> = { telegram: 'ready' };
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${health.port}${path}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  };
  const setWhatsApp = (state: string) =>
    t.app.redis().hset(channelStatusKey(t.config.QUEUE_PREFIX, 'whatsapp'), { state, since: new Date().toISOString(), detail: '', heartbeat: String(Date.now()) });

  beforeAll(async () => {
    t = await createTestApp('health', { WHATSAPP_ENABLED: 'true' });
    health = await startHealthServer(t.app, 0, () => channels);
  });
  afterAll(async () => {
    await health.close();
    await t.close();
  });

  it('/healthz answers while the process runs', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
  });

  it('/readyz is 503 until WhatsApp is connected, naming the check that fails', async () => {
    const res = await get('/readyz');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({
      status: 'not ready',
      checks: { postgres: { ok: true }, redis: { ok: true }, telegram: { ok: true }, whatsapp: { ok: false, detail: 'never connected' } },
    });
    await setWhatsApp('qr');
    expect(JSON.parse((await get('/readyz')).body).checks.whatsapp).toEqual({ ok: false, detail: 'qr' });
  });

  it('/readyz is 200 when Postgres, Redis and every channel are up, and 503 while Telegram connects', async () => {
    await setWhatsApp('ready');
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', checks: { whatsapp: { ok: true }, telegram: { ok: true } } });
    channels['telegram'] = 'connecting';
    const connecting = await get('/readyz');
    expect(connecting.status).toBe(503);
    expect(JSON.parse(connecting.body).checks.telegram).toEqual({ ok: false, detail: 'connecting' });
    channels['telegram'] = 'ready';
  });

  it('/metrics counts turns, messages by channel and status, queue depths and the WhatsApp state', async () => {
    await t.app.startTurnWorkers(1);
    await t.app.runtime.handleInbound({ channel: 'console', externalId: 'health-1', address: 'health-person', kind: 'text', text: 'halo', receivedAt: new Date() });
    await waitFor(async () => t.app.runtime.turnsHandled >= 1, 20_000, 'a turn');
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    expect(res.body).toMatch(/^wirabot_turns_total\{app="wirabot"\} 1$/m);
    expect(res.body).toMatch(/^wirabot_outbound_messages\{channel="console",status="(pending|queued|sent)",app="wirabot"\} [1-9]\d*$/m);
    expect(res.body).toMatch(/^wirabot_queue_jobs\{queue="inbound",state="waiting",app="wirabot"\} \d+$/m);
    expect(res.body).toMatch(/^wirabot_queue_jobs\{queue="send-whatsapp-bulk",state="delayed",app="wirabot"\} \d+$/m);
    expect(res.body).toMatch(/^wirabot_whatsapp_state\{state="ready",app="wirabot"\} 1$/m);
    expect(res.body).toMatch(/^wirabot_whatsapp_state\{state="disconnected",app="wirabot"\} 0$/m);
    // Questions to staff (issue 12), reported by their capability.
    expect(res.body).toMatch(/^wirabot_capability_figure\{capability="tickets",figure="open_questions",app="wirabot"\} 0$/m);
  });

  it('answers 404 for other paths', async () => {
    expect((await get('/')).status).toBe(404);
  });
});
