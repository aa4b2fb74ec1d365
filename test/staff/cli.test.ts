import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';

// Everything staff do in chat, done with `npm run cli -- …` as a script would: staff are
// added and removed, an announcement is previewed and sent, and the audit log says who
// did what.

describe('npm run cli: staff, broadcast, audit', () => {
  let t: TestApp;
  let chats: Chats;
  const dir = mkdtempSync(path.join(tmpdir(), 'wirabot-cli-'));

  const cli = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
      env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    t = await createTestApp('staffcli', { BROADCAST_CHECK_INTERVAL_MS: '300' });
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
    await insertPeople(t.app.database.db, [
      { name: 'Siti Aminah', business: 'Kopi & Roti <Asli>', chats: [{ channel: 'telegram', address: '9901' }] },
      { name: 'Budi', kecamatan: 1, chats: [{ channel: 'telegram', address: '9902' }] },
      { name: 'Candra', status: 'menurun', chats: [{ channel: 'whatsapp', address: '6281299000003@c.us' }] },
    ]);
  });
  afterAll(() => t.close());

  it('"staff telegram-chats" shows the user id of someone who just wrote to the bot on Telegram', async () => {
    await t.app.runtime.handleInbound({ channel: 'telegram', externalId: 'rina-1', address: '990001', kind: 'text', text: 'halo', displayName: 'Rina Hayati', receivedAt: new Date() });
    await waitFor(async () => (await t.app.database.db.selectFrom('identities').select('id').where('address', '=', '990001').executeTakeFirst()) ?? null);
    expect(cli('staff', 'telegram-chats', '--name', 'rina').stdout).toMatch(/990001\s+Rina Hayati/);
  }, 60_000);

  it('"staff add" adds a staff member by phone and Telegram id; a second add of the same is refused', () => {
    const added = cli('staff', 'add', '--name', 'Rina Hayati', '--phone', '0813-9900-0001', '--telegram-id', '990001');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('Staf #1 ditambahkan: Rina Hayati (WhatsApp +6281399000001, Telegram 990001).');
    const again = cli('staff', 'add', '--name', 'Rina lagi', '--phone', '081399000001');
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('already staff: #1 Rina Hayati');
    const nothing = cli('staff', 'add', '--name', 'Tanpa nomor');
    expect(nothing.status).toBe(1);
    expect(nothing.stdout).toContain('give --phone, --telegram-id or both');
    const badPhone = cli('staff', 'add', '--name', 'X', '--phone', '12');
    expect(badPhone.status).toBe(1);
    expect(badPhone.stdout).toContain('not an Indonesian phone number');
  }, 60_000);

  it('"staff list" lists active staff, and "staff remove" removes by phone, number or Telegram id', () => {
    expect(cli('staff', 'add', '--name', 'Yudi', '--telegram-id', '990002').status).toBe(0);
    expect(cli('staff', 'list').stdout).toMatch(/#1\s+Rina Hayati\s+\+6281399000001\s+990001/);
    const removed = cli('staff', 'remove', '990002');
    expect(removed.stdout).toContain('Staf #2 Yudi dihapus');
    const listed = cli('staff', 'list');
    expect(listed.stdout).not.toContain('Yudi');
    expect(listed.stdout).toContain('1 staf');
    expect(cli('staff', 'list', '--all').stdout).toContain('Yudi');
    expect(cli('staff', 'remove', '990002').status).toBe(1);
  }, 60_000);

  it('"staff list --json" prints the active staff as JSON', () => {
    expect(JSON.parse(cli('staff', 'list', '--json').stdout)).toEqual([expect.objectContaining({ name: 'Rina Hayati', phone_e164: '+6281399000001', removed_at: null })]);
  }, 60_000);

  it('"broadcast create" without --yes prints the preview, as in chat, and sends nothing', async () => {
    const file = path.join(dir, 'pesan.txt');
    writeFileSync(file, 'Halo {nama},\nada pelatihan untuk {usaha}.\n');
    const result = cli('broadcast', 'create', '--text-file', file, '--segment', 'kecamatan=Banjarmasin Utara, status=stagnan');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Penerima: 1 orang — Kecamatan: Banjarmasin Utara · Status: stagnan');
    expect(result.stdout).toContain('Halo Siti Aminah,\nada pelatihan untuk Kopi & Roti <Asli>.');
    expect(result.stdout).toContain('• Telegram: 1 orang');
    expect(result.stdout).toContain('Belum dikirim. Jalankan lagi dengan --yes untuk mengirim.');
    expect(await t.app.database.db.selectFrom('broadcasts').select('id').execute()).toEqual([]);
  }, 60_000);

  it('a bad text or segment is one clear line and exit code 1', () => {
    const file = path.join(dir, 'salah.txt');
    writeFileSync(file, 'Halo {alamat}');
    const text = cli('broadcast', 'create', '--text-file', file, '--segment', 'semua');
    expect(text.status).toBe(1);
    expect(text.stdout.trim()).toBe('Tanda {alamat} tidak saya kenal; yang bisa dipakai hanya {nama} dan {usaha}. Silakan ketik ulang teksnya.');
    writeFileSync(file, 'Halo {nama}');
    const segment = cli('broadcast', 'create', '--text-file', file, '--segment', 'kota=Banjarbaru');
    expect(segment.status).toBe(1);
    expect(segment.stdout.trim()).toBe('Saya tidak mengenal “kota”. Yang bisa dipakai: kecamatan, sektor, status.');
    expect(cli('broadcast', 'create', '--text-file', path.join(dir, 'tidak-ada.txt'), '--segment', 'semua').stdout).toContain('Berkas teks tidak bisa dibaca');
  }, 60_000);

  it('"broadcast create --yes --staff" sends it, and the summary reaches that staff member\'s chat', async () => {
    await chats.say('telegram', '990001', 'menu'); // Rina writes to the bot on Telegram, now as staff
    const file = path.join(dir, 'pesan.txt');
    const result = cli('broadcast', 'create', '--text-file', file, '--segment', 'semua', '--yes', '--staff', '#1');
    expect(result.status).toBe(0);
    const id = /Pengumuman #(\d+) dibuat dan sedang dikirim/.exec(result.stdout)?.[1];
    expect(id).toBeDefined();
    await waitFor(async () => chats.seen('telegram', '990001').find((m) => m.includes(`Pengumuman #${id} selesai dikirim`)), 30_000, 'the summary');
    expect(chats.seen('telegram', '9901')).toEqual(['Halo Siti Aminah,\nada pelatihan untuk Kopi & Roti <Asli>.']);
    expect(chats.seen('telegram', '9902')).toEqual(['Halo Budi,\nada pelatihan untuk Usaha Budi.']);
    expect(chats.seen('whatsapp', '6281299000003@c.us')).toHaveLength(1);
    const listed = cli('broadcast', 'list');
    expect(listed.stdout).toContain(`#${id}`);
    expect(listed.stdout).toContain('terkirim 3 · gagal 0 · dilewati 0 · menunggu 0');
  }, 60_000);

  it('"audit" lists every staff action with who, how and when, newest first', () => {
    const result = cli('audit');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n').filter((l) => /^\d{1,2} \w+ \d{4}/.test(l));
    const actions = lines.map((l) => /(staff_added|staff_removed|broadcast_\w+)/.exec(l)?.[1]);
    expect(actions).toEqual(['broadcast_recap_viewed', 'broadcast_created', 'broadcast_previewed', 'broadcast_previewed', 'staff_removed', 'staff_added', 'staff_added']);
    expect(result.stdout).toMatch(/Rina Hayati\s+cli:\S+\s+broadcast_created/);
    expect(result.stdout).not.toContain('+6281399000001'); // phone numbers are masked
    expect(cli('audit', '--action', 'staff_added').stdout).toContain('2 catatan');
  }, 60_000);
});
