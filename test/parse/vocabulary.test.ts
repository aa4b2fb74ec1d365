import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CityDataError, cityDir, loadCityVocabulary } from '../../src/city/load.js';
import { readKecamatan, readRsvp, readSector } from '../../src/engine/parse/understand/index.js';
import { mergeVocabulary } from '../../src/engine/parse/vocabulary.js';
import { vocab } from './understand-support.js';

describe('the Banjarmasin city data', () => {
  it('has the office sectors and kecamatan in the order of the migrations', () => {
    expect(vocab.sectors.map((s) => s.code)).toEqual(['kuliner', 'fesyen', 'kerajinan', 'jasa', 'pertanian', 'perdagangan', 'lainnya']);
    expect(vocab.kecamatan.map((k) => k.code)).toEqual(['bjm-barat', 'bjm-selatan', 'bjm-tengah', 'bjm-timur', 'bjm-utara']);
  });

  it('lists every kelurahan of the city (52) once, with a Kemendagri code inside its kecamatan', () => {
    expect(vocab.kelurahan).toHaveLength(52);
    expect(new Set(vocab.kelurahan.map((k) => k.name)).size).toBe(52);
    expect(new Set(vocab.kelurahan.map((k) => k.areaCode)).size).toBe(52);
    for (const k of vocab.kelurahan) {
      const kecamatan = vocab.kecamatan.find((x) => x.code === k.kecamatan)!;
      expect(k.areaCode.startsWith(`${kecamatan.areaCode}.10`), k.name).toBe(true);
    }
    const count = (code: string) => vocab.kelurahan.filter((k) => k.kecamatan === code).length;
    expect(vocab.kecamatan.map((k) => count(k.code))).toEqual([9, 12, 12, 9, 10]);
  });

  it('names the source of the kelurahan list for staff to check', () => {
    const file = JSON.parse(readFileSync(join(cityDir('banjarmasin'), 'kecamatan.json'), 'utf8')) as { source: string };
    expect(file.source).toMatch(/Kepmendagri/);
  });

  it('has several hundred business activities, the region’s own products among them', () => {
    expect(vocab.activities.length).toBeGreaterThan(300);
    const sectorOf = (p: string) => vocab.activities.find((a) => a.phrase === p)?.sector;
    expect(['amplang', 'bingka', 'wadai', 'kue cincin', 'apam', 'lontong orari', 'soto banjar', 'kerupuk', 'ikan asin'].map(sectorOf)).toEqual(Array(9).fill('kuliner'));
    expect(sectorOf('sasirangan')).toBe('fesyen');
    expect(sectorOf('purun')).toBe('kerajinan');
    expect(sectorOf('madu kelulut')).toBe('pertanian');
  });
});

describe('staff additions on top of the city files', () => {
  it('an added activity is understood from then on, without touching the base', () => {
    expect(readSector('bikin layangan', vocab)).toMatchObject({ kind: 'ask' });
    const added = mergeVocabulary(vocab, { activities: [{ phrase: 'layangan', sector: 'kerajinan' }] });
    expect(readSector('bikin layangan', added)).toMatchObject({ kind: 'value', value: 'kerajinan' });
    expect(readSector('bikin layangan', vocab)).toMatchObject({ kind: 'ask' });
  });

  it('an addition wins over the same phrase in the city file', () => {
    const added = mergeVocabulary(vocab, { activities: [{ phrase: 'madu kelulut', sector: 'perdagangan' }] });
    expect(readSector('madu kelulut', added)).toMatchObject({ value: 'perdagangan' });
  });

  it('places and RSVP words can be added too', () => {
    const added = mergeVocabulary(vocab, { places: [{ phrase: 'kayu tangi', kecamatan: 'bjm-utara' }], words: { rsvpAttend: ['gaskeun'] } });
    expect(readKecamatan('kayu tangi', vocab)).toMatchObject({ kind: 'ask' });
    expect(readKecamatan('kayu tangi', added)).toEqual({ kind: 'value', value: 'bjm-utara' });
    expect(readRsvp('gaskeun', added)).toEqual({ kind: 'value', value: 'attend' });
  });
});

describe('loading a city folder', () => {
  function brokenCopy(file: string, edit: (json: Record<string, unknown>) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'city-'));
    cpSync(cityDir('banjarmasin'), dir, { recursive: true });
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    edit(json);
    writeFileSync(join(dir, file), JSON.stringify(json));
    return dir;
  }

  it('a bad field stops the start with the file and the field named', () => {
    const dir = brokenCopy('kecamatan.json', (j) => {
      ((j.kecamatan as { kelurahan: { areaCode: string }[] }[])[0]!.kelurahan[0]!).areaCode = '63-71';
    });
    expect(() => loadCityVocabulary('banjarmasin', dir)).toThrow(CityDataError);
    expect(() => loadCityVocabulary('banjarmasin', dir)).toThrow(/kecamatan\.json: kecamatan\.0\.kelurahan\.0\.areaCode/);
  });

  it('a phrase listed under two sectors is refused', () => {
    const dir = brokenCopy('sectors.json', (j) => {
      (j.sectors as { activities: string[] }[])[1]!.activities.push('amplang');
    });
    expect(() => loadCityVocabulary('banjarmasin', dir)).toThrow(/sectors\.json: activities "amplang": listed under both kuliner and fesyen/);
  });

  it('a missing word list is named', () => {
    const dir = brokenCopy('words.json', (j) => {
      delete (j.lists as Record<string, unknown>).rsvpAttend;
    });
    expect(() => loadCityVocabulary('banjarmasin', dir)).toThrow(/words\.json: lists\.rsvpAttend/);
  });

  it('a city name that is not a folder name is refused', () => {
    expect(() => cityDir('../etc')).toThrow(CityDataError);
  });
});
