import { dedupeKey, nth, type DedupeKey } from '../../outbox/dedupe-key.js';

// The check-in's bulk messages: the question when a period opens, and each reminder round.

export function questionKey(period: string, identityId: string, index: number): DedupeKey {
  return dedupeKey(['checkin', period, identityId, `open${nth(index)}`], { topic: 'checkin_question' });
}

export function reminderKey(period: string, round: number, identityId: string, index: number): DedupeKey {
  return dedupeKey(['checkin', period, identityId, `reminder${round}${nth(index)}`], { topic: 'checkin_reminder' });
}
