import { describe, expect, it } from 'vitest';
import { parseDeepLinkPayload, parseRating, parseRsvpCommand, parseWorkshopStaffCommand, parseWorkshopWhen } from '../../src/engine/workshop/parse.js';

// What people and staff type about workshops, read exactly or not at all.

const NOW = new Date('2026-11-27T02:00:00Z'); // Friday 27 November 2026, 10.00 WITA
const TZ = 'Asia/Makassar';

describe('RSVP words', () => {
  it.each([
    ['HADIR', { type: 'attend', workshopId: null }],
    ['hadir!', { type: 'attend', workshopId: null }],
    ['Saya hadir 🙏', { type: 'attend', workshopId: null }],
    ['hadir 12', { type: 'attend', workshopId: '12' }],
    ['HADIR #12', { type: 'attend', workshopId: '12' }],
    ['BATAL HADIR', { type: 'withdraw', workshopId: null }],
    ['tidak jadi hadir', { type: 'withdraw', workshopId: null }],
    ['batal hadir 7', { type: 'withdraw', workshopId: '7' }],
    ['KODE 4821', { type: 'code', code: '4821' }],
    ['kode: 4821', { type: 'code', code: '4821' }],
    ['Kode4821', { type: 'code', code: '4821' }],
    ['KODE 123', { type: 'code', code: '123' }],
  ])('"%s"', (typed, command) => {
    expect(parseRsvpCommand(typed)).toEqual(command);
  });

  it.each(['hadir jam berapa?', 'batal', 'kode', 'kode rahasia', '1', 'daftar'])('"%s" is not one', (typed) => {
    expect(parseRsvpCommand(typed)).toBeNull();
  });

  it('deep-link payloads start with a letter', () => {
    expect(parseDeepLinkPayload('w12')).toBe('12');
    expect(parseDeepLinkPayload('12')).toBeNull();
    expect(parseDeepLinkPayload('x12')).toBeNull();
    expect(parseDeepLinkPayload(undefined)).toBeNull();
  });
});

describe('ratings', () => {
  it.each([
    ['5', 5], ['1', 1], ['empat', 4], ['nilai 3', 3], ['4/5', 4], ['2 dari 5', 2], ['⭐⭐⭐', 3], ['⭐', 1], ['5 bintang', 5],
  ])('"%s" → %i', (typed, rating) => {
    expect(parseRating(typed)).toBe(rating);
  });

  it.each(['0', '6', '10', 'bagus', '⭐⭐⭐⭐⭐⭐', '3,5', ''])('"%s" is no rating', (typed) => {
    expect(parseRating(typed)).toBeNull();
  });
});

describe('workshop times with an optional end', () => {
  it.each([
    ['12/12/2026 09.00', '2026-12-12T01:00:00.000Z', null],
    ['12-12-2026 9:00', '2026-12-12T01:00:00.000Z', null],
    ['12/12/2026 09.00-12.00', '2026-12-12T01:00:00.000Z', '2026-12-12T04:00:00.000Z'],
    ['12 Desember 2026 pukul 09.00 s.d. 11.30 WITA', '2026-12-12T01:00:00.000Z', '2026-12-12T03:30:00.000Z'],
    ['besok 09.00', '2026-11-28T01:00:00.000Z', null],
    ['Sabtu 13.30', '2026-11-28T05:30:00.000Z', null],
  ])('"%s"', (typed, start, end) => {
    const read = parseWorkshopWhen(typed, NOW, TZ);
    expect(read).toEqual({ kind: 'ok', startsAt: new Date(start), endsAt: end ? new Date(end) : null });
  });

  it.each([
    ['20/11/2026 09.00', 'past'],
    ['31/02/2027 09.00', 'impossible_date'],
    ['12/12/2026', 'missing_time'],
    ['12/12/2026 12.00-09.00', 'end_before_start'],
    ['kapan-kapan', 'invalid'],
  ])('"%s" is %s', (typed, kind) => {
    expect(parseWorkshopWhen(typed, NOW, TZ).kind).toBe(kind);
  });
});

describe('staff commands', () => {
  it.each([
    ['/pelatihan', { type: 'create' }],
    ['/pelatihan buat', { type: 'create' }],
    ['/pelatihan daftar', { type: 'list' }],
    ['/pelatihan@WirabotBot umumkan 3', { type: 'announce', workshopId: '3' }],
    ['/pelatihan umumkan', { type: 'announce', workshopId: null }],
    ['/pelatihan kode #3', { type: 'code', workshopId: '3' }],
    ['/pelatihan hadir 3 BJM-000123', { type: 'attend', workshopId: '3', memberNo: 'BJM-000123' }],
    ['/pelatihan ubah 3 waktu 13/12/2026 10.00', { type: 'change', workshopId: '3', field: 'time', value: '13/12/2026 10.00' }],
    ['/pelatihan ubah 3 kapasitas 40', { type: 'change', workshopId: '3', field: 'capacity', value: '40' }],
    ['/pelatihan batalkan 3', { type: 'cancel', workshopId: '3' }],
    ['/pelatihan 3', { type: 'report', workshopId: '3' }],
    ['/rekap 3', { type: 'report', workshopId: '3' }],
    ['/rekap pelatihan 3', { type: 'report', workshopId: '3' }],
    ['/pelatihan apa ini', { type: 'help' }],
  ])('"%s"', (typed, command) => {
    expect(parseWorkshopStaffCommand(typed)).toEqual(command);
  });

  it('"/rekap" alone and "/umumkan" are not workshop commands', () => {
    expect(parseWorkshopStaffCommand('/rekap')).toBeNull();
    expect(parseWorkshopStaffCommand('/umumkan')).toBeNull();
    expect(parseWorkshopStaffCommand('pelatihan')).toBeNull();
  });
});
