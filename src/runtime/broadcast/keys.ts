import { dedupeKey, type DedupeKey } from '../../outbox/dedupe-key.js';

// A broadcast's bulk messages: one per recipient, and the summary to the staff member.

export function messageKey(broadcastId: string, personId: string): DedupeKey {
  return dedupeKey(['broadcast', broadcastId, personId], { topic: 'broadcast', broadcastId });
}

export function summaryKey(broadcastId: string): DedupeKey {
  return dedupeKey(['broadcast-summary', broadcastId], { topic: 'broadcast_summary' });
}
