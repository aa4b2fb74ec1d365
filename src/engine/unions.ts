import { z } from 'zod';
import type { BroadcastEvent } from './broadcast/vocabulary.js';
import { broadcastFlow } from './broadcast/state.js';
import type { CheckinContext, CheckinEvent, CheckinSystemInput } from './checkin/vocabulary.js';
import { checkinFlow, checkinProgress } from './checkin/state.js';
import type { CoreContext, CoreEvent, Input } from './core/vocabulary.js';
import type { Vocabulary } from './parse/vocabulary.js';
import type { ImportEvent, ImportedMatch } from './import/vocabulary.js';
import { importedFlow, importedSlot } from './import/state.js';
import type { PrivacyEvent } from './privacy/vocabulary.js';
import { eraseFlow, stopFlow } from './privacy/state.js';
import type { ProfileContext, ProfileEvent } from './profile/vocabulary.js';
import { editFlow } from './profile/state.js';
import type { SignupEvent } from './signup/vocabulary.js';
import { signupFlow } from './signup/state.js';
import type { StaffEvent } from './staff/vocabulary.js';
import type { StatisticsEvent } from './statistics/vocabulary.js';
import type { TicketEvent, TicketsContext } from './tickets/vocabulary.js';
import type { WorkshopContext, WorkshopEvent, WorkshopSystemInput } from './workshop/vocabulary.js';
import { cancelFlow, createFlow, feedbackFlow, inviteFlow, pickFlow, workshopSlot } from './workshop/state.js';

// Where the capabilities' unions meet: every event a turn may produce, every flow a person
// or a staff member may be in, every input a job may send, and what each capability keeps
// in the conversation or adds to the turn's context. TypeScript checks each switch over them
// against this file; the stored state is validated against the same schemas. A capability
// adds a line here for each of these it has (the capability list is src/capabilities.ts).

export type EngineEvent = CoreEvent | SignupEvent | ProfileEvent | PrivacyEvent | CheckinEvent | WorkshopEvent | BroadcastEvent | StaffEvent | StatisticsEvent | TicketEvent | ImportEvent;

/** A person's flow: the question they are answering (`state.flow`). */
export const FLOW = z.union([signupFlow, importedFlow, editFlow, eraseFlow, stopFlow, checkinFlow, pickFlow, feedbackFlow]);
export type Flow = z.infer<typeof FLOW>;

/** A staff member's flow (`state.staffFlow`), next to (never inside) `flow`. */
export const STAFF_FLOW = z.union([broadcastFlow, createFlow, inviteFlow, cancelFlow]);
export type StaffFlow = z.infer<typeof STAFF_FLOW>;

/** What a capability keeps in the conversation besides the open flow: absent until needed. */
export const SLOTS = {
  checkin: checkinProgress.optional(),
  workshop: workshopSlot.optional(),
  imported: importedSlot.optional(),
};

export type SystemInput = CheckinSystemInput | WorkshopSystemInput;
export type TurnInput = Input | SystemInput;

/** The facts a turn is run with: the core's, and each capability's (null when not loaded). */
export interface TurnContext extends CoreContext {
  /** The words the bot understands: the city files plus what staff added (src/city, vocabulary_additions). */
  readonly vocabulary: Vocabulary;
  readonly checkin?: CheckinContext | null;
  readonly workshops?: WorkshopContext | null;
  readonly profile?: ProfileContext | null;
  readonly tickets?: TicketsContext | null;
  /** An imported person this unregistered chat's vouched-for number matches (engine/import). */
  readonly imported?: ImportedMatch | null;
}
