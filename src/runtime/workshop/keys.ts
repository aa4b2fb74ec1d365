import { dedupeKey, nth, type DedupeKey, type MessageSource } from '../../outbox/dedupe-key.js';

// A workshop's bulk messages, each `workshop:<id>:<topic>:…` with its topic as a column too,
// so that the unsent ones of one kind can be found (and skipped) without reading keys.

export type WorkshopTopic = 'invite' | 'reminder' | 'feedback' | 'changed' | 'cancelled' | 'promoted' | 'full' | 'announced';

/** The topic column of a workshop's messages of this kind. */
export const workshopTopic = (topic: WorkshopTopic): string => `workshop_${topic}`;

function key(workshopId: string, topic: WorkshopTopic, parts: readonly (string | number)[], extra: Partial<MessageSource> = {}): DedupeKey {
  return dedupeKey(['workshop', workshopId, topic, ...parts], { topic: workshopTopic(topic), workshopId, ...extra });
}

export const inviteKey = (workshopId: string, invitationId: string, identityId: string, index: number) =>
  key(workshopId, 'invite', [invitationId, `${identityId}${nth(index)}`], { runId: invitationId });

export const reminderKey = (workshopId: string, version: number, beforeMs: number, identityId: string, index: number) =>
  key(workshopId, 'reminder', [`v${version}`, beforeMs, `${identityId}${nth(index)}`]);

export const feedbackKey = (workshopId: string, identityId: string, index: number) => key(workshopId, 'feedback', [`${identityId}${nth(index)}`]);

/** A new time is told once per version; a new place or title once per change. */
export const changedKey = (workshopId: string, which: `time:v${number}` | `place:${number}` | `title:${number}`, personId: string) => key(workshopId, 'changed', [which, personId]);

export const cancelledKey = (workshopId: string, personId: string) => key(workshopId, 'cancelled', [personId]);

/** One per waiting-list entry moved up. */
export const promotedKey = (workshopId: string, personId: string, waitingSeq: string) => key(workshopId, 'promoted', [personId, waitingSeq]);

/** To the staff member: the seats are full (once per capacity). */
export const fullKey = (workshopId: string, capacity: number) => key(workshopId, 'full', [capacity]);

/** To the staff member: an invitation run is written. */
export const announcedKey = (workshopId: string, invitationId: string) => key(workshopId, 'announced', [invitationId], { runId: invitationId });
