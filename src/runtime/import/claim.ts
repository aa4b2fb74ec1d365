import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { text } from '../../engine/core/text.js';
import type { ImportEvent, ImportedMatch } from '../../engine/import/vocabulary.js';
import type { ContextLoader } from '../core/context.js';
import { recordRegistrationConsent, say, type HandlersFor } from '../core/handlers.js';
import { linkOtherChats } from '../core/links.js';

// An imported person (a typed number, "diundang, belum setuju") meets the chat whose channel
// vouches for that number: the engine is told only the name and business on record, and the
// chat becomes theirs only once it said "ya, itu saya" and consented.

/**
 * The one imported, unlinked, not erased person whose number is the one this chat's channel
 * vouches for. Two such people on one number match neither: that is for staff to sort out.
 */
const MATCH = sql`
  select min(p.id) as id from people p
   where p.phone_e164 = i.verified_phone and p.imported_at is not null and p.consent_pending
     and p.member_no is null and p.erased_at is null
     and not exists (select 1 from identities o where o.person_id = p.id)
  having count(*) = 1`;

export const importedMatchLoader: ContextLoader = {
  async load(trx, chats) {
    const ids = chats.filter((c) => c.personId === null).map((c) => c.identityId);
    if (ids.length === 0) return new Map();
    const { rows } = await sql<{ identity_id: string; full_name: string | null; business_name: string | null }>`
      select i.id as identity_id, p.full_name, p.business_name
        from identities i
        join lateral (${MATCH}) m on true
        join people p on p.id = m.id
       where i.id = any(${ids}::bigint[]) and i.person_id is null and i.verified_phone is not null`.execute(trx);
    return new Map(rows.map((r) => [r.identity_id, { imported: { name: r.full_name ?? '', business: r.business_name } satisfies ImportedMatch }]));
  },
};

/** The matching person, locked; undefined when there is none any more (linked meanwhile, erased). */
export async function lockMatch(trx: Kysely<Database>, identityId: string): Promise<{ id: string; phone: string } | undefined> {
  const { rows } = await sql<{ id: string; phone: string }>`
    select p.id, p.phone_e164 as phone from identities i
      join lateral (${MATCH}) m on true
      join people p on p.id = m.id
     where i.id = ${identityId} and i.person_id is null
       for update of p`.execute(trx);
  return rows[0];
}

export const claimHandlers: HandlersFor<ImportEvent> = {
  async imported_person_claimed(scope, event) {
    const match = await lockMatch(scope.trx, scope.identity.id);
    if (!match) return say(scope, { text: [text('import.link.gone')] });
    const person = await scope.trx
      .updateTable('people')
      .set({
        member_no: sql<string>`${scope.memberPrefix + '-'} || lpad(nextval('member_no_seq')::text, 6, '0')`,
        consent_pending: false,
        // The channel vouches for it now: the match was by the chat's verified number.
        phone_verified: true,
        lang: scope.lang,
        // Registered in Wirabot the day they agreed, as a sign-up is.
        registered_at: scope.now,
        updated_at: scope.now,
      })
      .where('id', '=', match.id)
      .where('member_no', 'is', null)
      .returning(['id', 'member_no', 'full_name', 'business_name', 'sector_id', 'kecamatan_id', 'business_started_year', 'baseline_omzet'])
      .executeTakeFirstOrThrow();
    scope.personId = person.id;
    scope.facts.memberNo = person.member_no ?? '';
    await scope.trx.updateTable('identities').set({ person_id: person.id }).where('id', '=', scope.identity.id).execute();
    await recordRegistrationConsent(scope, person.id, event.consent);
    await linkOtherChats(scope.trx, match.phone);
    say(scope, { text: [text('import.link.done', { name: person.full_name ?? '' })] });
    // The register often lacks some of what a sign-up asks: the person is told which, and how
    // to add them (`ubah`), rather than finding out when a report or a segment misses them.
    const missing = (
      [
        ['business', person.business_name],
        ['sector', person.sector_id],
        ['kecamatan', person.kecamatan_id],
        ['year', person.business_started_year],
        ['omzet', person.baseline_omzet],
      ] as const
    ).filter(([, value]) => value === null || value === '');
    if (missing.length > 0) {
      const lines = missing.map(([field]) => text('import.link.missing_item', { field: text(`field.${field}`) }));
      say(scope, { text: [text('import.link.incomplete', { fields: { lines } })] });
    }
  },
};
