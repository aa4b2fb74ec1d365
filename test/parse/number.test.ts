import { describe, expect, it } from 'vitest';
import { evaluateNumberTokens, parseCount, parseIndonesianNumberWords, parseYear } from '../../src/engine/parse/number.js';

describe('parseIndonesianNumberWords', () => {
  it.each<[string, number]>([
    ['nol', 0],
    ['satu', 1],
    ['sembilan', 9],
    ['sepuluh', 10],
    ['sebelas', 11],
    ['dua belas', 12],
    ['sembilan belas', 19],
    ['dua puluh', 20],
    ['dua puluh lima', 25],
    ['dua-puluh lima', 25],
    ['seratus', 100],
    ['seratus dua belas', 112],
    ['lima ratus', 500],
    ['sembilan ratus sembilan puluh sembilan', 999],
    ['seribu', 1000],
    ['seribu dua ratus', 1200],
    ['dua ribu lima ratus', 2500],
    ['sepuluh ribu', 10_000],
    ['seratus ribu', 100_000],
    ['lima ratus ribu', 500_000],
    ['sejuta', 1_000_000],
    ['satu juta', 1_000_000],
    ['setengah', 0.5],
    ['setengah juta', 500_000],
    ['dua setengah juta', 2_500_000],
    ['satu juta setengah', 1_500_000],
    ['satu juta dua ratus ribu', 1_200_000],
    ['dua ribu juta', 2_000_000_000],
    ['satu miliar', 1_000_000_000],
    ['dua milyar', 2_000_000_000],
    ['3 ratus', 300],
    ['talu', 3],
    ['saratus', 100],
    ['Dua Puluh', 20],
  ])('"%s" is %d', (words, value) => {
    expect(parseIndonesianNumberWords(words)).toBe(value);
  });

  it.each([
    ['', 'nothing'],
    ['banyak', 'not a number word'],
    ['satu dua', 'two numbers'],
    ['juta', 'a scale without a number'],
    ['puluh lima', 'a scale without a number'],
    ['sebelas puluh', 'a two-digit multiplier below a thousand'],
    ['dua belas tiga', 'extra words'],
    ['satu juta lima ratus', '1,000,500 or 1,500,000'],
    ['satu juta dua juta', 'a repeated scale'],
    ['seratus ribu apel', 'a trailing word'],
  ])('"%s" (%s) is null', (words) => {
    expect(parseIndonesianNumberWords(words)).toBeNull();
  });

  it('evaluates tokens mixing digits and scale words', () => {
    expect(evaluateNumberTokens([7.5, 'juta'])).toBe(7_500_000);
    expect(evaluateNumberTokens([])).toBeNull();
  });
});

describe('parseCount', () => {
  it.each<[string, number]>([
    ['3', 3],
    ['3 orang', 3],
    ['3 org', 3],
    ['ada 3 orang', 3],
    ['tiga', 3],
    ['tiga orang', 3],
    ['Tiga orang.', 3],
    ['sepuluh', 10],
    ['sebelas', 11],
    ['dua belas', 12],
    ['dua puluh lima', 25],
    ['dua puluh lima karyawan', 25],
    ['seorang', 1],
    ['satu orang', 1],
    ['sendiri', 1],
    ['sendirian', 1],
    ['saya sendiri', 1],
    ['cuma saya', 1],
    ['hanya saya sendiri', 1],
    ['ulun haja', 1],
    ['berdua', 2],
    ['kami berdua', 2],
    ['bertiga', 3],
    ['5 orang termasuk saya', 5],
    ['0', 0],
    ['tidak ada', 0],
    ['belum ada', 0],
    ['100', 100],
    ['1.000', 1000],
    ['seratus', 100],
    ['100000', 100_000],
  ])('"%s" is %d people', (typed, count) => {
    expect(parseCount(typed)).toBe(count);
  });

  it.each([
    ['-3', 'negative'],
    ['minus 2', 'negative'],
    ['banyak', 'vague'],
    ['lumayan', 'vague'],
    ['3-4', 'a range'],
    ['3 sampai 4 orang', 'a range'],
    ['3,5', 'a fraction'],
    ['setengah', 'a fraction'],
    ['100001', 'above the limit'],
    ['', 'nothing'],
    ['orang', 'no number'],
    ['🙏', 'only emoji'],
    ['saya dan istri', 'not counted'],
  ])('"%s" (%s) is null', (typed) => {
    expect(parseCount(typed)).toBeNull();
  });
});

describe('parseYear', () => {
  const nowYear = 2025;

  it.each<[string, number]>([
    ['2019', 2019],
    ['thn 2019', 2019],
    ['tahun 2019', 2019],
    ['Tahun 2019.', 2019],
    ['2019an', 2019],
    ['sejak 2019', 2019],
    ['sejak tahun 2019', 2019],
    ['dari 2019', 2019],
    ['awal 2019', 2019],
    ['maret 2019', 2019],
    ['12/03/2019', 2019],
    ['1950', 1950],
    ['2025', 2025],
    ['tahun ini', 2025],
    ['tahun lalu', 2024],
    ['5 tahun lalu', 2020],
    ['lima tahun yang lalu', 2020],
  ])('"%s" is the year %d', (typed, year) => {
    expect(parseYear(typed, nowYear)).toBe(year);
  });

  it.each([
    ["'19", 'a two-digit year'],
    ['19', 'a two-digit year'],
    ['1949', 'before 1950'],
    ['2026', 'in the future'],
    ['2019-2020', 'two years'],
    ['2019 atau 2020', 'two years'],
    ['20190', 'five digits'],
    ['lama', 'no year'],
    ['', 'nothing'],
    ['100 tahun lalu', 'before 1950'],
  ])('"%s" (%s) is null', (typed) => {
    expect(parseYear(typed, nowYear)).toBeNull();
  });

  it('uses the given current year, not the clock', () => {
    expect(parseYear('2030', 2030)).toBe(2030);
    expect(parseYear('tahun lalu', 2030)).toBe(2029);
  });
});
