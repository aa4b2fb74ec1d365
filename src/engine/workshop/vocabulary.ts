import type { SegmentSpec } from '../segments/types.js';

// The workshop side of the engine's vocabulary: what the runtime tells the engine, and the
// events a turn may produce (state.ts has what the conversation keeps). Instants travel as
// ISO strings so events stay plain JSON.

/** A workshop as the engine needs to name it. */
export interface WorkshopSummary {
  readonly id: string;
  readonly title: string;
  readonly startsAt: string;
  readonly place: string;
}

/** Everything an invitation, a reminder or a feedback question says about a workshop. */
export interface WorkshopDetails extends WorkshopSummary {
  readonly description: string | null;
  readonly endsAt: string;
  readonly capacity: number;
}

/** What the runtime looked up for a turn. */
export interface WorkshopContext {
  readonly timeZone: string;
  /** How long a workshop lasts when staff give only its start. */
  readonly defaultDurationMs: number;
  /** Workshops taking RSVPs (not cancelled, not started), soonest first. */
  readonly open: readonly WorkshopSummary[];
  /** This person's seats and waiting-list places among the open workshops. */
  readonly mine: readonly { readonly workshopId: string; readonly status: 'confirmed' | 'waiting' }[];
}

export interface NewWorkshop {
  readonly title: string;
  readonly description: string | null;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly place: string;
  readonly capacity: number;
}

export type WorkshopChange =
  /** `endsAt` null: the workshop keeps its length. */
  | { readonly field: 'time'; readonly startsAt: string; readonly endsAt: string | null }
  | { readonly field: 'place'; readonly place: string }
  | { readonly field: 'title'; readonly title: string }
  | { readonly field: 'capacity'; readonly capacity: number };

export type WorkshopEvent =
  // A person's: the runtime decides the seat under the workshop's lock and says the outcome.
  | { readonly type: 'rsvp_made'; readonly workshopId: string }
  | { readonly type: 'rsvp_cancelled'; readonly workshopId: string }
  | { readonly type: 'attendance_code_given'; readonly code: string }
  | { readonly type: 'workshop_rated'; readonly workshopId: string; readonly rating: number }
  | { readonly type: 'workshop_commented'; readonly workshopId: string; readonly comment: string }
  // A staff member's: each is checked against the stored workshop and answered by the runtime.
  | { readonly type: 'workshop_created'; readonly staffId: string; readonly workshop: NewWorkshop }
  | { readonly type: 'workshop_list_requested'; readonly staffId: string }
  | { readonly type: 'workshop_change_requested'; readonly staffId: string; readonly workshopId: string; readonly change: WorkshopChange }
  | { readonly type: 'workshop_cancel_confirmed'; readonly staffId: string; readonly workshopId: string }
  | { readonly type: 'workshop_preview_requested'; readonly staffId: string; readonly workshopId: string; readonly segment: SegmentSpec }
  | { readonly type: 'workshop_announcement_confirmed'; readonly staffId: string; readonly workshopId: string; readonly segment: SegmentSpec }
  | { readonly type: 'workshop_code_requested'; readonly staffId: string; readonly workshopId: string }
  | { readonly type: 'workshop_attendance_marked'; readonly staffId: string; readonly workshopId: string; readonly memberNo: string }
  | { readonly type: 'workshop_report_requested'; readonly staffId: string; readonly workshopId: string }
  | { readonly type: 'workshop_participants_requested'; readonly staffId: string; readonly workshopId: string };

/** Jobs that speak to many people about one workshop, as system turns. */
export type WorkshopSystemInput =
  | {
      readonly type: 'system';
      readonly event: 'workshop_invited';
      readonly workshop: WorkshopDetails;
      readonly timeZone: string;
      /** The Telegram bot's username, for the `/start w<id>` deep link; null when unknown. */
      readonly telegramBot: string | null;
    }
  | { readonly type: 'system'; readonly event: 'workshop_reminder'; readonly workshop: WorkshopDetails; readonly timeZone: string; readonly beforeMs: number }
  | { readonly type: 'system'; readonly event: 'workshop_feedback_asked'; readonly workshop: WorkshopDetails };

/** `w12` in a Telegram deep link (`/start w12`): a letter first, since a bare number is no job id or payload. */
export const DEEP_LINK_PREFIX = 'w';
