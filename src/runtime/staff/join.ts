import { redeemCode, type RedeemFailure } from '../../codes/codes.js';
import { text } from '../../engine/core/text.js';
import type { StaffEvent } from '../../engine/staff/vocabulary.js';
import { say, type HandlersFor, type TurnScope } from '../core/handlers.js';
import { recordAudit } from './audit.js';

// A staff invitation code sent to the bot: the chat it came from becomes a staff member's
// (a Telegram private chat by its user id, WhatsApp by the number WhatsApp vouches for),
// named as the invitation said, and audited. The code is used up only when that works.

type JoinReply = 'done' | 'already' | 'wrong_channel' | RedeemFailure;

export function joinHandlers(key: string): HandlersFor<StaffEvent> {
  return {
    async staff_code_sent(scope, event) {
      const reply = await join(scope, event.code, key);
      say(scope, { text: [text(`staff.join.${reply.kind}`, reply.params)] });
    },
  };
}

async function join(scope: TurnScope, code: string, key: string): Promise<{ kind: JoinReply; params?: Record<string, string> }> {
  const chat = await scope.trx.selectFrom('identities').select(['channel', 'address', 'verified_phone']).where('id', '=', scope.identity.id).executeTakeFirstOrThrow();
  const ids = staffIdsOf(chat.channel, chat.address, chat.verified_phone);
  if (!ids) return { kind: 'wrong_channel' };
  const existing = await scope.trx
    .selectFrom('staff')
    .select('name')
    .where('removed_at', 'is', null)
    .where((eb) => (ids.telegram_user_id ? eb('telegram_user_id', '=', ids.telegram_user_id) : eb('phone_e164', '=', ids.phone_e164!)))
    .executeTakeFirst();
  if (existing) return { kind: 'already', params: { name: existing.name } };

  const redeemed = await redeemCode({ db: scope.trx, key }, { purpose: 'staff_invite', typed: code, by: `${chat.channel}:${chat.address}` }, scope.now);
  if (!redeemed.ok) return { kind: redeemed.reason };
  const name = typeof redeemed.meta.name === 'string' ? redeemed.meta.name : '';
  const staff = await scope.trx.insertInto('staff').values({ name, ...ids, added_at: scope.now }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(scope.trx, { staffId: staff.id, actor: `chat:${chat.channel}`, action: 'staff_joined', details: { staffId: staff.id, codeId: redeemed.id, channel: chat.channel } }, scope.now);
  return { kind: 'done', params: { name } };
}

/** How a chat is known as staff's; null for a chat that cannot be (the console, a group). */
function staffIdsOf(channel: string, address: string, verifiedPhone: string | null): { telegram_user_id: string | null; phone_e164: string | null } | null {
  if (channel === 'telegram' && /^\d{1,15}$/u.test(address)) return { telegram_user_id: address, phone_e164: null };
  if (channel === 'whatsapp' && verifiedPhone) return { telegram_user_id: null, phone_e164: verifiedPhone };
  return null;
}
