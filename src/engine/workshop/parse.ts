// What people and staff type about workshops. People: `HADIR`, `BATAL HADIR`, `KODE 4821`,
// a rating `4` or `⭐⭐⭐⭐`. Staff: `/pelatihan` and its sub-commands, `/rekap 12`. Times:
// `12/12/2026 09.00`, with an optional end `09.00-12.00`, read by datetime.ts.

import { parseWorkshopDateTime, zonedToInstant, type DateTimeParse } from '../parse/datetime.js';
import { foldText, normalizeCommand } from '../parse/normalize.js';
import { parseIndonesianNumberWords } from '../parse/number.js';

export type RsvpCommand =
  | { readonly type: 'attend'; readonly workshopId: string | null }
  | { readonly type: 'withdraw'; readonly workshopId: string | null }
  | { readonly type: 'code'; readonly code: string };

const ATTEND = new Set(['hadir', 'saya hadir', 'ikut', 'saya ikut', 'mau ikut', 'saya mau ikut', 'ya hadir', 'siap hadir', 'insya allah hadir', 'insyaallah hadir', 'daftar hadir', 'attend', 'rsvp']);
const WITHDRAW = new Set([
  'batal hadir', 'batalkan hadir', 'batal ikut', 'tidak jadi hadir', 'tidak jadi ikut', 'gak jadi hadir', 'ga jadi hadir', 'nggak jadi hadir',
  'tidak bisa hadir', 'tidak hadir', 'berhalangan hadir', 'cancel rsvp', 'cancel attendance',
]);

/**
 * `HADIR`, `hadir 12`, `Hadir #12`, `BATAL HADIR`, `KODE 4821`, `kode: 4821`. Matched against
 * the whole message, like any command: `hadir jam berapa?` is not an RSVP.
 */
export function parseRsvpCommand(text: string): RsvpCommand | null {
  const key = normalizeCommand(text);
  const code = /^(?:kode|code)\s*((?:\d\s*){1,8})$/u.exec(key);
  if (code) return { type: 'code', code: code[1]!.replace(/\s/gu, '') };
  const numbered = /^(.*?)(?:\s+(?:no\s+|nomor\s+)?(\d{1,9}))?$/u.exec(key);
  const words = numbered?.[1] ?? '';
  const id = numbered?.[2] ? String(Number(numbered[2])) : null;
  if (ATTEND.has(words)) return { type: 'attend', workshopId: id };
  if (WITHDRAW.has(words)) return { type: 'withdraw', workshopId: id };
  return null;
}

/** `w12` → `12`. */
export function parseDeepLinkPayload(payload: string | null | undefined): string | null {
  const match = /^w(\d{1,12})$/u.exec(payload?.trim() ?? '');
  return match ? String(Number(match[1])) : null;
}

const STARS = /^[⭐★✩☆*\s]+$/u;

