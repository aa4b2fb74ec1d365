// Global commands, recognised in every conversation state. They are matched against the
// whole message and without typo tolerance: a command interrupts whatever question is open,
// so an answer that merely resembles one (`batalkan pesanan`, `menu makanan`) must reach the
// question instead.

import { foldText, normalizeCommand } from './normalize.js';

export type Command =
  | { type: 'menu' }
  | { type: 'cancel' }
  | { type: 'profile' }
  | { type: 'edit'; field: string | null }
  | { type: 'stop' }
  | { type: 'resume' }
  | { type: 'erase' }
  | { type: 'language'; lang: 'id' | 'en' }
  | { type: 'register' }
  | { type: 'report' }
  | { type: 'start'; payload: string | null };

const FIXED: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['menu', { type: 'menu' }],
  ['bantuan', { type: 'menu' }],
  ['help', { type: 'menu' }],
  ['batal', { type: 'cancel' }],
  ['cancel', { type: 'cancel' }],
  ['profil', { type: 'profile' }],
  ['profile', { type: 'profile' }],
  ['data saya', { type: 'profile' }],
  ['ubah', { type: 'edit', field: null }],
  ['berhenti', { type: 'stop' }],
  ['stop', { type: 'stop' }],
  ['unsubscribe', { type: 'stop' }],
  // Without the slash, `start` is a word typed to resume messages, like `mulai`.
  ['mulai', { type: 'resume' }],
  ['start', { type: 'resume' }],
  ['hapus data', { type: 'erase' }],
  ['hapus data saya', { type: 'erase' }],
  ['hapusdata', { type: 'erase' }],
  ['bahasa en', { type: 'language', lang: 'en' }],
  ['bahasa inggris', { type: 'language', lang: 'en' }],
  ['bahasa english', { type: 'language', lang: 'en' }],
  ['english', { type: 'language', lang: 'en' }],
  ['language en', { type: 'language', lang: 'en' }],
  ['language english', { type: 'language', lang: 'en' }],
  ['bahasa id', { type: 'language', lang: 'id' }],
  ['bahasa indonesia', { type: 'language', lang: 'id' }],
  ['bahasa indo', { type: 'language', lang: 'id' }],
  ['indonesia', { type: 'language', lang: 'id' }],
  ['language id', { type: 'language', lang: 'id' }],
  ['language indonesian', { type: 'language', lang: 'id' }],
  ['daftar', { type: 'register' }],
  // The monthly check-in: starts it, or resumes it where it stopped.
  ['lapor', { type: 'report' }],
  ['laporan', { type: 'report' }],
  ['laporan bulanan', { type: 'report' }],
  ['lapor omzet', { type: 'report' }],
  ['report', { type: 'report' }],
]);

// Telegram sends `/start` or `/start <payload>` when a deep link is opened; a bot username
// may be appended in groups (`/start@WirabotBot`).
const SLASH_START = /^\/start(?:@\w+)?(?:\s+(.*))?$/iu;

/**
 * Recognises a global command in the whole message, or returns null. The edit field is the
 * normalized rest of the message (`ubah nama usaha` → 'nama usaha'); which profile field it
 * names is for the engine to decide.
 */
export function parseCommand(text: string): Command | null {
  if (/^\?+$/u.test(foldText(text))) return { type: 'menu' };

  // Not folded: the payload is an opaque token from a link and keeps its case.
  const original = text.normalize('NFKC').replace(/\s+/gu, ' ').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  const start = SLASH_START.exec(original);
  if (start) {
    const payload = start[1]?.trim() ?? '';
    return { type: 'start', payload: payload === '' ? null : payload };
  }

  const key = normalizeCommand(text);
  const fixed = FIXED.get(key);
  // A copy, so a caller that mutates its command cannot change the table.
  if (fixed !== undefined) return { ...fixed };
  const edit = /^ubah (.+)$/u.exec(key);
  if (edit?.[1] !== undefined) return { type: 'edit', field: edit[1] };
  return null;
}
