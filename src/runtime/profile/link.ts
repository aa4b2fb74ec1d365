import { issueCode, redeemCode } from '../../codes/codes.js';
import { text } from '../../engine/core/text.js';
import type { Text } from '../../engine/core/vocabulary.js';
import type { ProfileEvent } from '../../engine/profile/vocabulary.js';
import { dedupeKey } from '../../outbox/dedupe-key.js';
import { BULK_PRIORITY } from '../../outbox/queue.js';
import { insertBulk } from '../../outbox/write.js';
import { queueAfterCommit } from '../core/after-commit.js';
import type { Services } from '../core/capability.js';
import { later, say, type HandlersFor, type TurnScope } from '../core/handlers.js';
import { linkOtherChats } from '../core/links.js';

// `HUBUNGKAN` as rows: a registration whose number was typed gets a one-time code sent to
// the chat whose channel vouches for that number; typed back in the registered chat, it
// joins that chat and marks the number verified. Typing a number proves nothing; receiving
// a code on it does.

type LinkHandlers = Omit<HandlersFor<ProfileEvent>, 'profile_updated'>;

export function linkHandlers(s: Pick<Services, 'db' | 'config' | 'queues' | 'log'>): LinkHandlers {
  const key = s.config.ID_HASH_KEY;
  return {
    async link_code_requested(scope) {
      if (!scope.personId) return reply(scope, text('common.not_registered'));
      const person = await scope.trx.selectFrom('people').select(['member_no', 'phone_e164', 'phone_verified']).where('id', '=', scope.personId).executeTakeFirstOrThrow();
      if (!person.phone_e164) return reply(scope, text('profile.link.no_phone'));
      if (person.phone_verified) return reply(scope, text('profile.link.already', { phone: person.phone_e164 }));
      const target = await scope.trx
        .selectFrom('identities')
        .select(['id', 'channel', 'address'])
        .where('verified_phone', '=', person.phone_e164)
        .where('id', '<>', scope.identity.id)
        .where('person_id', 'is', null)
        .where('address', 'is not', null)
        .orderBy('last_seen_at', 'desc')
        .executeTakeFirst();
      if (!target) return reply(scope, text('profile.link.no_chat', { phone: person.phone_e164 }));
      const issued = await issueCode({ db: scope.trx, key }, { purpose: 'link_chat', subject: scope.personId, meta: { identityId: target.id } }, scope.now);
      const message = scope.renderer.renderMessage('id', { text: [text('profile.link.code_message', { code: issued.code, memberNo: person.member_no ?? '' })] }, scope.facts);
      const rows = await insertBulk(scope.trx, [
        {
          identityId: target.id,
          personId: null,
          channel: target.channel,
          address: target.address,
          text: message.text,
          choices: [],
          ...dedupeKey(['link', issued.id], { topic: 'link_code' }),
          priority: BULK_PRIORITY.reminder,
        },
      ]);
      later(scope, () => queueAfterCommit(s.db, s.queues, rows, s.log));
      reply(scope, text('profile.link.code_sent', { phone: person.phone_e164 }));
    },

    async link_code_sent(scope, event) {
      if (!scope.personId) return reply(scope, text('common.not_registered'));
      const redeemed = await redeemCode({ db: scope.trx, key }, { purpose: 'link_chat', typed: event.code, subject: scope.personId, by: `${scope.identity.channel}:${scope.identity.address}` }, scope.now);
      if (!redeemed.ok) return reply(scope, text(`profile.link.${redeemed.reason}`));
      const person = await scope.trx.selectFrom('people').select('phone_e164').where('id', '=', scope.personId).executeTakeFirstOrThrow();
      const identityId = String(redeemed.meta.identityId ?? '');
      // The chat must still be unclaimed and still vouch for the registration's number.
      const joined = await scope.trx
        .updateTable('identities')
        .set({ person_id: scope.personId })
        .where('id', '=', identityId)
        .where('person_id', 'is', null)
        .where('verified_phone', '=', person.phone_e164)
        .executeTakeFirst();
      if (Number(joined.numUpdatedRows) === 0 || !person.phone_e164) return reply(scope, text('profile.link.gone'));
      await scope.trx.updateTable('people').set({ phone_verified: true, updated_at: scope.now }).where('id', '=', scope.personId).execute();
      await linkOtherChats(scope.trx, person.phone_e164);
      reply(scope, text('profile.link.done', { phone: person.phone_e164 }));
    },
  };
}

function reply(scope: TurnScope, words: Text): void {
  say(scope, { text: [words] });
}
