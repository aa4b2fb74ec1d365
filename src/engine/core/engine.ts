import type { SegmentKind } from '../segments/types.js';
import type { Flow, StaffFlow, TurnContext, TurnInput } from '../unions.js';
import type { EngineCapability, FlowDef, Kit } from './capability.js';
import { isMenuMessage, menuMessage, staffMenuMessage } from './menu.js';
import { coreCommands, personTurn } from './person-side.js';
import { buildRegistry, type Registry } from './registry.js';
import { askAgain, result, say } from './replies.js';
import { lostTheirPlace, restoreState, type ConversationState, type RestoreIssue, type TurnResult } from './state.js';
import { enterFlow, runStep, type Side } from './steps.js';
import { staffTurn, staffWords } from './staff-side.js';
import { text } from './text.js';

// The engine's one entry point: a pure function of the stored state, what the person sent
// (or a job said) and the facts the runtime looked up. It is built from a list of
// capabilities; this file and the two sides only loop over what they declared.

export interface Engine {
  handleTurn(state: ConversationState, input: TurnInput, ctx: TurnContext): TurnResult;
  /** A turn from the state as stored: read back first; what could not be read is reported. */
  handleStoredTurn(stored: unknown, input: TurnInput, ctx: TurnContext): StoredTurn;
  readonly segmentKinds: readonly SegmentKind[];
}

export interface StoredTurn extends TurnResult {
  /** The state as read back, before the turn (its language is the one the turn began in). */
  readonly before: ConversationState;
  readonly issue: RestoreIssue | null;
}

export function createEngine(capabilities: readonly EngineCapability[]): Engine {
  const registry: Registry = buildRegistry([
    { ...coreCommands(() => registry), staffCommands: [staffWords(() => registry)] },
    ...capabilities,
  ]);
  const owing = registry.capabilities.filter((c) => c.owed);

  function handleTurn(state: ConversationState, input: TurnInput, ctx: TurnContext): TurnResult {
    const person = sideOf(registry, ctx, false);
    if (input.type === 'system') {
      const def = registry.systemInputs.get(input.event);
      if (!def) throw new Error(`no capability reads the system input "${input.event}"`);
      return lastOffer(def.run(state, input, ctx, person.kit));
    }
    const staff = ctx.staff ? sideOf(registry, ctx, true) : null;
    const turn = staff ? staffTurn(registry, staff.side, state, input, ctx, staff.kit) : personTurn(registry, person.side, state, input, ctx, person.kit);
    // What arrived while the person was busy (a check-in, a feedback question) is asked once they are free.
    return lastOffer(owing.reduce((done, capability) => capability.owed!(done, ctx, person.kit), turn));
  }

  return {
    handleTurn,
    handleStoredTurn(stored, input, ctx) {
      const { state, issue } = restoreState(stored);
      const turn = handleTurn(state, input, ctx);
      if (!lostTheirPlace(issue)) return { ...turn, before: state, issue };
      return { state: turn.state, events: [say(text('common.state_lost')), ...turn.events], before: state, issue };
    },
    segmentKinds: registry.segmentKinds,
  };
}

/**
 * A bare number means an option of the last message the bot sent, nothing older: the menu's
 * numbers stay good only while the menu is that message. Anything said after it (a reply,
 * a request the runtime answers with a message, an invitation) makes them stale.
 */
function lastOffer(turn: TurnResult): TurnResult {
  const last = turn.events.at(-1);
  if (!last) return turn;
  const menuShown = isMenuMessage(last);
  return menuShown === turn.state.menuShown ? turn : { ...turn, state: { ...turn.state, menuShown } };
}

/** A side of the conversation (a person's, or a staff member's) and the kit its capabilities get. */
function sideOf(registry: Registry, ctx: TurnContext, staff: boolean): { side: Side<Flow | StaffFlow>; kit: Kit } {
  const defs = (staff ? registry.staffFlows : registry.flows) as ReadonlyMap<string, FlowDef<Flow | StaffFlow>>;
  const side: Side<Flow | StaffFlow> = {
    slot: staff ? 'staffFlow' : 'flow',
    stuckHint: text(staff ? 'staff.stuck_hint' : 'common.stuck_hint'),
    question: (flow, state) => defs.get(flow.name)?.question(flow, state, ctx, kit) ?? null,
  };
  const open = (state: ConversationState): Flow | StaffFlow | null => (staff ? state.staffFlow : state.flow) ?? null;
  const kit: Kit = {
    question: (state) => {
      const flow = open(state);
      return flow ? side.question(flow, state) : null;
    },
    resume: (state, ...events) => {
      const question = kit.question(state);
      return result(state, ...events, ...(question ? askAgain(question, [text('common.resume')]) : []));
    },
    start: (state, flow, ...before) => {
      const entered = enterFlow(side, state, flow);
      const question = side.question(flow, entered);
      return result(entered, ...(question ? askAgain(question, before) : []));
    },
    startWith: (state, flow, input) => {
      const entered = enterFlow(side, state, flow);
      const def = defs.get(flow.name);
      if (!def) throw new Error(`no capability declares the flow "${flow.name}"`);
      return runStep(side, entered, flow, def.read(flow, input, entered, ctx, kit));
    },
    apply: (state, step) => runStep(side, state, open(state) as Flow | StaffFlow, step),
    menu: (registered = ctx.person !== null) => (staff ? staffMenuMessage(registry.staffMenu, registry.staffHelp) : menuMessage(registry.menu, registered)),
    welcome: (state) => {
      for (const capability of registry.capabilities) {
        const greeted = capability.welcome?.(state, ctx, kit);
        if (greeted) return greeted;
      }
      return result({ ...state, menuShown: true }, say(text('common.not_understood')), kit.menu());
    },
    hold: (state) => registry.capabilities.reduce((held, c) => (c.hold ? c.hold(held) : held), state),
    segmentKinds: registry.segmentKinds,
  };
  return { side, kit };
}
