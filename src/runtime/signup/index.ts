import { sql } from 'kysely';
import { signup as engine } from '../../engine/signup/index.js';
import type { SignupEvent } from '../../engine/signup/vocabulary.js';
import type { Capability } from '../core/capability.js';
import { registrationConsent, type HandlersFor } from '../core/handlers.js';
import { linkOtherChats } from '../core/links.js';

// Sign-up as rows: the person with their member number, the chat linked to them, the
// consent they gave.

const handlers: HandlersFor<SignupEvent> = {
  async person_registered(scope, event) {
    const p = event.profile;
    const chat = scope.identity.id;
    // One statement (sign-ups come by the thousand): the person, the chat linked to them,
    // their consent. Vouched for only when this chat's channel vouches for the number (the
    // WhatsApp sender, an own shared Telegram contact): the flow's own flag is not enough, a
    // number typed over one the channel gave must not count.
    const vouched = p.phone === null ? sql<boolean>`false` : sql<boolean>`coalesce((select verified_phone = ${p.phone} from identities where id = ${chat}), false)`;
    const consent = registrationConsent(scope, event.consent);
    const person = await scope.trx
      .with('person', (db) =>
        db
          .insertInto('people')
          .values({
            member_no: sql<string>`${scope.memberPrefix + '-'} || lpad(nextval('member_no_seq')::text, 6, '0')`,
            full_name: p.name,
            business_name: p.business,
            phone_e164: p.phone,
            phone_verified: vouched,
            sector_id: p.sectorId,
            business_activity: p.activity,
            kecamatan_id: p.kecamatanId,
            business_started_year: p.year,
            baseline_omzet: p.omzet,
            lang: scope.lang,
            registered_at: scope.now,
          })
          .returning(['id', 'member_no', 'phone_verified']),
      )
      .with('linked', (db) =>
        db
          .updateTable('identities')
          .set((eb) => ({ person_id: eb.selectFrom('person').select('person.id') }))
          .where('id', '=', chat),
      )
      .with('consent', (db) =>
        db
          .insertInto('consents')
          .columns(['person_id', 'purpose', 'text_version', 'lang', 'granted', 'channel', 'decided_at'])
          .expression((eb) =>
            eb
              .selectFrom('person')
              .select((s) => [
                'person.id',
                s.val(consent.purpose).as('purpose'),
                s.val(consent.text_version).as('text_version'),
                s.val(consent.lang).as('lang'),
                s.val(consent.granted).as('granted'),
                s.val(consent.channel).as('channel'),
                s.val(consent.decided_at).as('decided_at'),
              ]),
          ),
      )
      .selectFrom('person')
      .select(['id', 'member_no', 'phone_verified'])
      .executeTakeFirstOrThrow();
    scope.personId = person.id;
    scope.facts.memberNo = person.member_no ?? '';
    if (p.phone && person.phone_verified) await linkOtherChats(scope.trx, p.phone);
  },
};

export const signup: Capability<SignupEvent> = {
  name: 'signup',
  engine,
  setUp: () => ({ handlers }),
};
