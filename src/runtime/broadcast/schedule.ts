import { text } from '../../engine/core/text.js';
import type { Text } from '../../engine/core/vocabulary.js';
import { parseWorkshopDateTime } from '../../engine/parse/datetime.js';
import { formatLocalDateTime } from '../../time.js';

// When to send a scheduled announcement, as staff type it (`25/12/2026 08.00`, WITA), read
// with the project's date parser; the same on the command line and on the dashboard.

export type ScheduleRead = { readonly ok: true; readonly at: Date } | { readonly ok: false; readonly problem: Text };

export function readScheduleTime(typed: string, now: Date, timeZone: string): ScheduleRead {
  const parsed = parseWorkshopDateTime(typed, now, timeZone);
  switch (parsed.kind) {
    case 'ok':
      return { ok: true, at: parsed.at };
    case 'past':
      return { ok: false, problem: text('broadcast.at_past', { at: formatLocalDateTime(parsed.at, timeZone) }) };
    case 'missing_time':
      return { ok: false, problem: text('broadcast.at_missing_time') };
    case 'impossible_date':
      return { ok: false, problem: text('broadcast.at_impossible', { text: typed }) };
    default:
      return { ok: false, problem: text('broadcast.at_invalid', { text: typed }) };
  }
}
