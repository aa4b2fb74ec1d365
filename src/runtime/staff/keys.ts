import { dedupeKey, type DedupeKey } from '../../outbox/dedupe-key.js';

// The staff alerts: WhatsApp down (or back), once per outage and staff member.

export function whatsappAlertKey(kind: 'alert' | 'back', outageStart: number, staffId: string): DedupeKey {
  return dedupeKey([`whatsapp-${kind}`, outageStart, staffId], { topic: 'whatsapp_alert' });
}
