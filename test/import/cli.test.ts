import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// `npm run cli -- import people --file register.csv [--dry-run]`, run as staff run it.

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
});
