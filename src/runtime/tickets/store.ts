import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { text } from '../../engine/core/text.js';
import type { Text } from '../../engine/core/vocabulary.js';

// Tickets as rows: who asked, opened and added to, listed with their age, the thread, and
// the figures. Every function works in the caller's transaction (or on the database).

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
