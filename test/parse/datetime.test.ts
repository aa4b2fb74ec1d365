import { describe, expect, it } from 'vitest';
import { parseWorkshopDateTime } from '../../src/engine/parse/datetime.js';

// "Now" is Friday 27 November 2026, 10.00 WITA (02.00 UTC).
const NOW = new Date('2026-11-27T02:00:00Z');
const TZ = 'Asia/Makassar';
const wita = (iso: string) => new Date(`${iso}+08:00`).toISOString();

describe('workshop date and time, as staff type them (WITA)', () => {
  it.each([
    ['12/12/2026 09.00', '2026-12-12T09:00'],
    ['12-12-2026 9:00', '2026-12-12T09:00'],
    ['12.12.2026 13.30', '2026-12-12T13:30'],
    ['12/12/26 09.00', '2026-12-12T09:00'],
    ['12 Desember 2026 pukul 09.00', '2026-12-12T09:00'],
    ['12 des 2026 jam 9', '2026-12-12T09:00'],
    ['5 januari 09.00', '2027-01-05T09:00'],
    ['besok 09.00', '2026-11-28T09:00'],
    ['Besok jam 2 siang', '2026-11-28T14:00'],
    ['lusa 19.00', '2026-11-29T19:00'],
    ['hari ini 15.00', '2026-11-27T15:00'],
    ['Sabtu 13.30', '2026-11-28T13:30'],
    ['senin depan jam 8', '2026-11-30T08:00'],
    ['Jumat 16.00', '2026-11-27T16:00'],
    ['Kamis 09.00', '2026-12-03T09:00'],
    ['sabtu jam 7 malam', '2026-11-28T19:00'],
    ['12/12/2026 09.00 WITA', '2026-12-12T09:00'],
  ])('"%s" is %s WITA', (typed, expected) => {
    const result = parseWorkshopDateTime(typed, NOW, TZ);
    expect(result.kind).toBe('ok');
    expect(result.kind === 'ok' ? result.at.toISOString() : null).toBe(wita(expected));
  });

  it.each([
    ['1/11/2026 09.00', 'past'],
    ['hari ini 08.00', 'past'],
    ['Jumat 09.00', 'past'],
    ['31/02/2027 09.00', 'impossible_date'],
    ['30 februari 2027 10.00', 'impossible_date'],
    ['12/13/2026 09.00', 'impossible_date'],
    ['12/12/2026', 'missing_time'],
    ['besok', 'missing_time'],
    ['12/12/2026 25.00', 'invalid'],
    ['12/12/2026 09.75', 'invalid'],
    ['kapan-kapan', 'invalid'],
    ['', 'invalid'],
  ])('"%s" is refused as %s', (typed, kind) => {
    expect(parseWorkshopDateTime(typed, NOW, TZ).kind).toBe(kind);
  });
});
