import { describe, expect, it } from 'vitest';
import { checkMapping, ImportMappingError, mapColumns, overrideMapping, sampleValues, type RegisterTable } from '../../src/runtime/import/register.js';
import { parseMapOption } from '../../src/runtime/import/cli.js';

// The "map columns" step of the import (issue 13): the automatic matching of the headers as
// offices really write them, staff's own choice checked against the file, and the CLI's --map.

describe('automatic matching of headers', () => {
  it.each([
    [['No', 'Nama Pemilik', 'NO. HP/WA', 'Nama Usaha', 'Kec.'], { name: 1, phone: 2, business: 3, kecamatan: 4 }],
    [['NO.', 'NAMA PEMILIK', 'NOMOR HANDPHONE (WA)', 'NAMA TOKO', 'JENIS PRODUK', 'KEC', 'THN BERDIRI', 'OMSET/BULAN (RP)'], { name: 1, phone: 2, business: 3, activity: 4, kecamatan: 5, year: 6, omzet: 7 }],
    [['nama_pelaku_usaha', 'no_telp', 'bidang_usaha', 'kecamatan_usaha', 'Omzet Rata-rata per Bulan'], { name: 0, phone: 1, sector: 2, kecamatan: 3, omzet: 4 }],
    [[' Nama ', 'No. Telp/HP', 'Alamat Usaha', 'Keterangan'], { name: 0, phone: 1 }],
    [['Full Name', 'WhatsApp', 'Business Name', 'District', 'Year Started'], { name: 0, phone: 1, business: 2, kecamatan: 3, year: 4 }],
  ])('%j', (headers, expected) => {
    expect(mapColumns(headers).columns).toEqual(expected);
  });

  it('gives each column to one field only, the first column to a field named twice, and says what is missing', () => {
    expect(mapColumns(['Nama', 'No HP', 'No HP Lain']).columns).toEqual({ name: 0, phone: 1 });
    expect(mapColumns(['Nama Usaha', 'Alamat', 'Email']).missing).toEqual(['name', 'phone']);
    expect(mapColumns(['', '', 'Kecamatan']).columns).toEqual({ kecamatan: 2 });
  });
});

describe("staff's mapping", () => {
  const headers = ['No', 'Nama Pemilik', 'NO. HP/WA', 'HP Cadangan', 'Nama Usaha', 'Kec.'];

  it('is accepted when every column is real, none is chosen twice and name and phone are there', () => {
    expect(checkMapping(headers, { name: 1, phone: 3, kecamatan: 5 })).toEqual({ name: 1, phone: 3, kecamatan: 5 });
  });

  it.each([
    [{ name: 1, phone: 2, business: 2 }, 'column_twice', ['phone', 'business']],
    [{ name: 1 }, 'required_missing', ['phone']],
    [{ business: 4 }, 'required_missing', ['name', 'phone']],
    [{ name: 1, phone: 6 }, 'column_unknown', ['phone']],
    [{ name: -1, phone: 2 }, 'column_unknown', ['name']],
    [{ name: 1.5, phone: 2 }, 'column_unknown', ['name']],
  ] as const)('%j is refused: %s', (mapping, reason, detail) => {
    const error = (() => {
      try {
        checkMapping(headers, mapping);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ImportMappingError);
    expect(error).toMatchObject({ reason, detail });
  });

  it('overrides the automatic matching by header name, case and dots aside; the column moves from the field that had it', () => {
    expect(overrideMapping(headers, { phone: 'HP Cadangan' })).toEqual({ name: 1, phone: 3, business: 4, kecamatan: 5 });
    expect(overrideMapping(headers, { phone: 'hp cadangan', kecamatan: '' })).toEqual({ name: 1, phone: 3, business: 4 });
    // "Nama Usaha" given to name: the business loses it rather than the column being chosen twice.
    expect(overrideMapping(headers, { name: 'Nama Usaha' })).toEqual({ name: 4, phone: 2, kecamatan: 5 });
    expect(overrideMapping(headers, { NAME: 'nama pemilik' })).toMatchObject({ name: 1 });
  });

  it('refuses an unknown header, an unknown field, a required field left out, and two overrides on one column', () => {
    expect(() => overrideMapping(headers, { phone: 'No Telepon' })).toThrow(expect.objectContaining({ reason: 'header_unknown', detail: ['No Telepon'] }));
    expect(() => overrideMapping(headers, { alamat: 'No' })).toThrow(expect.objectContaining({ reason: 'field_unknown', detail: ['alamat'] }));
    expect(() => overrideMapping(headers, { phone: '' })).toThrow(expect.objectContaining({ reason: 'required_missing', detail: ['phone'] }));
    expect(() => overrideMapping(headers, { name: 'Kec.', kecamatan: 'Kec.' })).toThrow(expect.objectContaining({ reason: 'column_twice' }));
  });

  it('shows up to three non-empty sample values per column', () => {
    const table: RegisterTable = {
      headers: ['Nama', 'No HP', 'Catatan'],
      rows: [
        { line: 2, cells: ['Siti Aminah', '0812-3456-7890', ''] },
        { line: 3, cells: ['Budi', '', ''] },
        { line: 4, cells: ['Rina', '0813 1111 2222'] },
        { line: 5, cells: ['Dewi', '+62 821 5555 6666', 'pindah'] },
        { line: 6, cells: ['Ahmad', '0822 5200 4455', ''] },
      ],
    };
    expect(sampleValues(table)).toEqual([['Siti Aminah', 'Budi', 'Rina'], ['0812-3456-7890', '0813 1111 2222', '+62 821 5555 6666'], ['pindah']]);
  });
});

describe('--map as staff type it', () => {
  it.each([
    ['name=Nama,phone=No HP', { name: 'Nama', phone: 'No HP' }],
    ['name=Nama, phone="No HP, WA"', { name: 'Nama', phone: 'No HP, WA' }],
    ["phone='NO. HP/WA',omzet=", { phone: 'NO. HP/WA', omzet: '' }],
    ['kecamatan = Kec.', { kecamatan: 'Kec.' }],
  ])('%s', (raw, expected) => {
    expect(parseMapOption(raw)).toEqual(expected);
  });

  it.each(['', 'Nama', 'name', '=Nama', 'name=Nama,,phone=HP', 'name="Nama'])('%j cannot be read', (raw) => {
    expect(parseMapOption(raw)).toBeNull();
  });
});
