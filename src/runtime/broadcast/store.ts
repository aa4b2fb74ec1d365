import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Lang } from '../../engine/core/vocabulary.js';
import type { SegmentSpec } from '../../engine/segments/types.js';
import { recordAudit } from '../staff/audit.js';

// Creating a broadcast, the same way from chat and from the command line: the row, and the
// audit entry that says who sent what to whom. Its fan-out is queued by the caller once
// this is committed.

export interface NewBroadcast {
  readonly staffId: string | null;
  readonly actor: string;
  readonly text: string;
  readonly segment: SegmentSpec;
  /** Where the delivery summary goes; none for a command line run without `--staff`. */
  readonly notifyIdentityId: string | null;
  readonly lang: Lang;
  /** A time to send it at (a future instant): the broadcast waits as `scheduled` until then. */
  readonly scheduledAt?: Date | null;
}

export async function createBroadcast(db: Kysely<Database>, input: NewBroadcast, now?: Date): Promise<string> {
  const row = await db
    .insertInto('broadcasts')
    .values({
      staff_id: input.staffId,
      actor: input.actor,
      text: input.text,
      segment: JSON.stringify(input.segment),
      notify_identity_id: input.notifyIdentityId,
      lang: input.lang,
      ...(input.scheduledAt ? { status: 'scheduled' as const, scheduled_at: input.scheduledAt } : {}),
      ...(now ? { created_at: now } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db, { staffId: input.staffId, actor: input.actor, action: 'broadcast_created', details: { broadcastId: row.id, segment: input.segment, text: input.text, ...(input.scheduledAt ? { scheduledAt: input.scheduledAt.toISOString() } : {}) } }, now);
  return row.id;
}

export type CancelResult =
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'not_found' }
  /** Already going or gone (`approved` onwards), or cancelled before. */
  | { readonly kind: 'too_late'; readonly status: string };

/**
 * Cancels a scheduled broadcast before it starts. The update is guarded by the status, so a
 * broadcast check starting it at the same moment either wins (then: too late) or finds it cancelled.
 */
export async function cancelBroadcast(db: Kysely<Database>, input: { id: string; staffId: string | null; actor: string }, now = new Date()): Promise<CancelResult> {
  const cancelled = await db
    .updateTable('broadcasts')
    .set({ status: 'cancelled', cancelled_at: now })
    .where('id', '=', input.id)
    .where('status', '=', 'scheduled')
    .returning('id')
    .executeTakeFirst();
  if (cancelled) {
    await recordAudit(db, { staffId: input.staffId, actor: input.actor, action: 'broadcast_cancelled', details: { broadcastId: input.id } }, now);
    return { kind: 'cancelled' };
  }
  const row = await db.selectFrom('broadcasts').select('status').where('id', '=', input.id).executeTakeFirst();
  return row ? { kind: 'too_late', status: row.status } : { kind: 'not_found' };
}

/** The chat a staff member last used (Telegram by user id, or a chat WhatsApp vouches is their number). */
export async function staffChat(db: Kysely<Database>, staffId: string): Promise<string | null> {
  const staff = await db.selectFrom('staff').select(['phone_e164', 'telegram_user_id']).where('id', '=', staffId).executeTakeFirst();
  if (!staff) return null;
  const chat = await db
    .selectFrom('identities')
    .select('id')
    .where((eb) =>
      eb.or([
        ...(staff.telegram_user_id ? [eb.and([eb('channel', '=', 'telegram'), eb('address', '=', staff.telegram_user_id)])] : []),
        ...(staff.phone_e164 ? [eb('verified_phone', '=', staff.phone_e164)] : []),
      ]),
    )
    .orderBy('last_seen_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return chat?.id ?? null;
}
