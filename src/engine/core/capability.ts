import type { NotAnswer } from '../parse/understand/index.js';
import type { SegmentKind } from '../segments/types.js';
import type { EngineEvent, Flow, StaffFlow, SystemInput, TurnContext } from '../unions.js';
import type { Question } from './replies.js';
import type { ConversationState, TurnResult } from './state.js';
import type { Step } from './steps.js';
import type { Input, Text } from './vocabulary.js';

// What a capability tells the engine about itself. The engine core loops over the list it is
// given (src/capabilities.ts) and never names a capability; each capability's folder
// declares its flows, its commands, the inputs its jobs send and what it asks once a person
// is free, and finds everything it needs from the core in the Kit.

/** A flow: the question it is asking, and how an answer to it is read. */
export interface FlowDef<F> {
  readonly name: string;
  /** The question open in this flow; null when it can no longer be asked. */
  question(flow: F, state: ConversationState, ctx: TurnContext, kit: Kit): Question | null;
  read(flow: F, input: Input, state: ConversationState, ctx: TurnContext, kit: Kit): Step<F>;
  /** `batal` in this flow; without it the flow is dropped with `cancel.<name>` and the menu. */
  cancel?(state: ConversationState, flow: F, ctx: TurnContext, kit: Kit): TurnResult;
}

/** A line of the staff menu naming a command; lower `order` first among every capability's. */
export interface HelpLine {
  readonly order: number;
  readonly line: Text;
}

/** A command: parsed from the whole message by the capability itself, then run. */
export interface CommandDef<C> {
  /** For a staff command: the lines it adds to the staff menu. */
  readonly help?: readonly HelpLine[];
  /** `ctx` and `input` for a command that exists only in some turns (`selesai` with a question open, a reply to a notice). */
  parse(text: string, ctx?: TurnContext, input?: Input): C | null;
  run(state: ConversationState, command: C, ctx: TurnContext, kit: Kit): TurnResult;
}

/** An entry of an idle menu; a bare number right after the menu picks it. */
export interface MenuEntry {
  readonly label: Text;
  /** Its place among every capability's entries: lower first. */
  readonly order: number;
  run(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult;
}

/** What a job tells many conversations (a check-in opened, an invitation), by `event`. */
export interface SystemInputDef<I> {
  readonly events: readonly string[];
  run(state: ConversationState, input: I, ctx: TurnContext, kit: Kit): TurnResult;
}

/** Reads a message before commands and flows do (`HADIR` works from anywhere). */
export interface Interceptor {
  /** Null: not this capability's; the message goes on to commands and flows. */
  read(state: ConversationState, input: Input, ctx: TurnContext, kit: Kit): TurnResult | null;
  /** What any message it let pass changes anyway (an offer good for one message only). */
  pass?(state: ConversationState): ConversationState;
}

export interface EngineCapability {
  readonly name: string;
  /** A person's flows. */
  readonly flows?: readonly FlowDef<Flow>[];
  /** Word commands, which work in any flow. */
  readonly commands?: readonly CommandDef<unknown>[];
  readonly menu?: readonly MenuEntry[];
  readonly interceptors?: readonly Interceptor[];
  /** A staff member's flows. */
  readonly staffFlows?: readonly FlowDef<StaffFlow>[];
  /** Slash commands for staff only; to anyone else they are unknown `/words`. */
  readonly staffCommands?: readonly CommandDef<unknown>[];
  readonly staffMenu?: readonly MenuEntry[];
  readonly systemInputs?: readonly SystemInputDef<SystemInput>[];
  /**
   * A person's message nothing else could use: a miss at the open flow's question (`inFlow`),
   * a message when idle that would get "not understood", or media. Null: not this capability's.
   */
  unread?(state: ConversationState, input: Input, ctx: TurnContext, kit: Kit, inFlow: boolean): TurnResult | null;
  /** After a person's turn: something that waited for them to be free is asked now. */
  owed?(turn: TurnResult, ctx: TurnContext, kit: Kit): TurnResult;
  /** `BERHENTI`: stop pressing on the person whatever this capability would ask unasked. */
  hold?(state: ConversationState): ConversationState;
  /**
   * A registered person asked something with nothing open (`ada pelatihan apa?`): the
   * capability whose topic it is answers; null leaves it to the FAQ.
   */
  idle?(state: ConversationState, question: NotAnswer, ctx: TurnContext, kit: Kit): TurnResult | null;
  /** Someone not registered, with nothing going on: how they are greeted (sign-up); null leaves it to the next capability. */
  welcome?(state: ConversationState, ctx: TurnContext, kit: Kit): TurnResult | null;
  readonly segmentKinds?: readonly SegmentKind[];
}

/**
 * The core's side of a turn, handed to every capability: one for a person's side of the
 * conversation, one for a staff member's.
 */
export interface Kit {
  /** Says `events`, then asks the open question again, if any. */
  resume(state: ConversationState, ...events: EngineEvent[]): TurnResult;
  /** The question open on this side, or null. */
  question(state: ConversationState): Question | null;
  /** Enters a flow on this side and asks its first question, after `before`. */
  start(state: ConversationState, flow: Flow | StaffFlow, ...before: Text[]): TurnResult;
  /** Enters a flow and reads an answer already given (`/umumkan <text>`). */
  startWith(state: ConversationState, flow: Flow | StaffFlow, input: Input): TurnResult;
  /** Applies a step to the open flow from outside a reading (a command, a job). */
  apply(state: ConversationState, step: Step<Flow | StaffFlow>): TurnResult;
  /** The idle menu of this side (a person's: as registered or not, by default as the context says). */
  menu(registered?: boolean): EngineEvent;
  /** Greets someone not registered (the welcome of whichever capability has one). */
  welcome(state: ConversationState): TurnResult;
  /** `BERHENTI`: every capability's hold. */
  hold(state: ConversationState): ConversationState;
  readonly segmentKinds: readonly SegmentKind[];
}
