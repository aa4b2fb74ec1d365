import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FANOUT_QUEUE, checkBroadcasts, fanOut, type BroadcastJobDeps } from '../../src/runtime/broadcast/fanout.js';
import { broadcastJobDeps } from '../../src/runtime/broadcast/jobs.js';
import { readScheduleTime } from '../../src/runtime/broadcast/schedule.js';
import { cancelBroadcast, createBroadcast } from '../../src/runtime/broadcast/store.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { insertPeople } from '../support/seed.js';

// Scheduled announcements (issue 13): a broadcast created for a time waits as `scheduled`,
// is started by the broadcast check once that time has come (the row in Postgres is the
// truth, so a lost Redis or a restart loses nothing), is sent once, and can be cancelled
// before it goes. The clock is fixed: the check is given "now".

const TZ = 'Asia/Makassar';
const CHRISTMAS_8 = new Date('2026-12-25T00:00:00Z'); // 25/12/2026 08.00 WITA

describe('reading the time', () => {
  const now = new Date('2026-12-02T06:00:00Z');
  it('"25/12/2026 08.00" is 08.00 WITA', () => {
    expect(readScheduleTime('25/12/2026 08.00', now, TZ)).toEqual({ ok: true, at: CHRISTMAS_8 });
  });
  it('a time in the past is refused, with the time read back', () => {
    const read = readScheduleTime('01/12/2026 08.00', now, TZ);
    expect(read.ok).toBe(false);
    expect(read.ok ? null : read.problem).toEqual({ key: 'broadcast.at_past', params: { at: '1 Desember 2026, 08.00 WITA' } });
  });
  it('no time of day, or something else, is a clear problem', () => {
    expect(readScheduleTime('25/12/2026', now, TZ)).toMatchObject({ ok: false, problem: { key: 'broadcast.at_missing_time' } });
    expect(readScheduleTime('kapan-kapan', now, TZ)).toMatchObject({ ok: false, problem: { key: 'broadcast.at_invalid' } });
  });
});

