import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { text } from '../../engine/core/text.js';
import type { Lang, OutgoingMessage, Text } from '../../engine/core/vocabulary.js';
import type { Renderer } from '../../i18n.js';
import { dedupeKey } from '../../outbox/dedupe-key.js';
import { BULK_PRIORITY, type QueueableRow } from '../../outbox/queue.js';
import { insertBulk, type BulkMessage } from '../../outbox/write.js';
import { staffTelegramChats } from '../staff/notify.js';

// Tickets as rows: opened, added to, answered (the first staff member to answer takes it),
// closed; and the messages they cause — notices to staff on their staff chat, the answer to
// the person on the chat they asked from. Every function works in the caller's
// transaction and returns the outbox rows to queue once it has committed.

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

export interface TicketHeader {
  readonly no: number;
  readonly status: 'open' | 'closed';
  readonly personId: string | null;
  readonly identityId: string | null;
  readonly takenBy: string | null;
  readonly takenByName: string | null;
  readonly openedAt: Date;
  readonly firstAnswerAt: Date | null;
  /** `Siti Aminah (BJM-000123 · Kuliner · Banjarmasin Utara)`, or the chat's display name. */
  readonly who: Text;
  readonly erased: boolean;
}

interface HeaderRow {
  id: string;
  status: 'open' | 'closed';
  person_id: string | null;
  identity_id: string | null;
  taken_by_staff_id: string | null;
  taken_by_name: string | null;
  opened_at: Date;
  first_answer_at: Date | null;
  full_name: string | null;
  member_no: string | null;
  sector: string | null;
  kecamatan: string | null;
  display_name: string | null;
  erased_at: Date | null;
}

/** A ticket and who asked it; `lock` holds the row for this transaction (answering, closing). */
export async function ticketHeader(db: Kysely<Database>, no: number, lock = false): Promise<TicketHeader | null> {
  // Lock first, read second: a statement that waited for the lock would see the others' rows (who took it) as they were.
  if (lock && !(await db.selectFrom('tickets').select('id').where('id', '=', String(no)).forUpdate().executeTakeFirst())) return null;
  const { rows } = await sql<HeaderRow>`
    select t.id, t.status, t.person_id, t.identity_id, t.taken_by_staff_id, st.name as taken_by_name, t.opened_at, t.first_answer_at,
           p.full_name, p.member_no, s.name as sector, k.name as kecamatan, i.display_name, p.erased_at
      from tickets t
      left join people p on p.id = t.person_id
      left join sectors s on s.id = p.sector_id
      left join kecamatan k on k.id = p.kecamatan_id
      left join identities i on i.id = t.identity_id
      left join staff st on st.id = t.taken_by_staff_id
     where t.id = ${no}`.execute(db);
  const r = rows[0];
  return r ? toHeader(r) : null;
}

function toHeader(r: HeaderRow): TicketHeader {
  const who: Text = r.member_no
    ? text('tickets.who_member', { name: r.full_name ?? '', memberNo: r.member_no, sector: r.sector ?? '–', kecamatan: r.kecamatan ?? '–' })
    : text('tickets.who_guest', { name: r.display_name ?? { key: 'tickets.no_name' } });
  return {
    no: Number(r.id),
    status: r.status,
    personId: r.person_id,
    identityId: r.identity_id,
    takenBy: r.taken_by_staff_id,
    takenByName: r.taken_by_name,
    openedAt: r.opened_at,
    firstAnswerAt: r.first_answer_at,
    who,
    erased: r.erased_at !== null,
  };
}

