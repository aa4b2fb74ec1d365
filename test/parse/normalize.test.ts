import { describe, expect, it } from 'vitest';
import { foldText, normalize, normalizeCommand } from '../../src/engine/parse/normalize.js';

describe('normalize', () => {
  it.each<[string, string]>([
    ['  Halo   Dunia  ', 'halo dunia'],
    ['Rp7.500.000,-', 'rp7.500.000'],
    ['7,5 juta!', '7,5 juta'],
    ['kira-kira 3-4 jt', 'kira-kira 3-4 jt'],
    ['3 - 4 juta', '3 4 juta'],
    ['1/2', '1/2'],
    ['+62 812', '62 812'],
    ["Jum'at", 'jumat'],
    ['Kopi & Roti', 'kopi roti'],
    ['ok 🙏🏽👍', 'ok'],
    ['a\u0000b', 'ab'],
    ['baris\nbaru\tdan tab', 'baris baru dan tab'],
    ['zero\u200Bwidth', 'zerowidth'],
    ['ＦＵＬＬ　ｗｉｄｔｈ １２３', 'full width 123'],
    ['Café Déjà Vu', 'café déjà vu'],
    ['', ''],
  ])('"%s" becomes "%s"', (typed, expected) => {
    expect(normalize(typed)).toBe(expected);
  });
});

describe('normalizeCommand', () => {
  it.each<[string, string]>([
    ['Batal!', 'batal'],
    [' BATAL. ', 'batal'],
    ['batal 🙏', 'batal'],
    ['hapus  data', 'hapus data'],
    ['/start daftar', 'start daftar'],
    ['hapus-data', 'hapus data'],
    ['menu?', 'menu'],
    ['1️⃣', '1'],
    ['7.500', '7 500'],
    ['\u0000menu\u0007', 'menu'],
    ['🙏🙏', ''],
  ])('"%s" becomes "%s"', (typed, expected) => {
    expect(normalizeCommand(typed)).toBe(expected);
  });
});

describe('foldText', () => {
  it.each<[string, string]>([
    ['Rp7.500.000,-', 'rp7.500.000,-'],
    ['± 3 JUTA 🙏', '± 3 juta'],
    ['a\u0000b\nc', 'ab c'],
  ])('"%s" keeps its punctuation as "%s"', (typed, expected) => {
    expect(foldText(typed)).toBe(expected);
  });
});
