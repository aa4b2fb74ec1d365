import type { SegmentSpec } from '../segments/types.js';
import type { WorkshopStaffFlow } from '../workshop/types.js';

// The staff side of the engine's vocabulary, kept apart so the entrepreneurs' flows never
// see it. Staff state lives in `ConversationState.staffFlow`, next to (never inside) `flow`.

/** The staff member a chat belongs to, looked up by the runtime for every turn. */
export interface StaffMember {
  readonly id: string;
  readonly name: string;
}

/** `/umumkan`: text → segment → preview → `ya` / `ubah` / `batal`. */
export type StaffFlow =
  | { readonly name: 'announce'; readonly step: 'text'; readonly segment?: SegmentSpec }
  | { readonly name: 'announce'; readonly step: 'segment'; readonly text: string }
  | { readonly name: 'announce'; readonly step: 'confirm'; readonly text: string; readonly segment: SegmentSpec }
  | { readonly name: 'announce'; readonly step: 'change'; readonly text: string; readonly segment: SegmentSpec }
  /** `/pelatihan …`: creating, announcing or cancelling a workshop (workshop-types.ts). */
  | WorkshopStaffFlow;

export type StaffEvent =
  /** The runtime answers with the preview: first recipient's text, counts, time to finish. */
  | { readonly type: 'broadcast_preview_requested'; readonly staffId: string; readonly text: string; readonly segment: SegmentSpec }
  | { readonly type: 'broadcast_confirmed'; readonly staffId: string; readonly text: string; readonly segment: SegmentSpec }
  | { readonly type: 'broadcast_dropped'; readonly staffId: string }
  /** `/status [id]`: null means the staff member's latest broadcast. */
  | { readonly type: 'broadcast_status_requested'; readonly staffId: string; readonly broadcastId: string | null }
  | { readonly type: 'broadcast_recap_requested'; readonly staffId: string };