/** The person's open ticket: by the person when registered, else by the chat. */
export async function openTicketOf(db: Kysely<Database>, personId: string | null, identityId: string): Promise<number | null> {
  const row = await db
    .selectFrom('tickets')
    .select('id')
    .where('status', '=', 'open')
    .where((eb) => (personId ? eb('person_id', '=', personId) : eb('identity_id', '=', identityId)))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function insertTicket(db: Kysely<Database>, personId: string | null, identityId: string, now: Date): Promise<number> {
  const row = await db.insertInto('tickets').values({ person_id: personId, identity_id: identityId, opened_at: now }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertTicketMessage(
  db: Kysely<Database>,
  message: { ticketNo: number; author: 'person' | 'staff'; staffId?: string; text: string; media?: string | null },
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('ticket_messages')
    .values({ ticket_id: message.ticketNo, author: message.author, staff_id: message.staffId ?? null, text: message.text, media: message.media ?? null, at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What a person wrote, as staff read it: the text, or `[foto]`. */
export function shownText(message: { text: string | null; media?: string | null }): Text | string {
  if (message.media) return text(`tickets.media.${message.media}`);
  return message.text ?? '';
}

/**
 * Tells staff about a ticket: every staff chat, or only the one who took it. Each notice
 * is remembered (ticket_notices) so a reply to it answers the ticket and HAPUS DATA can
 * erase it.
 */
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

export type AnswerOutcome =
  | { readonly kind: 'not_found' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'taken'; readonly by: string }
  | { readonly kind: 'sent'; readonly who: Text; readonly rows: readonly QueueableRow[] };

/**
 * A staff member's answer. The ticket row is locked first, so of two answers at once the
 * second waits and then sees who took it: the first to answer takes the question, the
 * others are told who did, and only the one who took it answers it again.
 */
export async function answerTicket(
  db: Kysely<Database>,
  words: TicketWords,
  answer: { ticketNo: number; staffId: string; staffName: string; text: string },
  now: Date,
): Promise<AnswerOutcome> {
  const ticket = await ticketHeader(db, answer.ticketNo, true);
  if (!ticket) return { kind: 'not_found' };
  if (ticket.status === 'closed' || ticket.erased) return { kind: 'closed' };
  if (ticket.takenBy && ticket.takenBy !== answer.staffId) return { kind: 'taken', by: ticket.takenByName ?? '' };
  const first = ticket.takenBy === null;
  await db
    .updateTable('tickets')
    .set({ taken_by_staff_id: answer.staffId, first_answer_at: ticket.firstAnswerAt ?? now })
    .where('id', '=', String(answer.ticketNo))
    .execute();
  const messageId = await insertTicketMessage(db, { ticketNo: answer.ticketNo, author: 'staff', staffId: answer.staffId, text: answer.text }, now);
  const reply: OutgoingMessage = { text: [text('tickets.answer', { no: answer.ticketNo, answer: answer.text, staff: answer.staffName })] };
  const rows = [...(await tellAsker(db, words, ticket, reply, `answer:${messageId}`))];
  if (first) rows.push(...(await tellOthersTaken(db, words, answer.ticketNo, answer.staffId, answer.staffName)));
  return { kind: 'sent', who: ticket.who, rows };
}

/** The staff who were told about the ticket, other than the one who took it, learn who did. */
async function tellOthersTaken(db: Kysely<Database>, words: TicketWords, ticketNo: number, staffId: string, staffName: string): Promise<QueueableRow[]> {
  const others = (await staffChats(db)).filter((c) => c.staffId !== staffId);
  const notified = new Set((await db.selectFrom('ticket_notices').select('staff_id').where('ticket_id', '=', String(ticketNo)).execute()).map((r) => r.staff_id));
  const messages: BulkMessage[] = others
    .filter((c) => notified.has(c.staffId))
    .map((chat) => ({
      identityId: chat.identityId,
      personId: null,
      channel: chat.channel,
      address: chat.address,
      text: words.renderer.renderMessage(chat.lang, { text: [text('tickets.taken_by', { no: ticketNo, staff: staffName })] }, words.facts).text,
      ...dedupeKey(['ticket', ticketNo, 'taken', chat.staffId], { topic: 'ticket' }),
      priority: BULK_PRIORITY.reminder,
    }));
  return insertBulk(db, messages);
}

export type CloseOutcome = { readonly kind: 'not_found' } | { readonly kind: 'already' } | { readonly kind: 'closed'; readonly rows: readonly QueueableRow[] };

/** Closes a ticket (`by`: `person`, `staff:<id>`, `cli`); the person is told when staff closed it. */
export async function closeTicket(db: Kysely<Database>, words: TicketWords, ticketNo: number, by: string, now: Date): Promise<CloseOutcome> {
  const ticket = await ticketHeader(db, ticketNo, true);
  if (!ticket) return { kind: 'not_found' };
  if (ticket.status === 'closed') return { kind: 'already' };
  await db.updateTable('tickets').set({ status: 'closed', closed_at: now, closed_by: by }).where('id', '=', String(ticketNo)).execute();
  if (by === 'person' || ticket.erased) return { kind: 'closed', rows: [] };
  const rows = await tellAsker(db, words, ticket, { text: [text('tickets.closed_by_staff', { no: ticketNo })] }, 'closed');
  return { kind: 'closed', rows };
}

export interface TicketListing {
  readonly no: number;
  readonly status: 'open' | 'closed';
  readonly who: Text;
  readonly openedAt: Date;
  readonly takenByName: string | null;
  readonly firstText: Text | string;
}

export async function listTickets(db: Kysely<Database>, options: { openOnly: boolean; limit?: number }): Promise<TicketListing[]> {
  const { rows } = await sql<HeaderRow & { first_text: string | null; first_media: string | null }>`
    select t.id, t.status, t.person_id, t.identity_id, t.taken_by_staff_id, st.name as taken_by_name, t.opened_at, t.first_answer_at,
           p.full_name, p.member_no, s.name as sector, k.name as kecamatan, i.display_name, p.erased_at,
           m.text as first_text, m.media as first_media
      from tickets t
      left join people p on p.id = t.person_id
      left join sectors s on s.id = p.sector_id
      left join kecamatan k on k.id = p.kecamatan_id
      left join identities i on i.id = t.identity_id
      left join staff st on st.id = t.taken_by_staff_id
      left join lateral (
        select text, media from ticket_messages where ticket_id = t.id and author = 'person' and (text <> '' or media is not null) order by id limit 1
      ) m on true
     where ${options.openOnly ? sql`t.status = 'open'` : sql`true`}
     order by t.id desc
     limit ${options.limit ?? 100}`.execute(db);
  return rows.map((r) => {
    const h = toHeader(r);
    return { no: h.no, status: h.status, who: h.who, openedAt: h.openedAt, takenByName: h.takenByName, firstText: shownText({ text: r.first_text, media: r.first_media }) };
  });
}

export interface ThreadMessage {
  readonly author: 'person' | 'staff';
  readonly staffName: string | null;
  readonly text: Text | string;
  readonly at: Date;
}

export async function ticketThread(db: Kysely<Database>, ticketNo: number): Promise<ThreadMessage[]> {
  const rows = await db
    .selectFrom('ticket_messages as m')
    .leftJoin('staff as s', 's.id', 'm.staff_id')
    .select(['m.author', 's.name', 'm.text', 'm.media', 'm.at'])
    .where('m.ticket_id', '=', String(ticketNo))
    .orderBy('m.id')
    .execute();
  return rows.filter((r) => r.media || r.text !== '').map((r) => ({ author: r.author, staffName: r.name, text: r.text === null && !r.media ? text('tickets.erased') : shownText(r), at: r.at }));
}

/** Open questions, and the median time to a first answer (of tickets answered in the last 90 days). */
export async function ticketFigures(db: Kysely<Database>, now: Date): Promise<{ open: number; medianFirstAnswerMs: number | null }> {
  const { rows } = await sql<{ open: number; median_ms: number | null }>`
    select (select count(*)::int from tickets where status = 'open') as open,
           (select percentile_cont(0.5) within group (order by extract(epoch from (first_answer_at - opened_at)) * 1000)
              from tickets where first_answer_at is not null and opened_at > ${now}::timestamptz - interval '90 days') as median_ms`.execute(db);
  const r = rows[0]!;
  return { open: Number(r.open), medianFirstAnswerMs: r.median_ms === null ? null : Number(r.median_ms) };
}

/** `3 jam`, `2 hari`, `15 menit`: how long ago, as staff read it. */
export function age(from: Date, now: Date): Text {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return text('tickets.age_minutes', { n: minutes });
  if (minutes < 48 * 60) return text('tickets.age_hours', { n: Math.floor(minutes / 60) });
  return text('tickets.age_days', { n: Math.floor(minutes / 1440) });
}
