// Dates and times as office staff type them for a workshop: `12/12/2026 09.00`,
// `12-12-2026 9:00`, `12 Desember 2026 pukul 09.00`, `besok 09.00`, `Sabtu 13.30`,
// `lusa jam 2 siang`. The wall-clock time is in the office's zone (WITA by default); the
// result is an instant. Pure: "now" and the zone come in as arguments.

export type DateTimeParse =
  | { readonly kind: 'ok'; readonly at: Date }
  | { readonly kind: 'past'; readonly at: Date }
  | { readonly kind: 'impossible_date' }
  | { readonly kind: 'missing_time' }
  | { readonly kind: 'invalid' };

const MONTHS: Readonly<Record<string, number>> = {
  januari: 1, jan: 1, februari: 2, feb: 2, pebruari: 2, maret: 3, mar: 3, april: 4, apr: 4, mei: 5, juni: 6, jun: 6,
  juli: 7, jul: 7, agustus: 8, agu: 8, agt: 8, ags: 8, september: 9, sep: 9, sept: 9, oktober: 10, okt: 10,
  november: 11, nov: 11, nopember: 11, desember: 12, des: 12,
};

const WEEKDAYS: Readonly<Record<string, number>> = { minggu: 0, ahad: 0, senin: 1, selasa: 2, rabu: 3, kamis: 4, jumat: 5, "jum'at": 5, sabtu: 6 };

const RELATIVE_DAYS: Readonly<Record<string, number>> = { 'hari ini': 0, 'besok': 1, 'besok pagi': 1, 'lusa': 2 };

interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function parseWorkshopDateTime(text: string, now: Date, timeZone: string): DateTimeParse {
  const cleaned = text.toLowerCase().replace(/[,]/g, ' ').replace(/\b(wita|wib|wit)\b/g, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned === '') return { kind: 'invalid' };
  const today = localDate(now, timeZone);
  const date = findDate(cleaned, today);
  if (date === 'impossible') return { kind: 'impossible_date' };
  if (!date) return { kind: 'invalid' };
  const time = findTime(date.rest);
  if (time === 'invalid') return { kind: 'invalid' };
  if (!time) return { kind: 'missing_time' };
  const at = zonedToInstant({ ...date.date, hour: time.hour, minute: time.minute }, timeZone);
  return at.getTime() <= now.getTime() ? { kind: 'past', at } : { kind: 'ok', at };
}

function findDate(text: string, today: LocalDate): { date: LocalDate; rest: string } | 'impossible' | null {
  const numeric = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/.exec(text);
  if (numeric) {
    const year = Number(numeric[3]!.length === 2 ? `20${numeric[3]}` : numeric[3]);
    return checked({ year, month: Number(numeric[2]), day: Number(numeric[1]) }, text.replace(numeric[0], ' '));
  }
  const named = /(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?/.exec(text);
  if (named && MONTHS[named[2]!] !== undefined) {
    const month = MONTHS[named[2]!]!;
    const day = Number(named[1]);
    // Without a year: this year's date, or next year's once this year's has passed.
    const year = named[3] ? Number(named[3]) : isBefore({ year: today.year, month, day }, today) ? today.year + 1 : today.year;
    return checked({ year, month, day }, text.replace(named[0], ' '));
  }
  for (const [word, offset] of Object.entries(RELATIVE_DAYS).sort((a, b) => b[0].length - a[0].length)) {
    if (new RegExp(`(^|\\s)${word}(\\s|$)`).test(text)) return { date: addDays(today, offset), rest: text.replace(word, ' ') };
  }
  const weekday = new RegExp(`(?:^|\\s)(?:hari\\s+)?(${Object.keys(WEEKDAYS).join('|')})(?:\\s+(?:ini|depan))?(?=\\s|$)`).exec(text);
  if (weekday) {
    const target = WEEKDAYS[weekday[1]!]!;
    const ahead = (target - dayOfWeek(today) + 7) % 7;
    return { date: addDays(today, ahead), rest: text.replace(weekday[0], ' ') };
  }
  return null;
}

function checked(date: LocalDate, rest: string): { date: LocalDate; rest: string } | 'impossible' {
  const probe = new Date(Date.UTC(date.year, date.month - 1, date.day));
  const real = probe.getUTCFullYear() === date.year && probe.getUTCMonth() === date.month - 1 && probe.getUTCDate() === date.day;
  return real ? { date, rest } : 'impossible';
}

/** `09.00`, `9:00`, `jam 9`, `pukul 13.30`, `2 siang`, `7 malam`. */
function findTime(text: string): { hour: number; minute: number } | 'invalid' | null {
  const match = /(?:jam|pukul|pkl\.?)?\s*(\d{1,2})(?:[.:](\d{2}))?\s*(pagi|siang|sore|malam)?(?=\s|$)/.exec(text.trim());
  if (!match) return null;
  const hasMarker = /jam|pukul|pkl/.test(match[0]) || match[2] !== undefined || match[3] !== undefined;
  if (!hasMarker) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const part = match[3];
  if (part === 'siang' && hour < 11) hour += 12;
  if ((part === 'sore' || part === 'malam') && hour < 12) hour += 12;
  if (hour > 23 || minute > 59) return 'invalid';
  return { hour, minute };
}

function localDate(instant: Date, timeZone: string): LocalDate {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(instant).map((p) => [p.type, p.value]),
  );
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function dayOfWeek(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

function isBefore(a: LocalDate, b: LocalDate): boolean {
  return Date.UTC(a.year, a.month - 1, a.day) < Date.UTC(b.year, b.month - 1, b.day);
}

/** The instant at which the zone's clocks show this wall time (Intl knows the offsets). */
export function zonedToInstant(wall: LocalDate & { hour: number; minute: number }, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const offset = zoneOffsetMs(new Date(asUtc), timeZone);
  const guess = new Date(asUtc - offset);
  // Once more, in case the offset differs at the guessed instant (a DST edge elsewhere).
  return new Date(asUtc - zoneOffsetMs(guess, timeZone));
}

function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const shown = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return shown - Math.floor(instant.getTime() / 1000) * 1000;
}
