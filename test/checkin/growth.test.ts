import { describe, expect, it } from 'vitest';
import { growthStatus, omzetChange, type GrowthStatus } from '../../src/engine/checkin/growth.js';
import { periodAt, reportedPeriodAt, shiftPeriod } from '../../src/engine/checkin/period.js';

// Growth status on prepared histories (the sign-up baseline first, then monthly reports),
// as staff and the person will see it.

const jt = (n: number) => n * 1_000_000;

describe('growth status', () => {
  it.each<[string, number[], GrowthStatus, number | null, number | null]>([
    ['only the sign-up omzet: not enough data', [jt(5)], 'belum_cukup_data', null, null],
    ['no reports at all: not enough data', [], 'belum_cukup_data', null, null],
    ['first check-in 20% above sign-up: berkembang', [jt(5), jt(6)], 'berkembang', jt(6), jt(5)],
    ['first check-in exactly 10% above: still stagnan', [jt(5), jt(5.5)], 'stagnan', jt(5.5), jt(5)],
    ['first check-in just over 10% above: berkembang', [jt(5), jt(5.5) + 1], 'berkembang', jt(5.5) + 1, jt(5)],
    ['first check-in exactly 10% below: still stagnan', [jt(5), jt(4.5)], 'stagnan', jt(4.5), jt(5)],
    ['first check-in just under 10% below: menurun', [jt(5), jt(4.5) - 1], 'menurun', jt(4.5) - 1, jt(5)],
    ['two check-ins: their average against the sign-up', [jt(5), jt(4), jt(7)], 'stagnan', jt(5.5), jt(5)],
    ['three check-ins: all three against the sign-up', [jt(4), jt(5), jt(5), jt(5)], 'berkembang', jt(5), jt(4)],
    ['four check-ins: the last three against the two before', [jt(4), jt(4), jt(5), jt(5), jt(5)], 'berkembang', jt(5), jt(4)],
    ['six check-ins: the last three against the three before', [jt(9), jt(6), jt(6), jt(6), jt(5), jt(5), jt(5)], 'menurun', jt(5), jt(6)],
    ['older reports beyond two windows do not count', [jt(100), jt(5), jt(5), jt(5), jt(5), jt(5), jt(5)], 'stagnan', jt(5), jt(5)],
    ['zero at sign-up, zero since: stagnan', [0, 0], 'stagnan', 0, 0],
    ['zero at sign-up, some omzet since: berkembang', [0, jt(1)], 'berkembang', jt(1), 0],
    ['some omzet at sign-up, zero since: menurun', [jt(2), 0], 'menurun', 0, jt(2)],
    ['zeros among the reports count as zeros', [jt(3), jt(3), 0, jt(3), 0], 'menurun', jt(1), jt(3)],
    ['rupiah amounts too large for exact floating point are still compared exactly', [1e15, 1.1e15], 'stagnan', 1.1e15, 1e15],
  ])('%s', (_title, reports, status, recent, previous) => {
    expect(growthStatus(reports, { bandPercent: 10, window: 3 })).toEqual({ status, recentAverage: recent, previousAverage: previous });
  });

  it('the band is configurable: 5% makes a 6% rise berkembang', () => {
    expect(growthStatus([jt(5), jt(5.3)], { bandPercent: 10, window: 3 }).status).toBe('stagnan');
    expect(growthStatus([jt(5), jt(5.3)], { bandPercent: 5, window: 3 }).status).toBe('berkembang');
  });

  it('the window is configurable: with 1, only the last report against the one before', () => {
    const history = [jt(2), jt(8), jt(8), jt(4)];
    expect(growthStatus(history, { bandPercent: 10, window: 3 }).status).toBe('berkembang');
    expect(growthStatus(history, { bandPercent: 10, window: 1 }).status).toBe('menurun');
  });
});

describe('change in omzet', () => {
  it.each<[number, number, number, number | null]>([
    [jt(9), jt(7.5), jt(1.5), 20],
    [jt(6), jt(7.5), -jt(1.5), -20],
    [jt(1), 0, jt(1), null],
    [0, 0, 0, null],
    [jt(1), jt(3), -jt(2), -66.7],
  ])('%d after %d is a change of %d (%s%)', (current, previous, rupiah, percent) => {
    expect(omzetChange(current, previous)).toEqual({ rupiah, percent });
  });
});

describe('periods', () => {
  it.each([
    ['2026-12-01T01:00:00Z', '2026-11'], // 1 December 09.00 WITA reports on November
    ['2027-01-01T01:00:00Z', '2026-12'],
    ['2026-11-30T16:30:00Z', '2026-11'], // already 1 December 00.30 in Banjarmasin
  ])('a run at %s reports on %s', (iso, period) => {
    expect(reportedPeriodAt(new Date(iso), 'Asia/Makassar')).toBe(period);
  });

  it('months roll over years both ways', () => {
    expect(shiftPeriod('2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('2026-12', 1)).toBe('2027-01');
    expect(periodAt(new Date('2026-06-15T00:00:00Z'), 'Asia/Makassar')).toBe('2026-06');
  });
});
