import { z } from 'zod';
import { STATE_MIGRATIONS } from '../state-migrations.js';
import { FLOW, SLOTS, STAFF_FLOW, type EngineEvent } from '../unions.js';

// The conversation state as stored in `conversations.state`: versioned, validated when read.
// What cannot be read is never trusted: each part that still validates on its own is kept
// (the language, a check-in's answers), the rest is dropped and the person taken back to a
// safe point, and the caller is told what happened so it can log it.

export const STATE_VERSION = 2;

const lang = z.enum(['id', 'en']);

const CORE = {
  version: z.literal(STATE_VERSION),
  lang,
  /** The question the person is answering now; null when idle. */
  flow: FLOW.nullable(),
  /** Misunderstood answers in a row; at three the question also offers a way out. */
  strikes: z.number().int().min(0),
  /** The idle menu was the last thing shown, so a bare number picks from it. */
  menuShown: z.boolean(),
  /** Where a staff member is in a staff flow; absent for everyone else. */
  staffFlow: STAFF_FLOW.nullable().optional(),
};

export const conversationState = z.object({ ...CORE, ...SLOTS });
export type ConversationState = z.infer<typeof conversationState>;

export interface TurnResult {
  readonly state: ConversationState;
  readonly events: readonly EngineEvent[];
}

export function initialState(): ConversationState {
  return { version: STATE_VERSION, lang: 'id', flow: null, strikes: 0, menuShown: false };
}

export type RestoreIssue =
  | { readonly kind: 'unknown_version'; readonly version: unknown; readonly dropped: readonly string[] }
  | { readonly kind: 'invalid'; readonly problems: readonly string[]; readonly dropped: readonly string[] };

export interface Restored {
  readonly state: ConversationState;
  /** Null when the stored state was read whole. */
  readonly issue: RestoreIssue | null;
}

/** Reads stored JSON: older versions are migrated, then the result validated. */
export function restoreState(stored: unknown): Restored {
  if (stored === null || stored === undefined) return { state: initialState(), issue: null };
  const raw = typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const version = raw.version;
  const known = typeof version === 'number' && Number.isInteger(version) && version >= 1 && version <= STATE_VERSION;
  if (!known) {
    const { state, dropped } = salvage(raw);
    return { state, issue: { kind: 'unknown_version', version, dropped } };
  }
  const migrated = STATE_MIGRATIONS.slice(version - 1).reduce((state, migrate) => migrate(state), raw);
  const parsed = conversationState.safeParse(migrated);
  if (parsed.success) return { state: parsed.data, issue: null };
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(state)'}: ${i.message}`);
  const { state, dropped } = salvage(migrated);
  return { state, issue: { kind: 'invalid', problems, dropped } };
}

/** Keeps every part that validates on its own; whatever is dropped is named. */
function salvage(raw: Record<string, unknown>): { state: ConversationState; dropped: string[] } {
  const dropped: string[] = [];
  const keep = <T>(name: string, schema: z.ZodType<T>, fallback: T): T => {
    if (raw[name] === undefined) return fallback;
    const part = schema.safeParse(raw[name]);
    if (!part.success) dropped.push(name);
    return part.success ? part.data : fallback;
  };
  const slots = Object.fromEntries(
    Object.entries(SLOTS).flatMap(([name, schema]) => {
      const value = keep(name, schema as z.ZodType<unknown>, undefined);
      return value === undefined ? [] : [[name, value]];
    }),
  );
  const staffFlow = keep('staffFlow', STAFF_FLOW.nullable(), null);
  const state: ConversationState = {
    ...initialState(),
    ...slots,
    lang: keep('lang', lang, 'id'),
    flow: keep('flow', FLOW.nullable(), null),
    ...(staffFlow ? { staffFlow } : {}),
  };
  return { state, dropped };
}

/** The person was in the middle of something that could not be read back. */
export function lostTheirPlace(issue: RestoreIssue | null): boolean {
  return issue !== null && issue.dropped.some((part) => part === 'flow' || part === 'staffFlow');
}
