import { describe, expect, it } from 'vitest';
import { parseAnnouncement, personalise } from '../../src/engine/broadcast/announcement.js';
import { parseStaffCommand } from '../../src/engine/broadcast/staff-command.js';

describe('staff commands', () => {
  it.each([
    ['/umumkan', { type: 'announce', text: null }],
    ['/UMUMKAN', { type: 'announce', text: null }],
    ['/umumkan@WirabotBjmBot', { type: 'announce', text: null }],
    ['/umumkan Halo {nama},\nada pelatihan.', { type: 'announce', text: 'Halo {nama},\nada pelatihan.' }],
    ['/status', { type: 'status', broadcastId: null }],
    ['/status 12', { type: 'status', broadcastId: '12' }],
    ['/status #12', { type: 'status', broadcastId: '12' }],
    ['/rekap', { type: 'recap' }],
    ['/batal', { type: 'cancel' }],
    ['/menu', { type: 'menu' }],
  ])('%j', (typed, command) => {
    expect(parseStaffCommand(typed)).toEqual(command);
  });

  it.each(['umumkan', 'status 12', '/status dua belas', '/rekap semua', '/hapus', 'rekap', ''])('%j is not a staff command', (typed) => {
    expect(parseStaffCommand(typed)).toBeNull();
  });
});

describe('announcement text', () => {
  it('keeps line breaks and emphasis, drops invisible characters and trailing spaces', () => {
    expect(parseAnnouncement('  *Pelatihan* untuk {usaha}\u200B  \r\n\r\n\r\n\r\nDaftar: 0812  ')).toEqual({ kind: 'ok', value: '*Pelatihan* untuk {usaha}\n\nDaftar: 0812' });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['{nama} {usaha}', 'no_words'],
    ['12.000', 'no_words'],
    ['x'.repeat(2001), 'too_long'],
  ])('%j is %s', (typed, kind) => {
    expect(parseAnnouncement(typed).kind).toBe(kind);
  });

  it('names every unknown placeholder once', () => {
    expect(parseAnnouncement('Halo {Alamat} {alamat} {tanggal} {nama}')).toEqual({ kind: 'unknown_placeholders', names: ['alamat', 'tanggal'] });
  });

  it('fills in {nama} and {usaha}, whatever their case and spacing', () => {
    expect(personalise('Halo { Nama }, untuk {USAHA} dan {usaha}.', { nama: 'Siti', usaha: 'Kopi & Roti <Asli>' })).toBe('Halo Siti, untuk Kopi & Roti <Asli> dan Kopi & Roti <Asli>.');
  });

  it('does not expand placeholders inside a name', () => {
    expect(personalise('Halo {nama}', { nama: '{usaha}', usaha: 'X' })).toBe('Halo {usaha}');
  });
});
