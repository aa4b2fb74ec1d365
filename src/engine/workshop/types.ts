import type { SegmentSpec } from '../segments/types.js';

// The workshop side of the engine's vocabulary: what a person or a staff member can be in
// the middle of, what the runtime tells the engine, and the events a turn may produce.
// Instants travel as ISO strings so states and events stay plain JSON.

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

/** Kept in `ConversationState.workshop`: which workshop the person was last told about. */
export interface WorkshopState {
  /** The workshop of the last invitation or reminder: `HADIR` and `BATAL HADIR` mean this one. */
  readonly seen?: string;
  /** The invitation was the very last message: its numbered choice (`1` = HADIR) may be typed. */
  readonly choice?: string;
  /** A feedback question that arrived while the person was busy; asked once they are free. */
  readonly feedbackOwed?: { readonly workshopId: string; readonly title: string };
}

export type RsvpAction = 'attend' | 'withdraw';

/** Person flows (members of `Flow`). */
export type WorkshopFlow =
  | {
      /** Several workshops could be meant: which one? */
      readonly name: 'workshop_pick';
      readonly action: RsvpAction;
      readonly options: readonly { readonly id: string; readonly label: string }[];
    }
  | {
      readonly name: 'workshop_feedback';
      readonly workshopId: string;
      readonly title: string;
      readonly step: 'rating' | 'comment';
    };

export interface WorkshopDraft {
  readonly title?: string;
  readonly description?: string | null;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly place?: string;
  readonly capacity?: number;
}

export type CreateStep = 'title' | 'description' | 'when' | 'place' | 'capacity' | 'confirm';

/** Staff flows (members of `StaffFlow`). */
export type WorkshopStaffFlow =
  | { readonly name: 'workshop_create'; readonly step: CreateStep; readonly draft: WorkshopDraft }
  | { readonly name: 'workshop_announce'; readonly step: 'segment'; readonly workshopId: string; readonly title: string }
  | { readonly name: 'workshop_announce'; readonly step: 'confirm'; readonly workshopId: string; readonly title: string; readonly segment: SegmentSpec }
  | { readonly name: 'workshop_cancel'; readonly step: 'confirm'; readonly workshopId: string; readonly title: string };

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
  | { readonly type: 'workshop_report_requested'; readonly staffId: string; readonly workshopId: string };

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

export function isWorkshopSystemInput(input: { readonly type: string; readonly event?: string }): input is WorkshopSystemInput {
  return input.type === 'system' && typeof input.event === 'string' && input.event.startsWith('workshop_');
}

/** `w12` in a Telegram deep link (`/start w12`): a letter first, since a bare number is no job id or payload. */
export const DEEP_LINK_PREFIX = 'w';
