import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { officeHours } from '../../src/runtime/tickets/index.js';

// The settings of questions to staff are checked at start-up like every other: a wrong one
// fails with its name and an example.

describe('OFFICE_HOURS, OFFICE_HOLIDAYS and TICKET_REMIND_AFTER', () => {
  it('defaults: Monday to Friday 08.00–16.00 WITA, no holidays, one working day', () => {
    const config = loadConfig({});
    expect(config.TICKET_REMIND_AFTER).toEqual({ workingDays: 1, workingMs: 0 });
    expect(config.OFFICE_HOLIDAYS).toEqual([]);
    const hours = officeHours(config);
    expect(hours.days.map((d) => (d ? `${d.open}-${d.close}` : null))).toEqual([null, '480-960', '480-960', '480-960', '480-960', '480-960', null]);
    expect(hours.timeZone).toBe('Asia/Makassar');
  });

  it('reads other hours, holidays and a reminder in working hours', () => {
    const config = loadConfig({ OFFICE_HOURS: 'Senin-Kamis 07:30-16:00; Jumat 07:30-11:00', OFFICE_HOLIDAYS: '2026-12-25, 2027-01-01', TICKET_REMIND_AFTER: '4h' });
    expect(officeHours(config).days[5]).toEqual({ open: 450, close: 660 });
    expect(config.OFFICE_HOLIDAYS).toEqual(['2026-12-25', '2027-01-01']);
    expect(config.TICKET_REMIND_AFTER).toEqual({ workingDays: 0, workingMs: 4 * 3_600_000 });
  });

  it.each([
    ['OFFICE_HOURS', 'kadang buka'],
    ['OFFICE_HOURS', 'Senin–Jumat, 16.00–08.00'],
    ['OFFICE_HOLIDAYS', '25/12/2026'],
    ['TICKET_REMIND_AFTER', 'sehari'],
    ['TICKET_REMIND_AFTER', '0d'],
  ])('%s=%s is refused with its name', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Configuration error: ${name} `));
  });
});
