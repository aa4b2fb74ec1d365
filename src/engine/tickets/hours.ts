import { zonedToInstant } from '../parse/datetime.js';

// Office hours as data: on which weekdays the office answers, from when to when (local
// time), and the holidays. Read from OFFICE_HOURS (`Senin–Jumat, 08.00–16.00 WITA`, or
// several parts: `Senin–Kamis 08.00–16.00; Jumat 08.00–11.00`) and OFFICE_HOLIDAYS
// (`2026-12-25,2027-01-01`). Pure: the instant to judge always comes in as an argument.

export interface OfficeWindow {
  /** Minutes after local midnight. */
  readonly open: number;
  readonly close: number;
}

export interface OfficeHours {
  /** As staff wrote it, shown to people. */
  readonly text: string;
  /** By weekday, 0 = Sunday; a day without a window is closed. */
  readonly days: readonly (OfficeWindow | null)[];
  /** `YYYY-MM-DD`, local dates. */
  readonly holidays: readonly string[];
  readonly timeZone: string;
}

const DAY_NAMES: Readonly<Record<string, number>> = {
  minggu: 0, ahad: 0, sunday: 0, sun: 0, min: 0,
  senin: 1, monday: 1, mon: 1, sen: 1,
  selasa: 2, tuesday: 2, tue: 2, sel: 2,
  rabu: 3, wednesday: 3, wed: 3, rab: 3,
  kamis: 4, thursday: 4, thu: 4, kam: 4,
  jumat: 5, "jum'at": 5, friday: 5, fri: 5, jum: 5,
  sabtu: 6, saturday: 6, sat: 6, sab: 6,
};

const PART = /^\s*([a-z']+)\s*(?:(?:-|–|—|s\.?d\.?|sampai|to)\s*([a-z']+))?\s*,?\s*(\d{1,2})[.:](\d{2})\s*(?:-|–|—|s\.?d\.?|sampai|to)\s*(\d{1,2})[.:](\d{2})\s*(?:wita|wib|wit)?\s*$/iu;

/** Reads OFFICE_HOURS; a message saying what is wrong when it cannot. */
export function parseOfficeHours(text: string): { days: (OfficeWindow | null)[] } | string {
  const days: (OfficeWindow | null)[] = [null, null, null, null, null, null, null];
  for (const part of text.split(/[;\n]/u).filter((p) => p.trim() !== '')) {
    const m = PART.exec(part.toLowerCase());
    if (!m) return `cannot read "${part.trim()}" (expected e.g. "Senin–Jumat, 08.00–16.00 WITA")`;
    const from = DAY_NAMES[m[1]!];
    const to = m[2] === undefined ? from : DAY_NAMES[m[2]];
    if (from === undefined || to === undefined) return `unknown day in "${part.trim()}"`;
    const open = Number(m[3]) * 60 + Number(m[4]);
    const close = Number(m[5]) * 60 + Number(m[6]);
    if (close <= open || close > 24 * 60) return `the office must close after it opens in "${part.trim()}"`;
    for (let d = from; ; d = (d + 1) % 7) {
      days[d] = { open, close };
      if (d === to) break;
    }
  }
  return days.some(Boolean) ? { days } : 'no working day given';
}

interface LocalDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function localDay(instant: Date, timeZone: string): LocalDay & { minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

function addDays(d: LocalDay, n: number): LocalDay {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

const iso = (d: LocalDay) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** The window of a local date, or null when the office is closed that day. */
function windowOf(hours: OfficeHours, d: LocalDay): OfficeWindow | null {
  if (hours.holidays.includes(iso(d))) return null;
  return hours.days[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()] ?? null;
}

function at(d: LocalDay, minute: number, timeZone: string): Date {
  return zonedToInstant({ ...d, hour: Math.floor(minute / 60), minute: minute % 60 }, timeZone);
}

/** Whether staff are at work at this instant. */
export function isOfficeOpen(hours: OfficeHours, now: Date): boolean {
  const local = localDay(now, hours.timeZone);
  const w = windowOf(hours, local);
  return w !== null && local.minute >= w.open && local.minute < w.close;
}

/** The next instant the office opens after `now` (now itself when open); null if never within a year. */
export function nextOpening(hours: OfficeHours, now: Date): Date | null {
  if (isOfficeOpen(hours, now)) return now;
  const local = localDay(now, hours.timeZone);
  for (let n = 0; n < 366; n++) {
    const d = addDays(local, n);
    const w = windowOf(hours, d);
    if (w && (n > 0 || local.minute < w.open)) return at(d, w.open, hours.timeZone);
  }
  return null;
}

/** Working time between two instants, in ms: only the parts inside office hours count. */
export function workingMs(hours: OfficeHours, from: Date, to: Date): number {
  if (to <= from) return 0;
  let total = 0;
  const first = localDay(from, hours.timeZone);
  for (let n = 0; n < 400; n++) {
    const d = addDays(first, n);
    const w = windowOf(hours, d);
    if (w) {
      const open = at(d, w.open, hours.timeZone).getTime();
      if (open >= to.getTime()) break;
      const close = at(d, w.close, hours.timeZone).getTime();
      total += Math.max(0, Math.min(close, to.getTime()) - Math.max(open, from.getTime()));
    } else if (at(d, 0, hours.timeZone) >= to) break;
  }
  return total;
}

/** One working day: the longest day's hours (TICKET_REMIND_AFTER `1d`). */
export function workingDayMs(hours: OfficeHours): number {
  return Math.max(...hours.days.map((w) => (w ? w.close - w.open : 0))) * 60_000;
}
