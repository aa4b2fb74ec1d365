import { createHmac } from 'node:crypto';

// Platform ids carry who a person is: a WhatsApp message id holds the phone number, a
// Telegram one the chat id. What must outlive a person's erasure (knowing a message was
// already received, a chat that refused consent) is kept as a keyed hash of the id instead:
// the same id always gives the same hash, and without ID_HASH_KEY no phone number can be
// tried against it.

/** `kind` keeps hashes of different things apart (`inbound:telegram`, `chat:whatsapp` …). */
export type IdHasher = (kind: string, value: string) => string;

export function idHasher(key: string): IdHasher {
  return (kind, value) => createHmac('sha256', key).update(`${kind}\u0000${value}`).digest('base64url');
}

/** What `inbound_messages.external_id` holds for a platform's message id (`k1:`: keyed, first form). */
export function inboundKey(hash: IdHasher, channel: string, externalId: string): string {
  return `k1:${hash(`inbound:${channel}`, externalId)}`;
}

/** A chat's address as kept after the chat is forgotten (a refused consent). */
export function chatKey(hash: IdHasher, channel: string, address: string): string {
  return hash(`chat:${channel}`, address);
}
