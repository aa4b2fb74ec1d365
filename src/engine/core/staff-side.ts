import { parseCommand, type Command } from '../parse/command.js';
import type { EngineEvent, StaffFlow, TurnContext } from '../unions.js';
import type { CommandDef, Kit } from './capability.js';
import { menuPick } from './menu.js';
import type { Registry } from './registry.js';
import { result, say } from './replies.js';
import type { ConversationState, TurnResult } from './state.js';
import { runStep, type Side } from './steps.js';
import { text } from './text.js';
import type { Input, StaffMember } from './vocabulary.js';

// The engine as a staff member meets it. Staff are never asked to sign up: whatever they
// write is a staff command, an answer in a staff flow, or gets the staff menu. Of the
// everyday words only `menu`, `batal` and `bahasa` apply to them.

export function staffTurn(registry: Registry, side: Side<StaffFlow>, stored: ConversationState, input: Input, ctx: TurnContext, kit: Kit): TurnResult {
  const staff = ctx.staff!;
  // A sign-up begun before this chat became staff's is over.
  const state: ConversationState = stored.flow ? { ...stored, flow: null } : stored;
  if (input.kind !== 'text') return kit.resume(state, say(text('staff.text_only')), ...menuIfIdle(state, kit));
  for (const command of registry.staffCommands) {
    const parsed = command.parse(input.text, ctx, input);
    if (parsed !== null) return command.run(state, parsed, ctx, kit);
  }
  const general = parseCommand(input.text);
  // Inside a flow only `menu` and `batal` interrupt: `ubah` at the preview, or an
  // announcement that happens to read `berhenti`, is an answer.
  if (general && (!state.staffFlow || general.type === 'menu' || general.type === 'cancel')) return generalCommand(registry, state, general, ctx, kit, staff);
  if (/^\s*\/\S/u.test(input.text)) return kit.resume({ ...state, menuShown: !state.staffFlow }, say(text('staff.unknown_command')), ...menuIfIdle(state, kit));
  const flow = state.staffFlow;
  if (flow) {
    const def = registry.staffFlows.get(flow.name);
    if (def) return runStep(side, state, flow, def.read(flow, input, state, ctx, kit));
  }
  const pick = state.menuShown ? menuPick(registry.staffMenu, input.text) : null;
  if (pick) return pick.run(state, ctx, kit);
  return result({ ...state, menuShown: true }, say(text('staff.not_understood')), kit.menu());
}

function generalCommand(registry: Registry, state: ConversationState, command: Command, ctx: TurnContext, kit: Kit, staff: StaffMember): TurnResult {
  switch (command.type) {
    case 'menu':
      return showMenu(state, kit);
    case 'cancel':
      return cancel(registry, state, ctx, kit);
    case 'language':
      return kit.resume({ ...state, lang: command.lang }, { type: 'language_changed', lang: command.lang }, say(text('language.changed')));
    case 'start':
      return result({ ...state, staffFlow: null, strikes: 0, menuShown: true }, say(text('staff.welcome', { name: staff.name })), kit.menu());
    default:
      // daftar, profil, ubah, BERHENTI, HAPUS DATA … are an entrepreneur's, not staff's.
      return result({ ...state, menuShown: true }, say(text('staff.entrepreneur_only')), kit.menu());
  }
}

function showMenu(state: ConversationState, kit: Kit): TurnResult {
  if (state.staffFlow) return kit.resume(state, kit.menu());
  return result({ ...state, menuShown: true }, kit.menu());
}

function cancel(registry: Registry, state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  const flow: StaffFlow | null | undefined = state.staffFlow;
  const own = flow ? registry.staffFlows.get(flow.name)?.cancel : undefined;
  if (flow && own) return own(state, flow, ctx, kit);
  return result({ ...state, staffFlow: null, strikes: 0, menuShown: true }, say(text('cancel.nothing')), kit.menu());
}

function menuIfIdle(state: ConversationState, kit: Kit): EngineEvent[] {
  return state.staffFlow ? [] : [kit.menu()];
}

type StaffWord = 'cancel' | 'menu';

const STAFF_WORDS: ReadonlyMap<string, StaffWord> = new Map<string, StaffWord>([
  ['batal', 'cancel'],
  ['cancel', 'cancel'],
  ['menu', 'menu'],
  ['bantuan', 'menu'],
  ['help', 'menu'],
  ['staf', 'menu'],
]);

// `/umumkan@WirabotBot` is how Telegram writes a command picked from the bot's menu.
const SLASH = /^\/([a-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/iu;

/** A staff slash command: its name and what follows it, or null when the message is none. */
export function parseSlash(input: string): { readonly name: string; readonly rest: string } | null {
  const match = SLASH.exec(input.normalize('NFKC').trim());
  return match ? { name: match[1]!.toLowerCase(), rest: match[2]?.trim() ?? '' } : null;
}

/** `/batal` and `/menu` (and their other words): the staff side's own, alone on the line. */
export function parseStaffWord(input: string): { readonly type: StaffWord } | null {
  const slash = parseSlash(input);
  const word = slash ? STAFF_WORDS.get(slash.name) : undefined;
  return word && slash?.rest === '' ? { type: word } : null;
}

/** The staff side's own slash commands. */
export function staffWords(registry: () => Registry): CommandDef<{ readonly type: StaffWord }> {
  return {
    help: [{ order: 90, line: text('staff.help_cancel') }],
    parse: parseStaffWord,
    run: (state, command, ctx, kit) => (command.type === 'menu' ? showMenu(state, kit) : cancel(registry(), state, ctx, kit)),
  };
}
