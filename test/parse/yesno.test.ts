import { describe, expect, it } from 'vitest';
import { parseYesNo } from '../../src/engine/parse/yesno.js';

describe('parseYesNo', () => {
  it.each([
    'ya', 'Ya', 'YA!!!', 'iya', 'iyaa', 'iyaaa', 'y', 'Y', 'yes', 'ok', 'OK', 'oke', 'okey', 'okay',
    'okeee', 'sip', 'sipp', 'betul', 'benar', 'bener', 'setuju', 'boleh', 'mau', 'inggih', 'nggih',
    'yoi', 'siap', '👍', '👍👍', 'ya 👍', 'iya pak', 'ya bu', 'Iya kak 🙏', 'ok siap', 'iya, boleh',
    'benar sekali', 'siap, terima kasih pak', 'iya saya mau', 'mau dong', 'ih', 'ulun handak',
  ])('"%s" means yes', (typed) => {
    expect(parseYesNo(typed)).toBe('yes');
  });

  it.each([
    'tidak', 'Tidak.', 'tdk', 'gak', 'gakkk', 'ga', 'gk', 'nggak', 'enggak', 'engga', 'ngga', 'no',
    'n', 'N', 'bukan', 'jangan', 'kada', 'kadada', 'belum', 'tidak setuju', 'gak mau', 'tidak mau',
    'belum mau', 'kada handak', 'ga boleh', '👎', 'tidak, terima kasih', 'nggak pak', 'tidak bu 🙏',
    'no thanks',
  ])('"%s" means no', (typed) => {
    expect(parseYesNo(typed)).toBe('no');
  });

  it.each([
    ['ya tidak', 'yes and no together'],
    ['iya gak', 'yes and no together'],
    ['👍👎', 'both thumbs'],
    ['ok tapi nanti', 'a condition'],
    ['mungkin', 'maybe'],
    ['nanti dulu', 'later'],
    ['entahlah', 'not sure'],
    ['', 'nothing'],
    ['   ', 'only spaces'],
    ['🙏', 'only a non-answer emoji'],
    ['pak', 'only a title'],
    ['terima kasih', 'only thanks'],
    ['1', 'a number'],
    ['yaudah gapapa', 'unknown words'],
    ['tidak tahu', 'does not know'],
  ])('"%s" (%s) is unclear', (typed) => {
    expect(parseYesNo(typed)).toBeNull();
  });
});
