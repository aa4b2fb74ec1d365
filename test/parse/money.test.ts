import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../src/engine/parse/money.js';

describe('parseMoney', () => {
  describe('clear amounts', () => {
    it.each<[string, number]>([
      ['7500000', 7_500_000],
      ['7.500.000', 7_500_000],
      ['7,500,000', 7_500_000],
      ['Rp 7.500.000', 7_500_000],
      ['Rp7.500.000,-', 7_500_000],
      ['Rp. 7.500.000,00', 7_500_000],
      ['IDR 7500000', 7_500_000],
      ['7.500.000.', 7_500_000],
      ['Rp 1.250.000', 1_250_000],
      ['150.000', 150_000],
      ['100000', 100_000],
      ['7,5 juta', 7_500_000],
      ['7.5jt', 7_500_000],
      ['2,5jt', 2_500_000],
      ['7 jt', 7_000_000],
      ['7jt', 7_000_000],
      ['7 JT', 7_000_000],
      ['500 ribu', 500_000],
      ['500rb', 500_000],
      ['500 rb', 500_000],
      ['500k', 500_000],
      ['100rb', 100_000],
      ['1,2 miliar', 1_200_000_000],
      ['1,2 M', 1_200_000_000],
      ['2 milyar', 2_000_000_000],
      ['satu juta', 1_000_000],
      ['dua setengah juta', 2_500_000],
      ['setengah juta', 500_000],
      ['sepuluh juta', 10_000_000],
      ['seratus ribu', 100_000],
      ['lima ratus ribu', 500_000],
      ['sejuta', 1_000_000],
      ['satu juta setengah', 1_500_000],
      ['dua juta lima ratus ribu', 2_500_000],
      ['1 juta 500 ribu', 1_500_000],
      ['1jt 500rb', 1_500_000],
      ['3 juta', 3_000_000],
      ['sekitar 3 juta', 3_000_000],
      ['kurang lebih 3jt', 3_000_000],
      ['± 3 juta', 3_000_000],
      ['+- 3jt', 3_000_000],
      ['+/- 3 juta', 3_000_000],
      ['kira-kira 4 juta', 4_000_000],
      ['kira2 4jt', 4_000_000],
      ['3 juta an', 3_000_000],
      ['3jtan', 3_000_000],
      ['3 jutaan', 3_000_000],
      ['10 juta lebih', 10_000_000],
      ['3 juta/bulan', 3_000_000],
      ['omzet saya sekitar 3 juta per bulan', 3_000_000],
      ['Rp 3.000.000 sebulan 🙏', 3_000_000],
      ['3 juta pak', 3_000_000],
    ])('"%s" is read as Rp%d', (typed, rupiah) => {
      expect(parseMoney(typed)).toEqual({ kind: 'ok', rupiah });
    });
  });

  describe('no turnover yet', () => {
    it.each(['belum ada', 'Belum ada.', 'tidak ada', 'gak ada', 'kadada', 'nol', '0', 'Rp 0', 'belum ada omzet'])(
      '"%s" is read as Rp0',
      (typed) => {
        expect(parseMoney(typed)).toEqual({ kind: 'ok', rupiah: 0 });
      },
    );
  });

  describe('a figure too small to be meant literally asks for confirmation', () => {
    it.each<[string, number]>([
      ['5', 5_000_000],
      ['7,5', 7_500_000],
      ['25', 25_000_000],
      ['tiga', 3_000_000],
      ['Rp 500', 500_000_000],
      ['0,5', 500_000],
      ['1.500', 1_500_000],
      ['1500', 1_500_000],
      ['25.000', 25_000_000],
      ['99999', 99_999_000],
    ])('"%s" asks "did you mean Rp%d?"', (typed, rupiah) => {
      expect(parseMoney(typed)).toEqual({ kind: 'confirm', rupiah });
    });
  });

  describe('ranges and bounds ask for one figure', () => {
    it.each([
      '3-4 juta',
      '3 - 4 juta',
      '3jt-4jt',
      '3 sampai 4 juta',
      '3 sampe 4jt',
      '3 s/d 4 jt',
      '3 s.d. 4 juta',
      'antara 3 dan 4 juta',
      '3 atau 4 juta',
      'tiga sampai empat juta',
      '3.000.000 - 4.000.000',
      '3 – 4 juta',
      'kurang dari 1 juta',
      'di atas 10 juta',
      '< 1jt',
    ])('"%s" is a range', (typed) => {
      expect(parseMoney(typed)).toEqual({ kind: 'range' });
    });
  });

  describe('not an amount', () => {
    it.each([
      ['-', 'a lone dash'],
      ['', 'nothing'],
      ['   ', 'only spaces'],
      ['banyak', 'a vague word'],
      ['lumayan', 'a vague word'],
      ['abc', 'letters'],
      ['🙏😀', 'only emoji'],
      ['-5000', 'a negative number'],
      ['- 5 juta', 'a negative number'],
      ['Rp -500.000', 'a negative number'],
      ['minus 3 juta', 'a negative number'],
      ['2000000000000000', 'more than 10^15'],
      ['1 juta 500', 'a unit-less tail after juta (1,000,500 or 1,500,000?)'],
      ['7 500 000', 'space-separated groups'],
      ['7.5000', 'a malformed separator'],
      ['juta', 'a unit without a figure'],
      ['3 juta 4 juta', 'two amounts'],
      ['- juta', 'a dash and a unit'],
    ])('"%s" (%s) is invalid', (typed) => {
      expect(parseMoney(typed)).toEqual({ kind: 'invalid' });
    });
  });

  it('always returns whole rupiah', () => {
    expect(parseMoney('1,2345 juta')).toEqual({ kind: 'ok', rupiah: 1_234_500 });
    expect(parseMoney('0,0001 rb')).toEqual({ kind: 'invalid' });
  });
});
