import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelStatusKey, type ConnectionState } from '../../src/channels/whatsapp/status.js';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, REDIS_URL, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';

// When WhatsApp is down longer than WHATSAPP_ALERT_AFTER, staff with a Telegram identity
// are told, once per outage, with how to re-pair; and told again when it is back. The
// connection state is written to Redis exactly as the gateway writes it.

const RINA_TG = '550001';

describe('WhatsApp disconnected alert', () => {
  let t: TestApp;
  let chats: Chats;
  let redis: Redis;

  beforeAll(async () => {
    t = await createTestApp('waalert', { WHATSAPP_ENABLED: 'true', WHATSAPP_ALERT_AFTER: '2s', WHATSAPP_SESSION_DIR: '/srv/wirabot/whatsapp' });
    chats = new Chats(t.app);
    const db = t.app.database.db;
    await addStaff(db, { name: 'Rina', telegramId: RINA_TG, phone: '081355000001' });
    await addStaff(db, { name: 'Budi (hanya WhatsApp)', phone: '081355000002' });
    redis = new Redis(REDIS_URL);
    await setState('ready', 'connected as 6281****0000');
    await t.app.startTurnWorkers(2);
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  async function setState(state: ConnectionState, detail: string, since = new Date()): Promise<void> {
    await redis.hset(channelStatusKey(t.config.QUEUE_PREFIX, 'whatsapp'), { state, since: since.toISOString(), detail });
  }
  const seen = () => chats.seen('telegram', RINA_TG);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('a disconnection shorter than WHATSAPP_ALERT_AFTER tells nobody', async () => {
    await setState('disconnected', 'connection lost: NAVIGATION');
    await pause(1000);
    await setState('ready', 'connected');
    await pause(2500);
    expect(seen()).toEqual([]);
  });

  it('staying disconnected tells the staff member on Telegram, once, while the gateway keeps retrying', async () => {
    await setState('disconnected', 'connection lost: CONFLICT');
    const [alert] = await waitFor(async () => (seen().length > 0 ? seen() : null), 10_000, 'the alert');
    expect(alert).toMatch(/WhatsApp bot terputus\* sejak \d{1,2} \w+ \d{4}, \d{2}\.\d{2} WITA/);
    expect(alert).toContain('Keterangan: connection lost: CONFLICT');
    expect(alert).toContain('Perangkat tertaut');
    // The gateway cycles through reconnect attempts; it is still the same outage.
    await setState('starting', 'reconnect attempt 1');
    await pause(700);
    await setState('disconnected', 'initialize failed: timeout');
    await pause(1500);
    expect(seen()).toHaveLength(1);
  });

  it('staff without a Telegram identity are not messaged (WhatsApp is the thing that is down)', async () => {
    const rows = await t.app.database.db.selectFrom('outbound_messages').select(['channel', 'address']).where('dedupe_key', 'like', 'whatsapp-%').execute();
    expect(rows).toEqual([{ channel: 'telegram', address: RINA_TG }]);
  });

  it('when it is connected again, the staff member is told so, once', async () => {
    await setState('ready', 'connected as 6281****0000');
    await waitFor(async () => seen().length === 2, 10_000, 'the all-clear');
    expect(seen()[1]).toMatch(/tersambung kembali/);
    await pause(1000);
    expect(seen()).toHaveLength(2);
  });

  it('when WhatsApp needs pairing again, a new outage brings a new alert saying how to re-pair', async () => {
    await setState('qr', 'scan the QR code: WhatsApp on the office phone > Linked devices > Link a device');
    await waitFor(async () => seen().length === 3, 10_000, 'the pairing alert');
    expect(seen()[2]).toContain('perlu *ditautkan ulang*');
    expect(seen()[2]).toContain('/srv/wirabot/whatsapp/pairing-qr.png');
    await pause(1500);
    expect(seen()).toHaveLength(3);
  });
});
