import { describe, expect, it } from 'vitest';
import { displayPhone, maskPhone, parseIndonesianPhone } from '../../src/engine/parse/phone.js';

describe('parseIndonesianPhone', () => {
  it.each<[string, string]>([
    ['0812-3456-7890', '+6281234567890'],
    ['0812 3456 7890', '+6281234567890'],
    ['081234567890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['+62-812-3456-7890', '+6281234567890'],
    ['+6281234567890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['62 812 3456 7890', '+6281234567890'],
    ['+62 0812 3456 7890', '+6281234567890'],
    ['0812.3456.7890', '+6281234567890'],
    ['no saya 0812-3456-7890', '+6281234567890'],
    ['No HP: 0812 3456 7890 ya pak 🙏', '+6281234567890'],
    ['085712345678', '+6285712345678'],
    ['(0511) 3252123', '+625113252123'],
    ['0511-3252123', '+625113252123'],
    ['telp kantor (0511) 325-2123', '+625113252123'],
    ['021 5551234', '+62215551234'],
  ])('"%s" is %s', (typed, e164) => {
    expect(parseIndonesianPhone(typed)).toEqual({ kind: 'ok', e164 });
  });

  it.each([
    ['+1 415 555 2671', 'a US number'],
    ['+60 12-345 6789', 'a Malaysian number'],
    ['0812345', 'too short'],
    ['0812', 'too short'],
    ['0812abc7890', 'letters inside the number'],
    ['abc', 'no digits'],
    ['', 'nothing'],
    ['0812-3456-7890 atau 0813-1111-2222', 'two numbers'],
    ['081234567890123456', 'too long'],
    ['12345678', 'not a phone number'],
  ])('"%s" (%s) is invalid', (typed) => {
    expect(parseIndonesianPhone(typed)).toEqual({ kind: 'invalid' });
  });
});

describe('maskPhone', () => {
  it.each<[string, string]>([
    ['+6281234567890', '+62812****7890'],
    ['+628123456789', '+62812***6789'],
    ['+625113252123', '+62511***2123'],
    ['+14155552671', '*******2671'],
    ['123', '123'],
  ])('%s is logged as %s', (e164, masked) => {
    expect(maskPhone(e164)).toBe(masked);
  });
});

describe('showing a stored number', () => {
  it.each([
    ['+6282155551234', '0821-5555-1234'],
    ['+6281234567890', '0812-3456-7890'],
  ])('%s is shown as %s', (e164, shown) => {
    expect(displayPhone(e164)).toBe(shown);
  });
});
