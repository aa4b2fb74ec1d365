import type { SegmentSpec } from '../segments/types.js';

export type BroadcastEvent =
  /** The runtime answers with the preview: first recipient's text, counts, time to finish. */
  | { readonly type: 'broadcast_preview_requested'; readonly staffId: string; readonly text: string; readonly segment: SegmentSpec }
  | { readonly type: 'broadcast_confirmed'; readonly staffId: string; readonly text: string; readonly segment: SegmentSpec }
  | { readonly type: 'broadcast_dropped'; readonly staffId: string }
  /** `/status [id]`: null means the staff member's latest broadcast. */
  | { readonly type: 'broadcast_status_requested'; readonly staffId: string; readonly broadcastId: string | null }
  | { readonly type: 'broadcast_recap_requested'; readonly staffId: string };
