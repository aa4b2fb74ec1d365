// A check-in period is the month being reported, written `YYYY-MM`: period `2026-11`
// asks about November's omzet and is opened at the start of December. Pure helpers; the
// time zone is an argument because "which month is it" depends on where you stand.

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/u;

export function isPeriod(value: string): boolean {
  return PERIOD.test(value);
}

export function periodParts(period: string): { year: number; month: number } {
  const m = PERIOD.exec(period);
  if (!m) throw new RangeError(`not a period (expected YYYY-MM such as 2026-11): ${period}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function formatPeriod(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function shiftPeriod(period: string, months: number): string {
  const { year, month } = periodParts(period);
  const index = year * 12 + (month - 1) + months;
  return formatPeriod(Math.floor(index / 12), (index % 12) + 1);
}

/** The month `date` falls in, as seen in `timeZone`. */
export function periodAt(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return formatPeriod(get('year'), get('month'));
}

/** The month a run at `date` reports on: the one before the current local month. */
export function reportedPeriodAt(date: Date, timeZone: string): string {
  return shiftPeriod(periodAt(date, timeZone), -1);
}
