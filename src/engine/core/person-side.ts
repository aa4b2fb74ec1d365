import type { Flow, TurnContext } from '../unions.js';
import type { EngineCapability, Kit } from './capability.js';
import { wordCommand } from './commands.js';
import { menuPick } from './menu.js';
import type { Registry } from './registry.js';
import { readIdle } from '../parse/understand/index.js';
import { unansweredQuestion } from './questions.js';
import { askAgain, result, say } from './replies.js';
import type { ConversationState, TurnResult } from './state.js';
import { runStep, type Side } from './steps.js';
import { text } from './text.js';
import type { Input } from './vocabulary.js';

// A person's turn: what a capability reads first (`HADIR`), the commands that work
// everywhere, an answer to the open flow's question, else a greeting or the menu.

export function personTurn(registry: Registry, side: Side<Flow>, stored: ConversationState, input: Input, ctx: TurnContext, kit: Kit): TurnResult {
  for (const interceptor of registry.interceptors) {
    const read = interceptor.read(stored, input, ctx, kit);
    if (read) return read;
  }
  const state = registry.interceptors.reduce((s, i) => (i.pass ? i.pass(s) : s), stored);
  if (input.kind === 'non_text') return unread(registry, state, input, ctx, kit, state.flow !== null) ?? nonText(state, ctx, kit);
  if (input.kind === 'contact' && input.text === '') return unreadableContact(state, ctx, kit);
  if (input.kind === 'text') {
    for (const command of registry.commands) {
      const parsed = command.parse(input.text, ctx, input);
      if (parsed !== null) return command.run(state, parsed, ctx, kit);
    }
    const picked = state.flow === null && state.menuShown ? menuPick(registry.menu, input.text) : null;
    if (picked) return picked.run(state, ctx, kit);
    if (/^\s*\/[a-z]/i.test(input.text)) return unknownCommand(state, ctx, kit);
  }
  if (state.flow) {
    const def = registry.flows.get(state.flow.name);
    if (def) {
      const step = def.read(state.flow, input, state, ctx, kit);
      // Not an answer to the open question: another capability may still use it (an open question to staff).
      const taken = step.kind === 'retry' ? unread(registry, state, input, ctx, kit, true) : null;
      return taken ?? runStep(side, state, state.flow, step);
    }
  }
  const taken = unread(registry, state, input, ctx, kit, false);
  if (taken) return taken;
  if (!ctx.person) return kit.welcome(state);
  return idle(registry, state, input, ctx, kit);
}

const GREETING = /^\W*(?:h[ae]l+o+|hai+|hi+|hallo+|assalamu|salam|selamat\s+(?:pagi|siang|sore|malam)|pagi|siang|sore|malam)\b/iu;

/** A registered person with nothing open: a question, thanks, a greeting, or something we cannot act on. */
function idle(registry: Registry, state: ConversationState, input: Input, ctx: TurnContext, kit: Kit): TurnResult {
  const reading = input.kind === 'text' ? readIdle(input.text, ctx.vocabulary, { lang: state.lang }) : null;
  if (reading?.kind === 'not_answer' && reading.what === 'question') {
    for (const capability of registry.capabilities) {
      const answered = capability.idle?.(state, reading, ctx, kit);
      if (answered) return answered;
    }
    if (reading.faq) return result({ ...state, menuShown: false }, say(text(`faq.${reading.faq}`)));
    return unansweredQuestion({ ...state, menuShown: false }, input.text, ctx, kit);
  }
  if (reading?.kind === 'not_answer' && reading.what === 'smalltalk') {
    return result({ ...state, menuShown: false }, say(text(GREETING.test(input.text) ? 'understand.idle_greeting' : 'understand.idle_smalltalk')));
  }
  if (reading?.kind === 'ask' && reading.reason === 'nothing_asked') return result({ ...state, menuShown: false }, say(text('understand.ask.nothing_asked')));
  const missed = reading?.kind === 'ask' && reading.reason === 'unclear' ? [{ type: 'answer_missed' as const, question: 'idle', text: input.text }] : [];
  return result({ ...state, menuShown: true }, ...missed, say(text('common.not_understood')), kit.menu());
}

/** The first capability that takes a message nothing else could use. */
function unread(registry: Registry, state: ConversationState, input: Input, ctx: TurnContext, kit: Kit, inFlow: boolean): TurnResult | null {
  for (const capability of registry.capabilities) {
    const taken = capability.unread?.(state, input, ctx, kit, inFlow);
    if (taken) return taken;
  }
  return null;
}

function nonText(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  const question = kit.question(state);
  if (question) return result(state, ...askAgain(question, [text('common.text_only')]));
  if (!ctx.person) return kit.welcome(state);
  return result({ ...state, menuShown: true }, say(text('common.text_only')), kit.menu());
}

/** A contact card whose number the channel could not read: said so, and the question asked again. */
function unreadableContact(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  const question = kit.question(state);
  if (question) return result(state, ...askAgain(question, [text('common.contact_unreadable')]));
  if (!ctx.person) return kit.welcome(state);
  return result({ ...state, menuShown: true }, say(text('common.contact_unreadable')), kit.menu());
}

/** `/anything` we do not know: say so (revealing nothing) and carry on where they were. */
function unknownCommand(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  if (state.flow) return kit.resume(state, say(text('common.unknown_command')));
  if (!ctx.person) return kit.welcome(state);
  return result({ ...state, menuShown: true }, say(text('common.unknown_command')), kit.menu());
}

function cancel(registry: Registry, state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  const flow: Flow | null = state.flow;
  const own = flow ? registry.flows.get(flow.name)?.cancel : undefined;
  if (flow && own) return own(state, flow, ctx, kit);
  const idle: ConversationState = { ...state, flow: null, strikes: 0, menuShown: true };
  return result(idle, say(text(flow ? `cancel.${flow.name}` : 'cancel.nothing')), kit.menu());
}

/**
 * `menu` / `help`: the help, then the menu. Someone in the middle of signing up gets the help
 * and their question again, not the menu of the unregistered ("Type DAFTAR"), which is what
 * they are doing already.
 */
function help(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult {
  const signingUp = state.flow !== null && !ctx.person;
  return kit.resume({ ...state, menuShown: state.flow === null }, say(text('menu.help')), ...(signingUp ? [] : [kit.menu()]));
}

/** The commands of the person side itself: help, cancel, language. */
export function coreCommands(registry: () => Registry): EngineCapability {
  return {
    name: 'core',
    commands: [
      wordCommand('menu', (state, _command, ctx, kit) => help(state, ctx, kit)),
      wordCommand('cancel', (state, _command, ctx, kit) => cancel(registry(), state, ctx, kit)),
      wordCommand('language', (state, command, _ctx, kit) =>
        kit.resume({ ...state, lang: command.lang }, { type: 'language_changed', lang: command.lang }, say(text('language.changed'))),
      ),
    ],
    menu: [
      {
        label: text('menu.choice_help'),
        order: 60,
        run: (state, ctx, kit) => help(state, ctx, kit),
      },
    ],
  };
}
