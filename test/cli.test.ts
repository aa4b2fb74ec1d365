import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { formatLocalDateTime } from '../src/time.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

// The staff command line, run as staff run it, against a prepared population.

describe('npm run cli', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  const cli = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' }, encoding: 'utf8' });

  beforeAll(async () => {
    database = await createTestDatabase('cli');
    handle = await connectDatabase({ url: database.url });
    await migrateToLatest(handle.db);
    const people = [
      ['BJM-000001', 'Siti Aminah', 'Kopi & Roti <Asli>', 1, 5, 7_500_000, null],
      ['BJM-000002', 'Budi Santoso', 'Bengkel Budi', 4, 1, 15_000_000, null],
      ['BJM-000003', 'Rahmah', 'Sasirangan Rahmah', 2, 5, 3_000_000, new Date()],
    ] as const;
    for (const [member_no, full_name, business_name, sector_id, kecamatan_id, baseline_omzet, opted_out_at] of people) {
      await handle.db.insertInto('people').values({ member_no, full_name, business_name, sector_id, kecamatan_id, baseline_omzet, opted_out_at, phone_e164: '+6281234567890' }).execute();
    }
    await handle.db.insertInto('people').values({ member_no: null, full_name: null, sector_id: 1, kecamatan_id: 5, baseline_omzet: 1, erased_at: new Date() }).execute();
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
  });

  it('"people list --kecamatan utara" lists only that kecamatan, never erased people', () => {
    const result = cli('people', 'list', '--kecamatan', 'utara');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Kopi & Roti <Asli>');
    expect(result.stdout).toContain('Sasirangan Rahmah');
    expect(result.stdout).not.toContain('Bengkel Budi');
    expect(result.stdout).toContain('2 orang');
  });

  it('"people list --sector kuliner" filters by sector and shows omzet in rupiah', () => {
    const result = cli('people', 'list', '--sector', 'kuliner');
    expect(result.stdout).toContain('Rp7.500.000');
    expect(result.stdout).toContain('1 orang');
  });

  it('"people show" shows one person, and says so when the number is unknown', () => {
    const shown = cli('people', 'show', 'bjm-000003');
    expect(shown.stdout).toMatch(/Pengumuman\s+berhenti sejak/);
    expect(shown.stdout).toMatch(/Usaha\s+Sasirangan Rahmah/);
    const missing = cli('people', 'show', 'BJM-999999');
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain('Tidak ada anggota dengan nomor BJM-999999');
  });

  it('"people show" finds a person by name or phone too, and lists them when several match', () => {
    const byName = cli('people', 'show', 'budi');
    expect(byName.status).toBe(0);
    expect(byName.stdout).toMatch(/Usaha\s+Bengkel Budi/);
    const byPhone = cli('people', 'show', '0812-3456-7890');
    expect(byPhone.status).toBe(1);
    expect(byPhone.stdout).toContain('3 anggota cocok dengan "0812-3456-7890"');
    expect(byPhone.stdout).toContain('BJM-000002');
    const nobody = cli('people', 'show', 'Zulkifli');
    expect(nobody.status).toBe(1);
    expect(nobody.stdout).toContain('Tidak ada anggota yang cocok dengan "Zulkifli"');
  }, 120_000);

  it('"people list --json" prints the rows as JSON', () => {
    const result = cli('people', 'list', '--kecamatan', 'utara', '--json');
    const rows = JSON.parse(result.stdout) as { member_no: string; baseline_omzet: number }[];
    expect(rows.map((r) => r.member_no)).toEqual(['BJM-000001', 'BJM-000003']);
    expect(rows[0]!.baseline_omzet).toBe(7_500_000);
  });

  it('--help lists the commands', () => {
    const result = cli('--help');
    expect(result.stdout).toContain('people');
  });
});

describe('local time', () => {
  it.each([
    ['2026-12-12T01:00:00Z', '12 Desember 2026, 09.00 WITA'],
    ['2026-12-31T16:30:00Z', '1 Januari 2027, 00.30 WITA'],
  ])('%s is %s in Banjarmasin', (iso, shown) => {
    expect(formatLocalDateTime(new Date(iso), 'Asia/Makassar')).toBe(shown);
  });
});

describe('npm run cli links and status', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('clilinks');
  });
  afterAll(() => database.drop());

  const run = (env: Record<string, string>, ...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8' });

  it('"links" prints the start links and writes a QR code PNG for each', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'links-'));
    const result = run({ WHATSAPP_NUMBER: '6281234567890', TELEGRAM_BOT_USERNAME: 'WirabotBjmBot' }, 'links', '--out', out);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('https://wa.me/6281234567890?text=DAFTAR');
    expect(result.stdout).toContain('https://t.me/WirabotBjmBot?start=daftar');
    for (const name of ['daftar-whatsapp.png', 'daftar-telegram.png']) {
      const png = readFileSync(path.join(out, name));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('"status" shows channels, queues and message counts', () => {
    const result = run({ WHATSAPP_ENABLED: 'false' }, 'status');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('WhatsApp  tidak aktif');
    expect(result.stdout).toMatch(/telegram reply\s+0/);
  });
});
