// Local time for people in Banjarmasin: `12 Desember 2026, 09.00 WITA`. Intl knows the
// zone rules; we only choose the Indonesian way of writing it.

const ZONE_NAMES: Record<string, string> = { 'Asia/Makassar': 'WITA', 'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Jayapura': 'WIT' };

export function formatLocalDateTime(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('id-ID', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const zone = ZONE_NAMES[timeZone] ?? timeZone;
  return `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}.${parts.minute} ${zone}`;
}
