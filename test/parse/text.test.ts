import { describe, expect, it } from 'vitest';
import { parseBusinessName, parseFreeText, parsePersonName } from '../../src/engine/parse/text.js';

describe('parseFreeText', () => {
  const limits = { maxLength: 30 };

  it.each<[string, string]>([
    ['Kopi & Roti <Asli>', 'Kopi & Roti <Asli>'],
    ['  Warung   "Bu Ani"  ', 'Warung "Bu Ani"'],
    ["Soto Banjar Bang Amat's", "Soto Banjar Bang Amat's"],
    ['baris\nbaru', 'baris baru'],
    ['tab\there', 'tab here'],
    ['nul\u0000byte', 'nulbyte'],
    ['zero\u200Bwidth', 'zerowidth'],
    ['Kue 🍰 Enak', 'Kue 🍰 Enak'],
    ['Café Déjà', 'Café Déjà'],
    ['a', 'a'],
  ])('"%s" is kept as "%s"', (typed, value) => {
    expect(parseFreeText(typed, limits)).toEqual({ kind: 'ok', value });
  });

  it.each(['', '   ', '\n\t', '\u0000', '\u200B'])('%j is empty', (typed) => {
    expect(parseFreeText(typed, limits)).toEqual({ kind: 'empty' });
  });

  it.each(['12345', '...', '-', '!!! ???', '🙏', '🙏🙏 👍', '12 🙏'])('"%s" (no letter) is invalid', (typed) => {
    expect(parseFreeText(typed, limits)).toEqual({ kind: 'invalid' });
  });

  it('exactly maxLength characters is accepted, one more is too long', () => {
    expect(parseFreeText('a'.repeat(30), limits)).toEqual({ kind: 'ok', value: 'a'.repeat(30) });
    expect(parseFreeText('a'.repeat(31), limits)).toEqual({ kind: 'too_long' });
  });

  it('counts an emoji as one character', () => {
    expect(parseFreeText(`${'a'.repeat(29)}🍰`, limits)).toEqual({ kind: 'ok', value: `${'a'.repeat(29)}🍰` });
  });

  it('measures length after collapsing whitespace', () => {
    expect(parseFreeText(`a${' '.repeat(50)}b`, limits)).toEqual({ kind: 'ok', value: 'a b' });
  });

  it('below minLength is invalid', () => {
    expect(parseFreeText('ab', { maxLength: 10, minLength: 3 })).toEqual({ kind: 'invalid' });
  });
});

describe('parsePersonName', () => {
  it.each<[string, string]>([
    ['Siti Aminah', 'Siti Aminah'],
    ['  muhammad   rizky  ', 'muhammad rizky'],
    ["Nur'aini", "Nur'aini"],
    ['H. Ahmad, S.E.', 'H. Ahmad, S.E.'],
    ['Jo', 'Jo'],
  ])('"%s" is the name "%s"', (typed, value) => {
    expect(parsePersonName(typed)).toEqual({ kind: 'ok', value });
  });

  it.each<[string, string]>([
    ['A', 'invalid'],
    ['123', 'invalid'],
    ['🙂🙂', 'invalid'],
    ['', 'empty'],
    ['x'.repeat(101), 'too_long'],
  ])('"%s" is %s', (typed, kind) => {
    expect(parsePersonName(typed)).toEqual({ kind });
  });
});

describe('parseBusinessName', () => {
  it.each<[string, string]>([
    ['Toko 212', 'Toko 212'],
    ['Kopi & Roti <Asli>', 'Kopi & Roti <Asli>'],
    ['7 Eleven', '7 Eleven'],
    ['CV. Maju Jaya', 'CV. Maju Jaya'],
    ['UD', 'UD'],
  ])('"%s" is the business "%s"', (typed, value) => {
    expect(parseBusinessName(typed)).toEqual({ kind: 'ok', value });
  });

  it.each<[string, string]>([
    ['212', 'invalid'],
    ['7-11', 'invalid'],
    ['K', 'invalid'],
    ['🏪', 'invalid'],
    ['  ', 'empty'],
    ['x'.repeat(121), 'too_long'],
  ])('"%s" is %s', (typed, kind) => {
    expect(parseBusinessName(typed)).toEqual({ kind });
  });

  it('accepts 120 characters', () => {
    expect(parseBusinessName('x'.repeat(120))).toEqual({ kind: 'ok', value: 'x'.repeat(120) });
  });
});
