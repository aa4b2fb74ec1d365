import { sql } from 'kysely';
import { signup as engine } from '../../engine/signup/index.js';
import type { SignupEvent } from '../../engine/signup/vocabulary.js';
import type { Capability } from '../core/capability.js';
import { recordRegistrationConsent, type HandlersFor } from '../core/handlers.js';
import { chatVouchesFor, linkOtherChats } from '../core/links.js';

// Sign-up as rows: the person with their member number, the chat linked to them, the
// consent they gave.

const handlers: HandlersFor<SignupEvent> = {
  async person_registered(scope, event) {
    const p = event.profile;
    // Vouched for only when this chat's channel vouches for it (the WhatsApp sender, an own
    // shared Telegram contact): the flow's own flag is not enough, a number typed over one the
    // channel gave must not count.
    const phoneVerified = await chatVouchesFor(scope.trx, scope.identity.id, p.phone);
    const person = await scope.trx
      .insertInto('people')
      .values({
        member_no: sql<string>`${scope.memberPrefix + '-'} || lpad(nextval('member_no_seq')::text, 6, '0')`,
        full_name: p.name,
        business_name: p.business,
        phone_e164: p.phone,
        phone_verified: phoneVerified,
        sector_id: p.sectorId,
        business_activity: p.activity,
        kecamatan_id: p.kecamatanId,
        business_started_year: p.year,
        baseline_omzet: p.omzet,
        lang: scope.lang,
        registered_at: scope.now,
      })
      .returning(['id', 'member_no'])
      .executeTakeFirstOrThrow();
    scope.personId = person.id;
    scope.facts.memberNo = person.member_no ?? '';
    await scope.trx
      .updateTable('identities')
      .set({ person_id: person.id })
      .where('id', '=', scope.identity.id)
      .execute();
    await recordRegistrationConsent(scope, person.id, event.consent);
    if (p.phone && phoneVerified) await linkOtherChats(scope.trx, p.phone);
  },
};

export const signup: Capability<SignupEvent> = {
  name: 'signup',
  engine,
  setUp: () => ({ handlers }),
};
