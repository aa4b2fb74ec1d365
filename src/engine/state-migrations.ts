// How a stored conversation state of an older version becomes the current one: migration n
// takes version n to n + 1. Each works on plain JSON and may assume nothing about its
// input; whatever comes out is validated against the current schema afterwards. A deploy
// that reshapes a flow adds one here and raises STATE_VERSION (core/state.ts).

type Stored = Record<string, unknown>;

export type StateMigration = (state: Stored) => Stored;

const RENAMED_STAFF_FLOWS: Readonly<Record<string, string>> = { announce: 'broadcast', workshop_announce: 'workshop_invite' };

/**
 * v1 → v2: `checkin`, `staffFlow` and `workshop` were added to v1 without a version change, so
 * a v1 state may or may not have them; v2 is the validated shape. The staff flows took their
 * concepts' one name: `/umumkan` is a broadcast, `/pelatihan umumkan` a workshop invitation.
 */
function v1ToV2(state: Stored): Stored {
  const staffFlow = state.staffFlow as { name?: unknown } | null | undefined;
  const renamed = staffFlow && typeof staffFlow.name === 'string' ? RENAMED_STAFF_FLOWS[staffFlow.name] : undefined;
  return { ...state, version: 2, ...(renamed ? { staffFlow: { ...staffFlow, name: renamed } } : {}) };
}

/** Index n holds the migration from version n + 1. */
export const STATE_MIGRATIONS: readonly StateMigration[] = [v1ToV2];
