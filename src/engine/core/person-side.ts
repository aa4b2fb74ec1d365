import type { Flow, TurnContext } from '../unions.js';
import type { EngineCapability, Kit } from './capability.js';
import { wordCommand } from './commands.js';
import { menuPick } from './menu.js';
import type { Registry } from './registry.js';
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
  return result({ ...state, menuShown: true }, say(text('common.not_understood')), kit.menu());
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

/** The commands of the person side itself: help, cancel, language. */
export function coreCommands(registry: () => Registry): EngineCapability {
  return {
    name: 'core',
    commands: [
      wordCommand('menu', (state, _command, ctx, kit) =>
        kit.resume({ ...state, menuShown: state.flow === null }, say(text('menu.help')), kit.menu()),
      ),
      wordCommand('cancel', (state, _command, ctx, kit) => cancel(registry(), state, ctx, kit)),
      wordCommand('language', (state, command, _ctx, kit) =>
        kit.resume({ ...state, lang: command.lang }, { type: 'language_changed', lang: command.lang }, say(text('language.changed'))),
      ),
    ],
    menu: [
      {
        label: text('menu.choice_help'),
        order: 60,
        run: (state, _ctx, kit) => kit.resume({ ...state, menuShown: state.flow === null }, say(text('menu.help')), kit.menu()),
      },
    ],
  };
}
