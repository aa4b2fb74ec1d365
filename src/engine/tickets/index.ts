import type { CommandDef, EngineCapability, Kit } from '../core/capability.js';
import { unansweredQuestion } from '../core/questions.js';
import { result, say } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { parseSlash } from '../core/staff-side.js';
import { text } from '../core/text.js';
import type { Input } from '../core/vocabulary.js';
import { readIdle } from '../parse/understand/idle.js';
import type { TurnContext } from '../unions.js';
import { openTicket } from './open.js';

// Questions to staff, the person's side: `petugas` (and the ways people ask for a human)
// opens a ticket; while it is open, whatever the bot cannot use goes to it (commands and
// answers to an open question still work); `selesai` closes it; a question the FAQ cannot
// answer opens one. The staff side: `/balas 12 …` or a Telegram reply to the notice,
// `/tutup 12`, `/pertanyaan`, `/faq 12`; to anyone else these are unknown `/words`.

const squash = (t: string) => t.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/gu, ' ').trim();

const ASK_FOR_STAFF =
  /^(?:(?:saya|sy|aku|ulun)\s+)?(?:(?:mau|ingin|pengen|pingin|minta|tolong)\s+)?(?:(?:bicara|bcara|ngobrol|chat|tanya|bertanya|hubungi|sambungkan|disambungkan|talk)\s+)?(?:(?:dengan|dgn|sama|ke|kepada|to|with)\s+)?(?:(?:a|the)\s+)?(?:petugas|admin|cs|operator|customer service|human|staff|manusia)(?:\s+(?:dong|pak|bu|kak|ya|aja|saja|please))?$/u;

/** `petugas`, `tanya petugas`, `admin`, `cs`, "mau bicara dengan petugas" … */
export function parseAskForStaff(input: string): { readonly type: 'ask_for_staff' } | null {
  return ASK_FOR_STAFF.test(squash(input)) ? { type: 'ask_for_staff' } : null;
}

const DONE = new Set(['selesai', 'sudah selesai', 'udah selesai', 'selesai pak', 'selesai bu', 'selesai kak', 'tutup', 'tutup pertanyaan', 'done', 'finish', 'close']);

const askForStaff: CommandDef<{ readonly type: 'ask_for_staff' }> = {
  parse: parseAskForStaff,
  run: (state, _command, ctx, kit) => openTicket(state, '', 'asked', ctx, kit),
};

const closeOwn: CommandDef<{ readonly type: 'close_ticket'; readonly no: number }> = {
  parse: (input, ctx) => {
    const open = ctx?.tickets?.open;
    return open && DONE.has(squash(input)) ? { type: 'close_ticket', no: open.no } : null;
  },
  run: (state, command, _ctx, kit) => kit.resume(state, { type: 'ticket_closed_by_person', ticketNo: command.no }, say(text('tickets.closed_by_person', { no: command.no }))),
};

/** A message nothing else could use: into the open ticket, or a question for the FAQ or staff. */
function unread(state: ConversationState, input: Input, ctx: TurnContext, kit: Kit, inFlow: boolean): TurnResult | null {
  const open = ctx.tickets?.open;
  if (open && !ctx.staff) return addToTicket(state, input, open.no, kit);
  if (inFlow || input.kind !== 'text' || !ctx.person || ctx.staff) return null;
  const vocabulary = ctx.tickets?.vocabulary;
  if (!vocabulary) return null;
  const read = readIdle(input.text, vocabulary);
  if (read.kind !== 'not_answer' || read.what !== 'question') return null;
  const entry = read.faq ? vocabulary.faq.find((f) => f.id === read.faq) : undefined;
  if (entry) return result(state, say(text('tickets.faq_answer', { answer: entry.answer[state.lang] || entry.answer.id })));
  // `halo?`, `apa?`, `kok gitu?` are no question staff could answer: core/questions.ts answers them honestly.
  return unansweredQuestion(state, input.text, ctx, kit);
}

function addToTicket(state: ConversationState, input: Input, no: number, kit: Kit): TurnResult {
  if (input.kind === 'non_text') {
    const media = input.media ?? 'other';
    return kit.resume(state, { type: 'ticket_message_added', ticketNo: no, text: '', media }, say(text('tickets.media_noted', { no, media: { key: `tickets.media.${media}` } })));
  }
  return kit.resume(state, { type: 'ticket_message_added', ticketNo: no, text: input.text }, say(text('tickets.added', { no })));
}

// ── Staff ──────────────────────────────────────────────────────────────────────

type StaffTicketCommand =
  | { readonly type: 'answer'; readonly no: number; readonly text: string }
  | { readonly type: 'close'; readonly no: number }
  | { readonly type: 'list' }
  | { readonly type: 'faq'; readonly no: number }
  | { readonly type: 'usage' };

const ANSWER = new Set(['balas', 'jawab', 'reply', 'answer']);
const CLOSE = new Set(['tutup', 'close']);
const LIST = new Set(['pertanyaan', 'tickets', 'tiket']);
const FAQ = new Set(['faq']);

/** The staff commands of questions to staff; a plain reply to a ticket's notice answers it. */
export function parseStaffTicketCommand(input: string, ctx?: TurnContext, message?: Input): StaffTicketCommand | null {
  const slash = parseSlash(input);
  if (!slash) {
    const replied = message?.replyTo ? ctx?.tickets?.notices[message.replyTo] : undefined;
    return replied !== undefined && input.trim() !== '' ? { type: 'answer', no: replied, text: input.trim() } : null;
  }
  const numbered = /^#?(\d{1,12})(?:\s+([\s\S]*))?$/u.exec(slash.rest);
  const no = numbered ? Number(numbered[1]) : null;
  const rest = numbered?.[2]?.trim() ?? '';
  if (ANSWER.has(slash.name)) return no !== null && rest !== '' ? { type: 'answer', no, text: rest } : { type: 'usage' };
  if (CLOSE.has(slash.name)) return no !== null && rest === '' ? { type: 'close', no } : { type: 'usage' };
  if (FAQ.has(slash.name)) return no !== null && rest === '' ? { type: 'faq', no } : { type: 'usage' };
  if (LIST.has(slash.name) && slash.rest === '') return { type: 'list' };
  return null;
}

const staffTicketCommand: CommandDef<StaffTicketCommand> = {
  parse: parseStaffTicketCommand,
  run: (state, command, ctx, kit) => {
    const staff = ctx.staff!;
    switch (command.type) {
      case 'answer':
        return kit.resume(state, { type: 'ticket_answered', ticketNo: command.no, text: command.text, staffId: staff.id, staffName: staff.name });
      case 'close':
        return kit.resume(state, { type: 'ticket_closed_by_staff', ticketNo: command.no, staffId: staff.id });
      case 'list':
        return kit.resume(state, { type: 'tickets_listed', staffId: staff.id });
      case 'faq':
        return kit.resume(state, { type: 'ticket_made_faq', ticketNo: command.no, staffId: staff.id });
      case 'usage':
        return kit.resume(state, say(text('tickets.staff_usage')));
    }
  },
};

export const tickets: EngineCapability = {
  name: 'tickets',
  commands: [askForStaff, closeOwn],
  staffCommands: [staffTicketCommand],
  unread,
};
