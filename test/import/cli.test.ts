import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// `npm run cli -- import people --file register.csv [--map …] [--dry-run]`, run as staff run it.

describe('npm run cli -- import people', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  const dir = mkdtempSync(path.join(tmpdir(), 'import-'));
  const run = (...args: string[]) => spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  const count = async () => Number((await handle.db.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    database = await createTestDatabase('import-cli');
    handle = await connectDatabase({ url: database.url });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  const file = path.join(dir, 'register.csv');
  writeFileSync(file, 'Nama,No HP,Usaha,Sektor,Kecamatan,Tahun\nSiti Aminah,0812-3456-7890,Kopi Asli,Kuliner,Utara,2019\nBudi,0812,Bengkel,Jasa,Tengah,2018\n');

  it('--dry-run reports the bad rows and saves nothing', async () => {
    const result = run('import', 'people', '--file', file, '--dry-run');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/3\s+Budi\s+0812\s+nomor HP tidak sah/u);
    expect(result.stdout).toContain('2 baris: 1 siap diimpor, 1 bermasalah.');
    expect(result.stdout).toContain('Uji coba: tidak ada yang disimpan.');
    expect(await count()).toBe(0);
  });

  it('imports the valid rows, audited; a wrong file type is one clear line', async () => {
    const result = run('import', 'people', '--file', file);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1 orang diimpor sebagai "diundang, belum setuju"; 1 baris dilewati.');
    expect(await count()).toBe(1);
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'details']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['people_import_previewed', 'people_imported']);

    const pdf = path.join(dir, 'register.pdf');
    writeFileSync(pdf, '%PDF-1.4');
    const wrong = run('import', 'people', '--file', pdf);
    expect(wrong.status).toBe(1);
    expect(`${wrong.stdout}${wrong.stderr}`).toContain('Berkas harus XLSX atau CSV (register.pdf).');
    expect(await count()).toBe(1);
  });

  it('--map chooses columns the headers do not name, and the summary writes thousands the Indonesian way', async () => {
    // The register as a kelurahan sent it: the owner under "Pemilik", two contact columns.
    const mapped = path.join(dir, 'Daftar Binaan Kelurahan.csv');
    const lines = ['No;Pemilik;Kontak;Kontak WA;Lokasi'];
    for (let i = 0; i < 1200; i++) lines.push(`${i + 1};Pelaku Usaha ${i + 1};0511 3252 111;0852 ${String(4800_0000 + i).replace(/(\d{4})(\d{4})/u, '$1 $2')};Bjm Utara`);
    writeFileSync(mapped, `${lines.join('\n')}\n`);
    const before = await count();

    // Automatically "Kontak WA" is the phone, but nobody is the name.
    const auto = run('import', 'people', '--file', mapped, '--dry-run');
    expect(auto.status).toBe(1);
    expect(`${auto.stdout}${auto.stderr}`).toContain('Kolom wajib tidak ditemukan: name.');
    expect(`${auto.stdout}${auto.stderr}`).toContain('Pilih kolomnya sendiri dengan --map, misalnya --map name=Pemilik,phone="No HP".');

    const unknown = run('import', 'people', '--file', mapped, '--map', 'name=Nama Pemilik', '--dry-run');
    expect(unknown.status).toBe(1);
    expect(`${unknown.stdout}${unknown.stderr}`).toContain('Judul kolom "Nama Pemilik" tidak ada di berkas. Judul kolom di berkas: No, Pemilik, Kontak, Kontak WA, Lokasi.');
    const twice = run('import', 'people', '--file', mapped, '--map', 'name=Pemilik,kecamatan=pemilik', '--dry-run');
    expect(`${twice.stdout}${twice.stderr}`).toContain('Satu kolom dipilih untuk lebih dari satu isian (Nama, Kecamatan).');
    const syntax = run('import', 'people', '--file', mapped, '--map', 'Pemilik', '--dry-run');
    expect(`${syntax.stdout}${syntax.stderr}`).toContain('Tulis --map sebagai isian=Judul Kolom');
    const field = run('import', 'people', '--file', mapped, '--map', 'alamat=Lokasi', '--dry-run');
    expect(`${field.stdout}${field.stderr}`).toContain('Isian "alamat" tidak dikenal. Isian yang dapat dipilih: name, phone, business, activity, sector, kecamatan, year, omzet.');
    expect(await count()).toBe(before);

    const result = run('import', 'people', '--file', mapped, '--map', 'name=Pemilik,kecamatan=Lokasi');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1.200 baris: 1.200 siap diimpor, 0 bermasalah.');
    expect(result.stdout).toContain('1.200 orang diimpor sebagai "diundang, belum setuju"; 0 baris dilewati.');
    expect((await count()) - before).toBe(1200);
    const one = await handle.db.selectFrom('people as p').innerJoin('kecamatan as k', 'k.id', 'p.kecamatan_id').select(['p.full_name', 'p.phone_e164', 'k.code']).where('p.full_name', '=', 'Pelaku Usaha 7').executeTakeFirstOrThrow();
    expect(one).toEqual({ full_name: 'Pelaku Usaha 7', phone_e164: '+6285248000006', code: 'bjm-utara' });
  }, 180_000);
});
