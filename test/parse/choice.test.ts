import { describe, expect, it } from 'vitest';
import { parseChoice, parseChoices } from '../../src/engine/parse/choice.js';
import type { ChoiceOption } from '../../src/engine/parse/choice.js';

const districts: ChoiceOption<string>[] = ['Utara', 'Selatan', 'Timur', 'Barat', 'Tengah'].map((d) => ({
  value: d.toLowerCase(),
  labels: [`Banjarmasin ${d}`],
}));

const sectors: ChoiceOption<string>[] = [
  { value: 'kuliner', labels: ['Kuliner', 'makanan minuman'] },
  { value: 'fashion', labels: ['Fashion', 'fesyen', 'pakaian'] },
  { value: 'perdagangan', labels: ['Perdagangan'] },
  { value: 'jasa', labels: ['Jasa'] },
  { value: 'kriya', labels: ['Kriya & Kerajinan'] },
];

const channels: ChoiceOption<string>[] = [
  { value: 'wa', labels: ['WhatsApp', 'wa'] },
  { value: 'ig', labels: ['Instagram', 'ig', 'insta'] },
  { value: 'fb', labels: ['Facebook', 'fb'] },
  { value: 'shopee', labels: ['Shopee'] },
  { value: 'tokopedia', labels: ['Tokopedia', 'tokped'] },
  { value: 'food', labels: ['Makanan & Minuman'] },
];

describe('parseChoice', () => {
  it.each<[string, string]>([
    ['2', 'selatan'],
    ['2.', 'selatan'],
    [' 2 ', 'selatan'],
    ['no 2', 'selatan'],
    ['No. 2', 'selatan'],
    ['nomor 2', 'selatan'],
    ['pilihan 2', 'selatan'],
    ['5', 'tengah'],
    ['kedua', 'selatan'],
    ['dua', 'selatan'],
    ['Banjarmasin Utara', 'utara'],
    ['banjarmasin utara!', 'utara'],
    ['utara', 'utara'],
    ['Barat', 'barat'],
    ['sel', 'selatan'],
    ['saya di banjarmasin timur', 'timur'],
    ['utra', 'utara'],
    ['Banjarmasin Tmur', 'timur'],
    ['banjarmasin tenggah', 'tengah'],
  ])('district list: "%s" picks %s', (typed, value) => {
    expect(parseChoice(typed, districts)).toEqual({ kind: 'ok', value });
  });

  it.each<[string, string]>([
    ['kuliner', 'kuliner'],
    ['KULINER', 'kuliner'],
    ['makanan minuman', 'kuliner'],
    ['kulner', 'kuliner'],
    ['fesyen', 'fashion'],
    ['fashion', 'fashion'],
    ['fashon', 'fashion'],
    ['perdaganagn', 'perdagangan'],
    ['perdagagan', 'perdagangan'],
    ['jsa', 'jasa'],
    ['kriya & kerajinan', 'kriya'],
    ['kerajinan', 'kriya'],
    ['4', 'jasa'],
  ])('sector list: "%s" picks %s', (typed, value) => {
    expect(parseChoice(typed, sectors)).toEqual({ kind: 'ok', value });
  });

  it.each<[string, string[]]>([
    ['banjarmasin', ['utara', 'selatan', 'timur', 'barat', 'tengah']],
    ['Banjarmasin', ['utara', 'selatan', 'timur', 'barat', 'tengah']],
    ['banjarmsin', ['utara', 'selatan', 'timur', 'barat', 'tengah']],
    ['banjarmasin utara atau selatan', ['utara', 'selatan']],
  ])('district list: "%s" is ambiguous', (typed, candidates) => {
    expect(parseChoice(typed, districts)).toEqual({ kind: 'ambiguous', candidates });
  });

  it.each(['6', '0', 'no 9', 'xyz', '', '🙏', 'ba', 'martapura', 'bjm'])('district list: "%s" matches nothing', (typed) => {
    expect(parseChoice(typed, districts)).toEqual({ kind: 'none' });
  });

  it('a tie between two typo matches is ambiguous', () => {
    const options: ChoiceOption<number>[] = [
      { value: 1, labels: ['pasar'] },
      { value: 2, labels: ['pasir'] },
    ];
    expect(parseChoice('pasur', options)).toEqual({ kind: 'ambiguous', candidates: [1, 2] });
  });

  it('the longer label wins when one label is inside another', () => {
    const options: ChoiceOption<string>[] = [
      { value: 'makanan', labels: ['Makanan'] },
      { value: 'ringan', labels: ['Makanan Ringan'] },
    ];
    expect(parseChoice('jual makanan ringan', options)).toEqual({ kind: 'ok', value: 'ringan' });
  });

  it('no options means nothing matches', () => {
    expect(parseChoice('1', [])).toEqual({ kind: 'none' });
  });
});

describe('parseChoices', () => {
  it.each<[string, string[]]>([
    ['1,3', ['wa', 'fb']],
    ['1, 3', ['wa', 'fb']],
    ['1 3', ['wa', 'fb']],
    ['1 dan 3', ['wa', 'fb']],
    ['3 dan 1', ['fb', 'wa']],
    ['instagram dan shopee', ['ig', 'shopee']],
    ['ig, shopee', ['ig', 'shopee']],
    ['wa & fb', ['wa', 'fb']],
    ['WA + IG', ['wa', 'ig']],
    ['2/4', ['ig', 'shopee']],
    ['ig shopee', ['ig', 'shopee']],
    ['1,1,3', ['wa', 'fb']],
    ['wa, whatsapp, 1', ['wa']],
    ['tokped', ['tokopedia']],
    ['instagrm dan shopee', ['ig', 'shopee']],
    ['Makanan & Minuman', ['food']],
    ['ig, makanan & minuman', ['ig', 'food']],
  ])('"%s" picks %j', (typed, values) => {
    expect(parseChoices(typed, channels)).toEqual({ kind: 'ok', values });
  });

  it.each(['xyz', '1, xyz', '', '9', '1 9'])('"%s" matches nothing', (typed) => {
    expect(parseChoices(typed, channels)).toEqual({ kind: 'none' });
  });

  it('one ambiguous part makes the whole reply ambiguous', () => {
    expect(parseChoices('1, banjarmasin', districts)).toEqual({
      kind: 'ambiguous',
      candidates: ['utara', 'selatan', 'timur', 'barat', 'tengah'],
    });
  });

  it('district names with spaces survive splitting', () => {
    expect(parseChoices('banjarmasin utara dan banjarmasin barat', districts)).toEqual({
      kind: 'ok',
      values: ['utara', 'barat'],
    });
  });
});
