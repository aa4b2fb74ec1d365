import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityDir, loadCityReferences } from '../src/city/load.js';
import { syncReferenceTables } from '../src/city/sync.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { connectDatabase, type DatabaseHandle } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

// The city folder is configuration: the office's details and the reference tables come from
// src/city/<CITY>/, so another city is set up by adding a folder, not by changing code.

describe('the office details come from the city folder', () => {
  it('CITY=banjarmasin (the default) gives the Banjarmasin office, and a variable still wins', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      CITY: 'banjarmasin',
      ORG_NAME: 'Dinas Koperasi, Usaha Mikro dan Tenaga Kerja Kota Banjarmasin',
      ORG_SHORT_NAME: 'Diskopumker Banjarmasin',
      MEMBER_PREFIX: 'BJM',
      OFFICE_PHONE: '(0511) 3252-051',
      OFFICE_HOURS: 'Senin–Jumat, 08.00–16.00 WITA',
    });
    expect(loadConfig({ OFFICE_PHONE: '(0511) 111-222' }).OFFICE_PHONE).toBe('(0511) 111-222');
  });

  it('a CITY without a folder stops the start, naming CITY', () => {
    expect(() => loadConfig({ CITY: 'martapura' })).toThrow(ConfigError);
    expect(() => loadConfig({ CITY: 'martapura' })).toThrow(/CITY "martapura" has no usable city folder: office.json/);
  });
});

describe('the reference tables follow the city folder at start', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase('city');
    handle = await connectDatabase({ url: database.url });
    await migrateToLatest(handle.db);
    dir = mkdtempSync(path.join(tmpdir(), 'wirabot-city-'));
    cpSync(cityDir('banjarmasin'), dir, { recursive: true });
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = (table: 'sectors' | 'kecamatan') => handle.db.selectFrom(table).select(['code', 'name', 'active', 'sort_order', 'aliases']).orderBy('sort_order').orderBy('code').execute();

  it('the Banjarmasin folder matches migration 0001: nothing changes', async () => {
    const before = { sectors: await rows('sectors'), kecamatan: await rows('kecamatan') };
    const synced = await syncReferenceTables(handle.db, loadCityReferences('banjarmasin'));
    const nothing = { added: [], updated: [], hidden: [], deleted: [] };
    expect(synced).toEqual({ sectors: nothing, kecamatan: nothing });
    expect({ sectors: await rows('sectors'), kecamatan: await rows('kecamatan') }).toEqual(before);
  });

  it('adds and renames codes, deletes an unused one, and only hides one that people use', async () => {
    const barat = await handle.db.selectFrom('kecamatan').select('id').where('code', '=', 'bjm-barat').executeTakeFirstOrThrow();
    await handle.db.insertInto('people').values({ member_no: 'BJM-000001', full_name: 'Siti Aminah', sector_id: 1, kecamatan_id: barat.id }).execute();

    const sectors = JSON.parse(readFileSync(path.join(dir, 'sectors.json'), 'utf8'));
    sectors.sectors[0].name.id = 'Kuliner (Makanan & Minuman)';
    sectors.sectors = sectors.sectors.filter((s: { code: string }) => s.code !== 'jasa');
    sectors.unclear = sectors.unclear.filter((u: { sectors: string[] }) => !u.sectors.includes('jasa'));
    sectors.sectors.push({ code: 'digital', name: { id: 'Digital', en: 'Digital' }, aliases: ['online', 'aplikasi'], activities: [] });
    writeFileSync(path.join(dir, 'sectors.json'), JSON.stringify(sectors));
    const kecamatan = JSON.parse(readFileSync(path.join(dir, 'kecamatan.json'), 'utf8'));
    kecamatan.kecamatan = kecamatan.kecamatan.filter((k: { code: string }) => k.code !== 'bjm-barat' && k.code !== 'bjm-timur');
    kecamatan.ambiguousAbbreviations = [];
    writeFileSync(path.join(dir, 'kecamatan.json'), JSON.stringify(kecamatan));

    const synced = await syncReferenceTables(handle.db, loadCityReferences('test', dir));
    expect(synced.sectors).toEqual({ added: ['digital'], updated: expect.arrayContaining(['kuliner']), hidden: [], deleted: ['jasa'] });
    expect(synced.kecamatan).toEqual({ added: [], updated: expect.any(Array), hidden: ['bjm-barat'], deleted: ['bjm-timur'] });

    const sectorRows = await rows('sectors');
    expect(sectorRows.find((s) => s.code === 'kuliner')).toMatchObject({ name: 'Kuliner (Makanan & Minuman)', active: true, aliases: ['makanan', 'minuman', 'warung', 'catering', 'kue'] });
    expect(sectorRows.find((s) => s.code === 'digital')).toMatchObject({ name: 'Digital', active: true, aliases: ['online', 'aplikasi'] });
    expect(sectorRows.map((s) => s.code)).not.toContain('jasa');
    const kecamatanRows = await rows('kecamatan');
    expect(kecamatanRows.find((k) => k.code === 'bjm-barat')).toMatchObject({ active: false });
    expect(kecamatanRows.map((k) => k.code)).not.toContain('bjm-timur');
    // Siti keeps her kecamatan.
    const siti = await handle.db.selectFrom('people').select('kecamatan_id').where('member_no', '=', 'BJM-000001').executeTakeFirstOrThrow();
    expect(siti.kecamatan_id).toBe(barat.id);

    // Back to the full folder: the hidden code is shown again, the deleted ones come back.
    const again = await syncReferenceTables(handle.db, loadCityReferences('banjarmasin'));
    expect(again.kecamatan.updated).toContain('bjm-barat');
    expect(again.kecamatan.added).toEqual(['bjm-timur']);
    expect(again.sectors.added).toEqual(['jasa']);
    expect((await rows('kecamatan')).every((k) => k.active)).toBe(true);
  });
});
