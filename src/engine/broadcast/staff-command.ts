import { parseSlash, parseStaffWord } from '../core/staff-side.js';

// Staff commands always start with a slash, so no entrepreneur types one by accident and
// an announcement text is never mistaken for one. For anyone who is not staff they are
// not commands at all: the engine answers them like any unknown `/word`.

export type BroadcastCommand =
  /** `/umumkan` alone, or with the announcement text after it. */
  | { readonly type: 'announce'; readonly text: string | null }
  /** `/status` (the latest broadcast) or `/status 12`. */
  | { readonly type: 'status'; readonly broadcastId: string | null }
  | { readonly type: 'recap' };

/** A broadcast command, or the staff side's own `/batal` and `/menu`. */
export type StaffCommand = BroadcastCommand | { readonly type: 'cancel' } | { readonly type: 'menu' };

const NAMES: ReadonlyMap<string, BroadcastCommand['type']> = new Map<string, BroadcastCommand['type']>([
  ['umumkan', 'announce'],
  ['pengumuman', 'announce'],
  ['announce', 'announce'],
  ['status', 'status'],
  ['rekap', 'recap'],
  ['recap', 'recap'],
]);

export function parseBroadcastCommand(input: string): BroadcastCommand | null {
  const slash = parseSlash(input);
  const name = slash ? NAMES.get(slash.name) : undefined;
  if (!slash || !name) return null;
  const rest = slash.rest;
  switch (name) {
    case 'announce':
      return { type: 'announce', text: rest === '' ? null : rest };
    case 'status': {
      if (rest === '') return { type: 'status', broadcastId: null };
      const id = /^#?\s*(\d{1,12})$/u.exec(rest)?.[1];
      return id ? { type: 'status', broadcastId: String(Number(id)) } : null;
    }
    case 'recap':
      // `/rekap 3` is a workshop's report: the workshop side reads it.
      return rest === '' ? { type: 'recap' } : null;
  }
}

/** How a slash command reads to a staff member in a broadcast: one of its own, or `/batal` / `/menu`. */
export function parseStaffCommand(input: string): StaffCommand | null {
  return parseBroadcastCommand(input) ?? parseStaffWord(input);
}
