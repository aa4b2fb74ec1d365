import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { OfficeHours } from '../../engine/tickets/hours.js';
import type { ContextLoader, ContextPart } from '../core/context.js';
import type { FaqVocabulary } from './faq.js';

// The tickets' part of a turn's context, for a batch of chats in two statements: each
// person's open ticket; for a staff chat, which of its messages were notices of which
// ticket (so a reply to one answers it); and, for all, the office hours and the words with
// the FAQ from the database.

const NOTICES_KEPT_DAYS = 60;

export function ticketsLoader(options: { hours: OfficeHours; vocabulary: FaqVocabulary }): ContextLoader {
  return {
    async load(trx, chats, now) {
      const vocabulary = await options.vocabulary.get(trx);
      const identityIds = chats.map((c) => c.identityId);
      const personIds = chats.flatMap((c) => (c.personId ? [c.personId] : []));
      const open = await openTickets(trx, identityIds, personIds);
      // Only staff are sent notices of tickets: a batch of people's turns needs no look.
      const staffChats = chats.filter((c) => c.staff).map((c) => c.identityId);
      const notices = staffChats.length > 0 ? await noticesOf(trx, staffChats, now) : new Map<string, Record<string, number>>();
      return new Map(
        chats.map((chat): [string, ContextPart] => {
          const no = (chat.personId ? open.byPerson.get(chat.personId) : undefined) ?? open.byIdentity.get(chat.identityId);
          return [chat.identityId, { tickets: { open: no ? { no } : null, vocabulary, hours: options.hours, notices: notices.get(chat.identityId) ?? {} } }];
        }),
      );
    },
  };
}

async function openTickets(trx: Kysely<Database>, identityIds: readonly string[], personIds: readonly string[]) {
  const { rows } = await sql<{ id: string; person_id: string | null; identity_id: string | null }>`
    select id, person_id, identity_id from tickets
     where status = 'open' and (identity_id = any(${identityIds}::bigint[]) or person_id = any(${personIds}::bigint[]))
     order by id`.execute(trx);
  const byPerson = new Map<string, number>();
  const byIdentity = new Map<string, number>();
  for (const r of rows) {
    if (r.person_id) byPerson.set(r.person_id, Number(r.id));
    else if (r.identity_id) byIdentity.set(r.identity_id, Number(r.id));
  }
  return { byPerson, byIdentity };
}

async function noticesOf(trx: Kysely<Database>, identityIds: readonly string[], now: Date): Promise<Map<string, Record<string, number>>> {
  const { rows } = await sql<{ identity_id: string; platform_message_id: string; ticket_id: string }>`
    select o.identity_id, o.platform_message_id, n.ticket_id
      from ticket_notices n
      join outbound_messages o on o.id = n.outbound_id
     where o.identity_id = any(${identityIds}::bigint[]) and o.platform_message_id is not null
       and o.created_at > ${now}::timestamptz - ${`${NOTICES_KEPT_DAYS} days`}::interval`.execute(trx);
  const map = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const own = map.get(r.identity_id) ?? {};
    // A WhatsApp id is `true_<chat>_<id>` and a quote names only `<id>`; a Telegram id is the number itself.
    own[r.platform_message_id.split('_').at(-1)!] = Number(r.ticket_id);
    map.set(r.identity_id, own);
  }
  return map;
}