describe('a scheduled broadcast', () => {
  let t: TestApp;
  let deps: (now: Date) => BroadcastJobDeps;
  const dir = mkdtempSync(path.join(tmpdir(), 'wirabot-schedule-'));

  const cli = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
      env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    t = await createTestApp('bcschedule');
    await insertPeople(t.app.database.db, [
      { name: 'Siti Aminah', chats: [{ channel: 'telegram', address: '7123456701' }] },
      { name: 'Budi', chats: [{ channel: 'telegram', address: '7123456702' }] },
    ]);
    deps = (now) => ({ ...broadcastJobDeps(t.app.services), now: () => now });
  }, 60_000);
  afterAll(() => t?.close());

  const db = () => t.app.database.db;
  const messages = async (id: string) => db().selectFrom('outbound_messages').select(['person_id', 'text']).where('broadcast_id', '=', id).execute();
  const status = async (id: string) => (await db().selectFrom('broadcasts').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const schedule = (at: Date) =>
    createBroadcast(db(), { staffId: null, actor: 'cli:test', text: 'Halo {nama}, kantor tutup saat Natal.', segment: { filters: [] }, notifyIdentityId: null, lang: 'id', scheduledAt: at });

  it('is not sent before its time, and is sent once at its time', async () => {
    const id = await schedule(CHRISTMAS_8);
    expect(await status(id)).toBe('scheduled');

    await checkBroadcasts(deps(new Date(CHRISTMAS_8.getTime() - 60_000)));
    expect(await status(id)).toBe('scheduled');
    expect(await t.app.queues.get(FANOUT_QUEUE).getJob(`fanout-${id}`)).toBeUndefined();
    // A stray fan-out job for it writes nothing either.
    expect(await fanOut(deps(CHRISTMAS_8), id)).toBe(0);
    expect(await messages(id)).toEqual([]);

    await checkBroadcasts(deps(CHRISTMAS_8));
    expect(await status(id)).toBe('approved');
    expect(await t.app.queues.get(FANOUT_QUEUE).getJob(`fanout-${id}`)).toBeDefined();
    // Redis lost its jobs: the row still says what to do, and the next check queues it again.
    await t.app.queues.get(FANOUT_QUEUE).obliterate({ force: true });
    await checkBroadcasts(deps(new Date(CHRISTMAS_8.getTime() + 10_000)));
    expect(await t.app.queues.get(FANOUT_QUEUE).getJob(`fanout-${id}`)).toBeDefined();

    expect(await fanOut(deps(CHRISTMAS_8), id)).toBe(2);
    expect(await fanOut(deps(CHRISTMAS_8), id)).toBe(0);
    await checkBroadcasts(deps(new Date(CHRISTMAS_8.getTime() + 20_000)));
    const sent = await messages(id);
    expect(sent.map((m) => m.text).sort()).toEqual(['Halo Budi, kantor tutup saat Natal.', 'Halo Siti Aminah, kantor tutup saat Natal.']);
    expect(await status(id)).toBe('sending');
  });

  it('cancelled before its time, it is never sent; once started it cannot be cancelled', async () => {
    const at = new Date(CHRISTMAS_8.getTime() + 3_600_000);
    const id = await schedule(at);
    expect(await cancelBroadcast(db(), { id, staffId: null, actor: 'cli:test' }, new Date(at.getTime() - 60_000))).toEqual({ kind: 'cancelled' });
    await checkBroadcasts(deps(new Date(at.getTime() + 86_400_000)));
    expect(await fanOut(deps(at), id)).toBe(0);
    expect(await status(id)).toBe('cancelled');
    expect(await messages(id)).toEqual([]);
    expect(await cancelBroadcast(db(), { id, staffId: null, actor: 'cli:test' })).toEqual({ kind: 'too_late', status: 'cancelled' });
    const audit = await db().selectFrom('audit_log').select('details').where('action', '=', 'broadcast_cancelled').execute();
    expect(audit).toEqual([{ details: { broadcastId: id } }]);

    const started = await schedule(at);
    await checkBroadcasts(deps(at));
    expect(await cancelBroadcast(db(), { id: started, staffId: null, actor: 'cli:test' })).toEqual({ kind: 'too_late', status: 'approved' });
    expect(await cancelBroadcast(db(), { id: '999999', staffId: null, actor: 'cli:test' })).toEqual({ kind: 'not_found' });
  });

  it('npm run cli: create --at, list, cancel; a past time is refused and nothing is stored', async () => {
    const file = path.join(dir, 'pesan.txt');
    writeFileSync(file, 'Halo {nama}, selamat tahun baru.\n');
    const before = (await db().selectFrom('broadcasts').select('id').execute()).length;
    const past = cli('broadcast', 'create', '--text-file', file, '--segment', 'semua', '--yes', '--at', '01/01/2020 08.00');
    expect(past.status).toBe(1);
    expect(past.stdout.trim()).toBe('Waktu 1 Januari 2020, 08.00 WITA sudah lewat. Pilih waktu yang akan datang.');
    expect((await db().selectFrom('broadcasts').select('id').execute()).length).toBe(before);

    const created = cli('broadcast', 'create', '--text-file', file, '--segment', 'semua', '--yes', '--at', '01/01/2099 08.00');
    expect(created.status).toBe(0);
    const id = /Pengumuman #(\d+) dijadwalkan 1 Januari 2099, 08\.00 WITA dan belum dikirim/.exec(created.stdout)?.[1];
    expect(id).toBeDefined();
    const row = await db().selectFrom('broadcasts').select(['status', 'scheduled_at']).where('id', '=', id!).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'scheduled', scheduled_at: new Date('2099-01-01T00:00:00Z') });

    const listed = cli('broadcast', 'list', '--limit', '10');
    expect(listed.stdout).toContain(`#${id}`);
    expect(listed.stdout).toContain('Terjadwal: 1 Januari 2099, 08.00 WITA (belum dikirim)');
    expect(cli('broadcast', 'status', id!).stdout).toMatch(new RegExp(`#${id}\\W+terjadwal, belum dikirim`));

    expect(cli('broadcast', 'cancel', id!).stdout.trim()).toBe(`Pengumuman #${id} dibatalkan dan tidak akan dikirim.`);
    expect(await status(id!)).toBe('cancelled');
    const again = cli('broadcast', 'cancel', id!);
    expect(again.status).toBe(1);
    expect(again.stdout.trim()).toBe(`Pengumuman #${id} sudah dibatalkan sebelumnya.`);
    const late = cli('broadcast', 'cancel', '1');
    expect(late.status).toBe(1);
    expect(late.stdout.trim()).toBe('Pengumuman #1 tidak bisa dibatalkan lagi: pengiriman sudah dimulai. Hasilnya: npm run cli -- broadcast status 1');
    expect(cli('broadcast', 'list', '--limit', '10').stdout).toContain('Dibatalkan, tidak dikirim');
  }, 120_000);

  it('npm run cli: broadcast list --json gives the same broadcasts as data, newest first; a bad --limit is one clear line', async () => {
    const listed = cli('broadcast', 'list', '--json', '--limit', '10');
    expect(listed.status).toBe(0);
    const rows = JSON.parse(listed.stdout) as Record<string, unknown>[];
    const stored = await db().selectFrom('broadcasts').select(['id', 'status']).orderBy('id', 'desc').execute();
    expect(rows.map((r) => ({ id: r.id, status: r.status }))).toEqual(stored);
    // The first one, started at Christmas 08.00: its two messages written, none sent yet (no sender here).
    expect(rows.at(-1)).toEqual({
      id: stored.at(-1)!.id,
      status: 'sending',
      segment: 'Semua pelaku usaha',
      text: 'Halo {nama}, kantor tutup saat Natal.',
      created_at: expect.any(String),
      scheduled_at: CHRISTMAS_8.toISOString(),
      finished_at: null,
      cancelled_at: null,
      recipients: 2,
      sent: 0,
      failed: 0,
      skipped: {},
      waiting: 2,
      total: 2,
    });
    expect(rows.filter((r) => r.status === 'cancelled').every((r) => r.cancelled_at !== null && r.total === 0)).toBe(true);
    expect(JSON.parse(cli('broadcast', 'list', '--json', '--limit', '1').stdout)).toEqual([rows[0]]);
    for (const limit of ['sepuluh', '0', '5; drop table broadcasts', '100000']) {
      const bad = cli('broadcast', 'list', '--json', '--limit', limit);
      expect(bad.status).toBe(1);
      expect(bad.stdout.trim()).toBe('--limit harus bilangan bulat 1 sampai 1000, misalnya 50.');
    }
    expect(await db().selectFrom('broadcasts').select('id').execute()).toHaveLength(stored.length);
  }, 120_000);
});
