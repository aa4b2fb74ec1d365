import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSHOP_QUEUE } from '../../src/runtime/workshop/jobs.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';

// Everything staff do with /pelatihan in chat, done with `npm run cli -- workshop …` as a
// script would; the people concerned are told the same things.

describe('npm run cli -- workshop', () => {
  let t: TestApp;
  let chats: Chats;
  const year = new Date().getFullYear() + 1;
  const cli = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', 'workshop', ...args], {
      env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
  const db = () => t.app.database.db;

  beforeAll(async () => {
    t = await createTestApp('wscli');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
    await insertPeople(db(), [
      { name: 'Siti', phone: '+6281234567801', kecamatan: 5, status: 'stagnan', chats: [{ channel: 'telegram', address: '9401' }] },
      { name: 'Budi', kecamatan: 5, status: 'stagnan', chats: [{ channel: 'telegram', address: '9402' }] },
      { name: 'Dewi', kecamatan: 5, status: 'berkembang', chats: [{ channel: 'telegram', address: '9403' }] },
    ]);
  });
  afterAll(() => t.close());

  it('"create" refuses a past, impossible or time-less date with an example', () => {
    for (const [date, why] of [
      ['12/12/2020 09.00', 'sudah lewat'],
      [`31/02/${year} 09.00`, 'tidak ada di kalender'],
      [`12/12/${year}`, 'Jamnya belum ada'],
    ]) {
      const run = cli('create', '--title', 'Pemasaran Digital', '--date', date!, '--place', 'Aula Dinas', '--capacity', '2');
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(why);
      expect(run.stdout).toContain('Contoh: 12/12/2026 09.00');
    }
  }, 60_000);

  it('"create" stores it and schedules its reminders and feedback; "list" shows it', async () => {
    const run = cli('create', '--title', 'Pemasaran Digital', '--date', `12/12/${year} 09.00-12.00`, '--place', 'Aula Dinas', '--capacity', '2', '--description', 'Jualan lewat Instagram dan WhatsApp');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`✅ Pelatihan #1 tersimpan: Pemasaran Digital\n🗓 12 Desember ${year}, 09.00–12.00 WITA\n📍 Aula Dinas\nKapasitas: 2 orang`);
    // The next step is told as a command line, not as the chat's /pelatihan, and with no chat markup.
    expect(run.stdout).toContain('Untuk mengundang pelaku usaha: npm run cli -- workshop announce 1 --segment "status=stagnan"');
    expect(run.stdout).not.toContain('/pelatihan umumkan');
    expect(run.stdout).not.toMatch(/\*[^*\s][^*]*\*/u);
    const delayed = (await t.app.queues.get(WORKSHOP_QUEUE).getDelayed()).map((j) => j.id!).filter((id) => id.startsWith('w')).sort();
    expect(delayed).toEqual(['wf-1-v1', `wr-1-v1-${2 * 3_600_000}`, `wr-1-v1-${24 * 3_600_000}`]);
    expect(cli('list').stdout).toMatch(new RegExp(`#1\\s+Pemasaran Digital\\s+12 Desember ${year}, 09\\.00–12\\.00 WITA\\s+Aula Dinas\\s+0/2\\s+0\\s+dibuka`));
    expect(JSON.parse(cli('list', '--json').stdout)).toEqual([expect.objectContaining({ title: 'Pemasaran Digital', place: 'Aula Dinas', capacity: 2, confirmed: 0, waiting: 0, state: 'open' })]);
  }, 60_000);

  it('"announce" previews without --yes, and with it invites the segment', async () => {
    const preview = cli('announce', '1', '--segment', 'kecamatan=Banjarmasin Utara, status=stagnan');
    expect(preview.status).toBe(0);
    expect(preview.stdout).toContain('Penerima: 2 orang — Kecamatan: Banjarmasin Utara · Status: stagnan');
    expect(preview.stdout).toContain('Belum dikirim.');
    expect(chats.seen('telegram', '9401')).toEqual([]);
    expect(cli('announce', '1', '--segment', 'kecamatan=Banjarmasin Utara, status=stagnan', '--yes').status).toBe(0);
    await waitFor(async () => chats.seen('telegram', '9401').length === 1 && chats.seen('telegram', '9402').length === 1, 20_000, 'invitations');
    expect(chats.seen('telegram', '9401')[0]).toContain('Jualan lewat Instagram dan WhatsApp');
    expect(chats.seen('telegram', '9403')).toEqual([]);
  }, 60_000);

  it('"update" changes capacity and time, and the people registered are told', async () => {
    await chats.say('telegram', '9401', 'HADIR');
    await chats.say('telegram', '9402', 'HADIR');
    await chats.say('telegram', '9403', 'HADIR');
    const lower = cli('update', '1', '--capacity', '1');
    expect(lower.stdout).toContain('tetapi sudah ada 2 orang terdaftar. Tidak ada yang dikeluarkan');
    const moved = cli('update', '1', '--date', `13/12/${year} 10.00`);
    expect(moved.stdout).toContain(`Waktu pelatihan #1 kini 13 Desember ${year}, 10.00–13.00 WITA.`);
    await waitFor(async () => ['9401', '9402', '9403'].every((a) => chats.seen('telegram', a).some((m) => m.includes('Jadwal pelatihan *Pemasaran Digital* berubah'))), 20_000, 'change notices');
    expect(cli('update', '1').status).toBe(1);
  }, 60_000);

  it('"code", "attend", "participants" and "cancel" (a preview, then --yes)', async () => {
    expect(cli('code', '1').stdout).toMatch(new RegExp(`Kode hadir pelatihan #1 Pemasaran Digital: \\d{4}\\nBerlaku hanya pada 13 Desember ${year}`));
    const member = (await db().selectFrom('people').select('member_no').where('full_name', '=', 'Siti').executeTakeFirstOrThrow()).member_no!;
    expect(cli('attend', '1', member).stdout).toContain(`kehadiran bisa dicatat mulai hari itu`);
    const participants = cli('participants', '1');
    expect(participants.status).toBe(0);
    expect(participants.stdout).toContain(`Peserta pelatihan #1 Pemasaran Digital\n🗓 13 Desember ${year}, 10.00–13.00 WITA`);
    expect(participants.stdout).toMatch(new RegExp(`1\\s+Siti\\s+${member}\\s+0812-3456-7801\\s+terdaftar`));
    expect(participants.stdout).toMatch(/1\s+Dewi\s+\S+\s+\S+\s+daftar tunggu/);
    expect(participants.stdout).toContain('2 terdaftar, 1 di daftar tunggu');
    const preview = cli('cancel', '1');
    expect(preview.status).toBe(0);
    expect(preview.stdout).toContain(`Pelatihan #1 Pemasaran Digital (13 Desember ${year}, 10.00–13.00 WITA) akan dibatalkan. 2 orang terdaftar dan 1 orang di daftar tunggu akan diberi tahu`);
    expect(preview.stdout).toContain('Belum dibatalkan. Jalankan lagi dengan --yes untuk membatalkan.');
    expect((await db().selectFrom('workshops').select('status').where('id', '=', '1').executeTakeFirstOrThrow()).status).toBe('open');
    const cancelled = cli('cancel', '1', '--yes');
    expect(cancelled.stdout).toContain('Pelatihan #1 Pemasaran Digital dibatalkan. 3 orang (terdaftar dan daftar tunggu) sedang diberi tahu');
    await waitFor(async () => ['9401', '9402', '9403'].every((a) => chats.seen('telegram', a).some((m) => m.includes('*dibatalkan*'))), 20_000, 'cancel notices');
    const delayed = (await t.app.queues.get(WORKSHOP_QUEUE).getDelayed()).map((j) => j.id!).filter((id) => id.startsWith('w'));
    expect(delayed).toEqual([]);
    expect(cli('cancel', 'abc').stdout).toContain('Nomor pelatihan tidak dikenal');
  }, 60_000);
});
