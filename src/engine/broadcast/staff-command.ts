// Staff commands always start with a slash, so no entrepreneur types one by accident and
// an announcement text is never mistaken for one. For anyone who is not staff they are
// not commands at all: the engine answers them like any unknown `/word`.

export type StaffCommand =
  /** `/umumkan` alone, or with the announcement text after it. */
  | { readonly type: 'announce'; readonly text: string | null }
  /** `/status` (the latest broadcast) or `/status 12`. */
  | { readonly type: 'status'; readonly broadcastId: string | null }
  | { readonly type: 'recap' }
  | { readonly type: 'cancel' }
  | { readonly type: 'menu' };

type Name = StaffCommand['type'];

const NAMES: ReadonlyMap<string, Name> = new Map<string, Name>([
  ['umumkan', 'announce'],
  ['pengumuman', 'announce'],
  ['announce', 'announce'],
  ['status', 'status'],
  ['rekap', 'recap'],
  ['recap', 'recap'],
  ['batal', 'cancel'],
  ['cancel', 'cancel'],
  ['menu', 'menu'],
  ['bantuan', 'menu'],
  ['help', 'menu'],
  ['staf', 'menu'],
]);

// `/umumkan@WirabotBot` is how Telegram writes a command picked from the bot's menu.
const SLASH = /^\/([a-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/iu;

export function parseStaffCommand(text: string): StaffCommand | null {
  const match = SLASH.exec(text.normalize('NFKC').trim());
  const name = match ? NAMES.get(match[1]!.toLowerCase()) : undefined;
  if (!match || !name) return null;
  const rest = match[2]?.trim() ?? '';
  switch (name) {
    case 'announce':
      return { type: 'announce', text: rest === '' ? null : rest };
    case 'status': {
      if (rest === '') return { type: 'status', broadcastId: null };
      const id = /^#?\s*(\d{1,12})$/u.exec(rest)?.[1];
      return id ? { type: 'status', broadcastId: String(Number(id)) } : null;
    }
    default:
      return rest === '' ? { type: name } : null;
  }
}
