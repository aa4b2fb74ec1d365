import { describe, expect, it } from 'vitest';
import { plainText } from '../src/cli/plain.js';

// Issue 16 item 7: the command line prints the chat's words without the chat's markup.

describe('plainText', () => {
  it.each([
    ['✅ Pelatihan *#1* tersimpan: *Pemasaran Digital*', '✅ Pelatihan #1 tersimpan: Pemasaran Digital'],
    ['Penerima: *2 orang* — Kecamatan: Banjarmasin Utara', 'Penerima: 2 orang — Kecamatan: Banjarmasin Utara'],
    ['Contoh: _12/12/2026 09.00_', 'Contoh: 12/12/2026 09.00'],
    ['(*tebal*), *a* *b*.', '(tebal), a b.'],
    ['Kode hadir: *4821*\nBerlaku *hari ini*', 'Kode hadir: 4821\nBerlaku hari ini'],
  ])('%s', (input, plain) => {
    expect(plainText(input)).toBe(plain);
  });

  it.each([['+62812****1234 dan +62813****5678'], ['kolom workshop_id dan person_id'], ['2 * 3 * 4'], ['a*b*c']])('leaves %s as it is', (input) => {
    expect(plainText(input)).toBe(input);
  });
});
