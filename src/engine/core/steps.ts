import type { EngineEvent } from '../unions.js';
import { askAgain, result, type Question } from './replies.js';
import type { ConversationState, TurnResult } from './state.js';
import type { Text } from './vocabulary.js';

// The step runner: every flow answers "what next?" with a Step, and this file alone turns
// it into the new state and what is said. So every flow counts misunderstood answers the
// same way, offers the same way out at the third, and asks its question again the same way.

type Patch = (state: ConversationState) => ConversationState;

export type Step<F> =
  /** Not understood: say why and ask again (in `flow` when given, a changed copy of the open one). */
  | { readonly kind: 'retry'; readonly reasons: readonly Text[]; readonly flow?: F; readonly question?: Question; readonly events?: readonly EngineEvent[] }
  /** Understood: on to `flow`, whose question is asked after `events` and `before`. */
  | { readonly kind: 'next'; readonly flow: F; readonly events?: readonly EngineEvent[]; readonly before?: readonly Text[]; readonly patch?: Patch }
  /** The flow is over. */
  | { readonly kind: 'done'; readonly events: readonly EngineEvent[]; readonly patch?: Patch }
  /** Still at the same question: only say something (strikes unchanged). */
  | { readonly kind: 'stay'; readonly events: readonly EngineEvent[] }
  /** The flow built the whole turn itself (another flow starts, or none can any more). */
  | { readonly kind: 'turn'; readonly turn: TurnResult };

export const retry = <F>(...reasons: Text[]): Step<F> => ({ kind: 'retry', reasons });
export const retryIn = <F>(flow: F, ...reasons: Text[]): Step<F> => ({ kind: 'retry', reasons, flow });
export const next = <F>(flow: F, options: Omit<Extract<Step<F>, { kind: 'next' }>, 'kind' | 'flow'> = {}): Step<F> => ({ kind: 'next', flow, ...options });
export const done = <F>(events: readonly EngineEvent[], patch?: Patch): Step<F> => ({ kind: 'done', events, ...(patch ? { patch } : {}) });

/** Which flow slot a side keeps its flow in, and how it offers a way out. */
export interface Side<F> {
  readonly slot: 'flow' | 'staffFlow';
  /** Added to the question at the third misunderstood answer in a row. */
  readonly stuckHint: Text;
  question(flow: F, state: ConversationState): Question | null;
}

function withFlow<F>(side: Side<F>, state: ConversationState, flow: F | null): ConversationState {
  return { ...state, [side.slot]: flow } as ConversationState;
}

/** Turns a step of the open flow `flow` into the turn. */
export function runStep<F>(side: Side<F>, state: ConversationState, flow: F, step: Step<F>): TurnResult {
  switch (step.kind) {
    case 'retry': {
      const stay = step.flow ?? flow;
      const strikes = state.strikes + 1;
      const next = { ...withFlow(side, state, stay), strikes };
      const question = step.question ?? side.question(stay, next);
      const hint = strikes >= 3 ? [side.stuckHint] : [];
      return result(next, ...(step.events ?? []), ...(question ? askAgain(question, step.reasons, hint) : []));
    }
    case 'next': {
      const next = { ...withFlow(side, step.patch ? step.patch(state) : state, step.flow), strikes: 0 };
      const question = side.question(step.flow, next);
      return result(next, ...(step.events ?? []), ...(question ? askAgain(question, step.before) : []));
    }
    case 'done': {
      const next = { ...withFlow(side, step.patch ? step.patch(state) : state, null), strikes: 0 };
      return result(next, ...step.events);
    }
    case 'stay':
      return result(state, ...step.events);
    case 'turn':
      return step.turn;
  }
}

/** Enters a flow, fresh: nothing misunderstood yet, and the menu no longer on screen. */
export function enterFlow<F>(side: Side<F>, state: ConversationState, flow: F): ConversationState {
  return { ...withFlow(side, state, flow), strikes: 0, menuShown: false };
}
