import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Lang, OutgoingMessage } from '../../engine/core/vocabulary.js';
import type { Renderer } from '../../i18n.js';
import { dedupeKey } from '../../outbox/dedupe-key.js';
import { BULK_PRIORITY, type QueueableRow } from '../../outbox/queue.js';
import { insertBulk, type BulkMessage } from '../../outbox/write.js';
import { staffTelegramChats } from '../staff/notify.js';
import type { TicketHeader } from './store.js';

// The messages tickets cause: notices to staff on their staff chat (remembered, so a reply
// to one answers its ticket and HAPUS DATA can erase them), and messages to the person on
// the chat they asked from. Written in the caller's transaction with a dedupe key; the rows
// returned are queued once it has committed.

export interface TicketWords {
  readonly renderer: Renderer;
  readonly facts: Readonly<Record<string, string>>;
}

export interface StaffChat {
  readonly staffId: string;
  readonly identityId: string;
  readonly channel: string;
  readonly address: string;
  readonly lang: Lang;
}

/** One chat per active staff member: Telegram when they have it, else the WhatsApp chat their number wrote from. */
export async function staffChats(db: Kysely<Database>): Promise<StaffChat[]> {
  const telegram = await staffTelegramChats(db);
  const { rows } = await sql<{ staff_id: string; identity_id: string; address: string; lang: string | null }>`
    select distinct on (s.id) s.id as staff_id, i.id as identity_id, i.address, c.state->>'lang' as lang
      from staff s
      join identities i on i.channel = 'whatsapp' and i.verified_phone = s.phone_e164 and i.unreachable_at is null
      left join conversations c on c.identity_id = i.id
     where s.removed_at is null and s.telegram_user_id is null and s.phone_e164 is not null
     order by s.id, i.last_seen_at desc`.execute(db);
  const whatsapp = rows.map((r) => ({ staffId: r.staff_id, identityId: r.identity_id, channel: 'whatsapp', address: r.address, lang: (r.lang === 'en' ? 'en' : 'id') as Lang }));
  return [...telegram.map((c) => ({ ...c, channel: 'telegram' })), ...whatsapp];
}

export async function noticeStaff(
  db: Kysely<Database>,
  words: TicketWords,
  ticketNo: number,
  message: OutgoingMessage,
  key: string,
  only?: string | null,
): Promise<QueueableRow[]> {
  const chats = (await staffChats(db)).filter((c) => !only || c.staffId === only);
  const messages: BulkMessage[] = chats.map((chat) => {
    const rendered = words.renderer.renderMessage(chat.lang, message, words.facts);
    return {
      identityId: chat.identityId,
      personId: null,
      channel: chat.channel,
      address: chat.address,
      text: rendered.text,
      ...dedupeKey(['ticket', ticketNo, key, chat.staffId], { topic: 'ticket' }),
      priority: BULK_PRIORITY.reminder,
    };
  });
  const rows = await insertBulk(db, messages);
  if (rows.length > 0) {
    const staffOf = new Map(chats.map((c) => [c.address, c.staffId]));
    await db
      .insertInto('ticket_notices')
      .values(rows.map((r) => ({ ticket_id: ticketNo, staff_id: staffOf.get(r.address ?? '') ?? chats[0]!.staffId, outbound_id: r.id })))
      .execute();
  }
  return rows;
}

/** The chat that reaches the person who asked: the one they asked from while reachable, else the one used last. */
async function askerChat(db: Kysely<Database>, ticket: TicketHeader): Promise<{ identityId: string; channel: string; address: string; lang: Lang } | null> {
  const { rows } = await sql<{ id: string; channel: string; address: string; lang: string | null }>`
    select i.id, i.channel, i.address, coalesce(c.state->>'lang', p.lang) as lang
      from identities i
      left join conversations c on c.identity_id = i.id
      left join people p on p.id = i.person_id
     where i.unreachable_at is null
       and (i.id = ${ticket.identityId} or (${ticket.personId}::bigint is not null and i.person_id = ${ticket.personId}))
     order by (i.id = ${ticket.identityId}) desc nulls last, i.last_seen_at desc
     limit 1`.execute(db);
  const r = rows[0];
  return r ? { identityId: r.id, channel: r.channel, address: r.address, lang: r.lang === 'en' ? 'en' : 'id' } : null;
}

/** A message to the person who asked, on the reply path (it answers what they asked), once per key. */
export async function tellAsker(db: Kysely<Database>, words: TicketWords, ticket: TicketHeader, message: OutgoingMessage, key: string): Promise<QueueableRow[]> {
  const chat = await askerChat(db, ticket);
  if (!chat) return [];
  const rendered = words.renderer.renderMessage(chat.lang, message, words.facts);
  return db
    .insertInto('outbound_messages')
    .values({
      identity_id: chat.identityId,
      person_id: ticket.personId,
      channel: chat.channel,
      address: chat.address,
      text: rendered.text,
      choices: JSON.stringify([]),
      path: 'reply',
      dedupe_key: ['ticket', ticket.no, key].join(':'),
      topic: 'ticket',
    })
    .onConflict((oc) => oc.column('dedupe_key').where('dedupe_key', 'is not', null).doNothing())
    .returning(['id', 'channel', 'address', 'path', 'priority'])
    .execute();
}
