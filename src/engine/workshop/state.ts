import { z } from 'zod';
import { segmentSpec } from '../segments/types.js';

// Workshops as stored in the conversation: what the person last heard of, the questions a
// person or a staff member can be in the middle of. Instants are ISO strings.

/** Kept in `state.workshop`: which workshop the person was last told about. */
export const workshopSlot = z.object({
  /** The workshop of the last invitation or reminder (a deep link before sign-up remembers it here too). */
  seen: z.string().optional(),
  /** The invitation was the very last message: its numbered choice (`1` = HADIR) may be typed. */
  choice: z.string().optional(),
  /** A feedback question that arrived while the person was busy; asked once they are free. */
  feedbackOwed: z.object({ workshopId: z.string(), title: z.string() }).optional(),
});
export type WorkshopSlot = z.infer<typeof workshopSlot>;

export const rsvpAction = z.enum(['attend', 'withdraw']);
export type RsvpAction = z.infer<typeof rsvpAction>;

/** Several workshops could be meant: which one? */
export const pickFlow = z.object({
  name: z.literal('workshop_pick'),
  action: rsvpAction,
  options: z.array(z.object({ id: z.string(), label: z.string() })).readonly(),
});
export type PickFlow = z.infer<typeof pickFlow>;

export const feedbackFlow = z.object({
  name: z.literal('workshop_feedback'),
  workshopId: z.string(),
  title: z.string(),
  step: z.enum(['rating', 'comment']),
});
export type FeedbackFlow = z.infer<typeof feedbackFlow>;

export const workshopDraft = z.object({
  title: z.string().optional(),
  description: z.string().nullable().optional(),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  place: z.string().optional(),
  capacity: z.number().int().optional(),
});
export type WorkshopDraft = z.infer<typeof workshopDraft>;

export const createStep = z.enum(['title', 'description', 'when', 'place', 'capacity', 'confirm']);
export type CreateStep = z.infer<typeof createStep>;

/** `/pelatihan`: a new workshop, one answer at a time, then `ya`. */
export const createFlow = z.object({ name: z.literal('workshop_create'), step: createStep, draft: workshopDraft });
export type CreateFlow = z.infer<typeof createFlow>;

/** `/pelatihan umumkan 3`: who is invited, then the preview. */
export const inviteFlow = z.discriminatedUnion('step', [
  z.object({ name: z.literal('workshop_invite'), step: z.literal('segment'), workshopId: z.string(), title: z.string() }),
  z.object({ name: z.literal('workshop_invite'), step: z.literal('confirm'), workshopId: z.string(), title: z.string(), segment: segmentSpec }),
]);
export type InviteFlow = z.infer<typeof inviteFlow>;

/** `/pelatihan batalkan 3`: asked before everyone is told. */
export const cancelFlow = z.object({ name: z.literal('workshop_cancel'), step: z.literal('confirm'), workshopId: z.string(), title: z.string() });
export type CancelFlow = z.infer<typeof cancelFlow>;
