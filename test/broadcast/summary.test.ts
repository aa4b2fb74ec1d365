import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';

// The delivery summary counts what really happened to each message: sent, failed (with
// the platform's reason), skipped because the person said BERHENTI or blocked us after the
// announcement was written, and still waiting.

const STAFF_TG = '770001';

describe('delivery summary', () => {
  let t: TestApp;
  let chats: Chats;
  let broadcastId: string;

  beforeAll(async () => {
    t = await createTestApp('summary', { BROADCAST_CHECK_INTERVAL_MS: '300', SEND_MAX_ATTEMPTS: '2' });
    await t.app.startTurnWorkers(4);
    chats = new Chats(t.app, { bulk: false });
    const db = t.app.database.db;
    await addStaff(db, { name: 'Rina', telegramId: STAFF_TG });
    await insertPeople(db, ['a', 'b', 'c', 'd', 'e', 'f'].map((x, i) => ({ name: `Orang ${x}`, chats: [{ channel: 'telegram' as const, address: String(771_001 + i) }] })));
  });
  afterAll(() => t.close());

  const staffSays = (text: string) => chats.say('telegram', STAFF_TG, text);

  it('while nothing has gone out yet, /status says all six are waiting', async () => {
    for (const line of ['/umumkan', 'Halo {nama}, info pelatihan.', 'semua']) await staffSays(line);
    const [started] = await staffSays('ya');
    broadcastId = /#(\d+)/.exec(started!)![1]!;
    const db = t.app.database.db;
    await waitFor(async () => (await db.selectFrom('broadcasts').select('status').where('id', '=', broadcastId).executeTakeFirst())?.status === 'sending', 15_000, 'fan-out');
    const [status] = await staffSays(`/status ${broadcastId}`);
    expect(status).toContain('sedang dikirim');
    expect(status).toContain('terkirim 0 · gagal 0 · dilewati 0 · menunggu 6');
  });

  it('when it finishes, the staff member gets the numbers with the reasons', async () => {
    const db = t.app.database.db;
    const personOf = async (address: string) => (await db.selectFrom('identities').select('person_id').where('address', '=', address).executeTakeFirstOrThrow()).person_id!;
    // After the announcement was written: one says BERHENTI, one is known to have blocked us,
    // one blocks the bot now, one chat's network keeps failing.
    await db.updateTable('people').set({ opted_out_at: new Date() }).where('id', '=', await personOf('771002')).execute();
    await db.updateTable('identities').set({ unreachable_at: new Date(), unreachable_reason: 'blocked' }).where('address', '=', '771003').execute();
    chats.senders.telegram.blocked.add('771004');
    chats.senders.telegram.broken.add('771005');
    chats.startBulk();

    const summary = await waitFor(async () => chats.seen('telegram', STAFF_TG).find((m) => m.includes(`Pengumuman #${broadcastId} selesai dikirim`)), 30_000, 'the summary');
    expect(summary).toContain('terkirim 2 · gagal 2 · dilewati 2 (1 berhenti langganan, 1 tidak terjangkau) · menunggu 0');
    expect(summary).toContain('Gagal karena: 1 tidak bisa dihubungi');
    expect(summary).toContain('1 gangguan pengiriman');
    expect(chats.seen('telegram', '771001')).toEqual(['Halo Orang a, info pelatihan.']);
    expect(chats.seen('telegram', '771002')).toEqual([]);
  });

  it('the summary is sent once, however often the check runs', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(chats.seen('telegram', STAFF_TG).filter((m) => m.includes('selesai dikirim'))).toHaveLength(1);
  });

  it('"/status" later shows the same line', async () => {
    const [status] = await staffSays(`/status ${broadcastId}`);
    expect(status).toContain('terkirim 2 · gagal 2 · dilewati 2 (1 berhenti langganan, 1 tidak terjangkau) · menunggu 0');
  });

  it('"npm run cli -- broadcast status" shows the same and lists each failure with its reason', () => {
    const result = spawnSync('npm', ['run', '--silent', 'cli', '--', 'broadcast', 'status', broadcastId], {
      env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('terkirim 2 · gagal 2 · dilewati 2 (1 berhenti langganan, 1 tidak terjangkau) · menunggu 0');
    expect(result.stdout).toMatch(/Gagal \(2\):/);
    expect(result.stdout).toMatch(/Orang d\s+telegram\s+unreachable: Forbidden: bot was blocked by the user\s+1/);
    expect(result.stdout).toMatch(/Orang e\s+telegram\s+ECONNRESET\s+2/);
  }, 60_000);
});