/** `4`, `4/5`, `empat`, `nilai 4`, `⭐⭐⭐⭐`: 1 to 5, or null. */
export function parseRating(text: string): number | null {
  const raw = text.normalize('NFC').trim();
  if (raw !== '' && STARS.test(raw) && /[⭐★]/u.test(raw)) {
    const count = [...raw].filter((c) => c === '⭐' || c === '★').length;
    return count >= 1 && count <= 5 ? count : null;
  }
  // `4/5` is four out of five; `3,5` is no whole rating.
  const key = normalizeCommand(raw.replace(/\s*\/\s*5\s*$/u, ''))
    .replace(/^(?:nilai|nilainya|skor|rating|saya beri|beri|kasih)\s+/u, '')
    .replace(/\s+(?:dari 5|dari lima|bintang)$/u, '')
    .trim();
  const n = /^\d$/u.test(key) ? Number(key) : parseIndonesianNumberWords(key);
  return n !== null && Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

const SKIP_WORDS = new Set(['tidak', 'tidak ada', 'tdk ada', 'gak ada', 'ga ada', 'nggak ada', 'lewati', 'skip', 'tidak usah', 'cukup', 'belum ada', 'no', 'none']);

/** A comment left out on purpose: `lewati`, `tidak ada`, `-`. */
export function isSkip(text: string): boolean {
  const folded = foldText(text);
  return /^[-–—.]+$/u.test(folded) || SKIP_WORDS.has(normalizeCommand(text));
}

export type WorkshopWhen =
  | { readonly kind: 'ok'; readonly startsAt: Date; readonly endsAt: Date | null }
  | { readonly kind: 'end_before_start' }
  | Exclude<DateTimeParse, { kind: 'ok' }>;

// `09.00-12.00`, `09.00 s.d. 12.00`, `pukul 9.00 sampai 12.00`: the end is a time the same day.
const RANGE = /(\d{1,2}[.:]\d{2})\s*(?:-|–|—|s\.?\s?d\.?|sampai|hingga|to)\s*(\d{1,2})[.:](\d{2})\b/u;

/** A workshop's start (and, when typed, its end) in the office's time zone. */
export function parseWorkshopWhen(text: string, now: Date, timeZone: string): WorkshopWhen {
  const lower = text.toLowerCase();
  const range = RANGE.exec(lower);
  const start = parseWorkshopDateTime(range ? lower.replace(range[0], range[1]!) : lower, now, timeZone);
  if (start.kind !== 'ok') return start;
  if (!range) return { kind: 'ok', startsAt: start.at, endsAt: null };
  const hour = Number(range[2]);
  const minute = Number(range[3]);
  if (hour > 23 || minute > 59) return { kind: 'invalid' };
  const day = localDay(start.at, timeZone);
  const endsAt = zonedToInstant({ ...day, hour, minute }, timeZone);
  return endsAt.getTime() > start.at.getTime() ? { kind: 'ok', startsAt: start.at, endsAt } : { kind: 'end_before_start' };
}

function localDay(instant: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(instant).map((p) => [p.type, p.value]),
  );
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

export type WorkshopStaffCommand =
  | { readonly type: 'create' }
  | { readonly type: 'list' }
  | { readonly type: 'help' }
  | { readonly type: 'announce'; readonly workshopId: string | null }
  | { readonly type: 'cancel'; readonly workshopId: string | null }
  | { readonly type: 'code'; readonly workshopId: string | null }
  | { readonly type: 'report'; readonly workshopId: string | null }
  | { readonly type: 'participants'; readonly workshopId: string | null }
  | { readonly type: 'attend'; readonly workshopId: string | null; readonly memberNo: string | null }
  | { readonly type: 'change'; readonly workshopId: string | null; readonly field: ChangeField | null; readonly value: string };

export type ChangeField = 'time' | 'place' | 'capacity' | 'title';

type Sub = Exclude<WorkshopStaffCommand['type'], 'help'> | 'help';

const SUBCOMMANDS: ReadonlyMap<string, Sub> = new Map<string, Sub>([
  ['buat', 'create'], ['baru', 'create'], ['tambah', 'create'], ['create', 'create'], ['new', 'create'],
  ['daftar', 'list'], ['list', 'list'], ['lihat', 'list'], ['semua', 'list'],
  ['umumkan', 'announce'], ['undang', 'announce'], ['announce', 'announce'],
  ['batalkan', 'cancel'], ['batal', 'cancel'], ['cancel', 'cancel'],
  ['kode', 'code'], ['code', 'code'],
  ['hadir', 'attend'], ['absen', 'attend'], ['attend', 'attend'],
  ['rekap', 'report'], ['laporan', 'report'], ['report', 'report'],
  ['peserta', 'participants'], ['participants', 'participants'],
  ['ubah', 'change'], ['ganti', 'change'], ['update', 'change'],
  ['bantuan', 'help'], ['help', 'help'], ['menu', 'help'],
]);

const FIELDS: ReadonlyMap<string, ChangeField> = new Map<string, ChangeField>([
  ['waktu', 'time'], ['jadwal', 'time'], ['tanggal', 'time'], ['jam', 'time'], ['time', 'time'], ['date', 'time'],
  ['tempat', 'place'], ['lokasi', 'place'], ['place', 'place'],
  ['judul', 'title'], ['nama', 'title'], ['title', 'title'],
  ['kapasitas', 'capacity'], ['kursi', 'capacity'], ['kuota', 'capacity'], ['capacity', 'capacity'],
]);

const SLASH = /^\/(pelatihan|workshop|rekap|recap|peserta|participants)(?:@\w+)?(?:\s+([\s\S]*))?$/iu;
const ID = /^#?(\d{1,12})$/u;

/**
 * `/pelatihan` (create), `/pelatihan daftar`, `/pelatihan umumkan 3`, `/pelatihan ubah 3
 * waktu 13/12/2026 10.00`, `/pelatihan batalkan 3`, `/pelatihan kode 3`, `/pelatihan hadir 3
 * BJM-000123`, `/pelatihan rekap 3` and `/rekap 3`, `/peserta 3` (or `/pelatihan peserta 3`). `/rekap` alone is the broadcasts' recap.
 */
export function parseWorkshopStaffCommand(text: string): WorkshopStaffCommand | null {
  const match = SLASH.exec(text.normalize('NFKC').trim());
  if (!match) return null;
  const rest = (match[2] ?? '').trim();
  if (/^(peserta|participants)$/iu.test(match[1]!)) return { type: 'participants', workshopId: idOf(rest.replace(/^(?:pelatihan|workshop)\s+/iu, '')) };
  if (/^re(kap|cap)$/iu.test(match[1]!)) {
    const id = idOf(rest.replace(/^(?:pelatihan|workshop)\s+/iu, ''));
    return id ? { type: 'report', workshopId: id } : null;
  }
  if (rest === '') return { type: 'create' };
  const [word = '', ...args] = rest.split(/\s+/u);
  const sub = SUBCOMMANDS.get(word.toLowerCase()) ?? (idOf(word) ? 'report' : 'help');
  const first = args[0] ?? (sub === 'report' ? word : '');
  const workshopId = idOf(first);
  switch (sub) {
    case 'create':
    case 'list':
    case 'help':
      return { type: sub };
    case 'announce':
    case 'cancel':
    case 'code':
    case 'report':
    case 'participants':
      return { type: sub, workshopId };
    case 'attend':
      return { type: 'attend', workshopId, memberNo: args.slice(1).join(' ').trim() || null };
    case 'change': {
      const field = FIELDS.get((args[1] ?? '').toLowerCase()) ?? null;
      return { type: 'change', workshopId, field, value: args.slice(2).join(' ').trim() };
    }
  }
}

function idOf(word: string): string | null {
  const match = ID.exec(word.trim());
  return match ? String(Number(match[1])) : null;
}
