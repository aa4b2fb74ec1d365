import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WorkshopRow } from '../../db/workshop-schema.js';
import type { NewWorkshop, WorkshopChange } from '../../engine/workshop/vocabulary.js';
import { workshopTopic, type WorkshopTopic } from './keys.js';

// Workshops and their seats, in SQL. Every change to who holds a seat first locks the
// workshop row (`for update`), then counts: two people answering HADIR for the last seat
// at the same instant are served one after the other, and the second finds it taken and
// joins the waiting list. The same lock orders cancellations, promotions and capacity
// changes. Callers pass their transaction; nothing here sends anything.

export type Closed = { readonly kind: 'closed'; readonly why: 'not_found' | 'cancelled' | 'started' };

export type SeatOutcome =
  | { readonly kind: 'confirmed'; readonly full: boolean }
  | { readonly kind: 'already_confirmed' }
  | { readonly kind: 'waiting'; readonly position: number }
  | { readonly kind: 'already_waiting'; readonly position: number }
  | Closed;

export interface Promoted {
  readonly personId: string;
  /** The waiting-list entry that was moved up: one notice per entry. */
  readonly waitingSeq: string;
}

export async function lockWorkshop(trx: Kysely<Database>, id: string): Promise<WorkshopRow | undefined> {
  if (!/^\d{1,12}$/u.test(id)) return undefined;
  return trx.selectFrom('workshops').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Why a workshop takes no more RSVPs or changes, or null while it does. */
export function closedReason(workshop: WorkshopRow | undefined, now: Date): Closed | null {
  if (!workshop) return { kind: 'closed', why: 'not_found' };
  if (workshop.status === 'cancelled') return { kind: 'closed', why: 'cancelled' };
  if (workshop.starts_at.getTime() <= now.getTime()) return { kind: 'closed', why: 'started' };
  return null;
}

export async function countConfirmed(db: Kysely<Database>, workshopId: string): Promise<number> {
  const row = await db
    .selectFrom('workshop_rsvps')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workshop_id', '=', workshopId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function waitingPosition(db: Kysely<Database>, workshopId: string, seq: string): Promise<number> {
  const row = await sql<{ n: string }>`
    select count(*) as n from workshop_rsvps
     where workshop_id = ${workshopId} and status = 'waiting' and waiting_seq <= ${seq}`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

/** HADIR: a seat while one is free, else the end of the waiting list. */
export async function takeSeat(trx: Kysely<Database>, workshopId: string, personId: string, identityId: string | null, now: Date): Promise<{ workshop: WorkshopRow | undefined; outcome: SeatOutcome }> {
  const workshop = await lockWorkshop(trx, workshopId);
  const closed = closedReason(workshop, now);
  if (closed || !workshop) return { workshop, outcome: closed ?? { kind: 'closed', why: 'not_found' } };
  const existing = await trx.selectFrom('workshop_rsvps').select(['status', 'waiting_seq']).where('workshop_id', '=', workshopId).where('person_id', '=', personId).executeTakeFirst();
  if (existing?.status === 'confirmed') return { workshop, outcome: { kind: 'already_confirmed' } };
  if (existing?.status === 'waiting' && existing.waiting_seq) {
    return { workshop, outcome: { kind: 'already_waiting', position: await waitingPosition(trx, workshopId, existing.waiting_seq) } };
  }
  const taken = await countConfirmed(trx, workshopId);
  const seat = taken < workshop.capacity;
  const { rows } = await sql<{ waiting_seq: string | null }>`
    insert into workshop_rsvps (workshop_id, person_id, status, waiting_seq, identity_id, created_at, updated_at, confirmed_at)
    values (${workshopId}, ${personId}, ${seat ? 'confirmed' : 'waiting'},
            ${seat ? null : sql`nextval('workshop_waiting_seq')`}, ${identityId}, ${now}, ${now}, ${seat ? now : null})
    on conflict on constraint workshop_rsvps_pkey do update
       set status = excluded.status, waiting_seq = excluded.waiting_seq, confirmed_at = excluded.confirmed_at,
           identity_id = coalesce(excluded.identity_id, workshop_rsvps.identity_id),
           updated_at = excluded.updated_at, cancelled_at = null, promoted_at = null
    returning waiting_seq`.execute(trx);
  if (seat) return { workshop, outcome: { kind: 'confirmed', full: taken + 1 >= workshop.capacity } };
  return { workshop, outcome: { kind: 'waiting', position: await waitingPosition(trx, workshopId, rows[0]!.waiting_seq!) } };
}

export type LeaveOutcome =
  | { readonly kind: 'left'; readonly was: 'confirmed' | 'waiting'; readonly promoted: readonly Promoted[] }
  | { readonly kind: 'not_registered' }
  | Closed;

/** BATAL HADIR: the seat (or waiting-list place) is given up; the first waiting moves up. */
export async function leaveSeat(trx: Kysely<Database>, workshopId: string, personId: string, now: Date): Promise<{ workshop: WorkshopRow | undefined; outcome: LeaveOutcome }> {
  const workshop = await lockWorkshop(trx, workshopId);
  const closed = closedReason(workshop, now);
  if (closed || !workshop) return { workshop, outcome: closed ?? { kind: 'closed', why: 'not_found' } };
  const existing = await trx.selectFrom('workshop_rsvps').select('status').where('workshop_id', '=', workshopId).where('person_id', '=', personId).executeTakeFirst();
  if (!existing || existing.status === 'cancelled') return { workshop, outcome: { kind: 'not_registered' } };
  await trx
    .updateTable('workshop_rsvps')
    .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
    .where('workshop_id', '=', workshopId)
    .where('person_id', '=', personId)
    .execute();
  await skipUnsent(trx, workshopId, 'reminder', 'RSVP cancelled', personId);
  const promoted = existing.status === 'confirmed' ? await promoteWaiting(trx, workshop, now) : [];
  return { workshop, outcome: { kind: 'left', was: existing.status, promoted } };
}

/** Moves people up from the waiting list, oldest first, while seats are free. The workshop must be locked. */
export async function promoteWaiting(trx: Kysely<Database>, workshop: WorkshopRow, now: Date): Promise<Promoted[]> {
  const free = workshop.capacity - (await countConfirmed(trx, workshop.id));
  if (free <= 0) return [];
  const { rows } = await sql<{ person_id: string; waiting_seq: string }>`
    update workshop_rsvps r
       set status = 'confirmed', confirmed_at = ${now}, promoted_at = ${now}, updated_at = ${now}
      from (select person_id from workshop_rsvps
             where workshop_id = ${workshop.id} and status = 'waiting'
             order by waiting_seq limit ${free}) first
     where r.workshop_id = ${workshop.id} and r.person_id = first.person_id
    returning r.person_id, r.waiting_seq`.execute(trx);
  return rows.map((r) => ({ personId: r.person_id, waitingSeq: r.waiting_seq })).sort((a, b) => Number(a.waitingSeq) - Number(b.waitingSeq));
}

/**
 * Messages about this workshop not sent yet that no longer apply: a reminder to someone who
 * cancelled, everything about a cancelled workshop.
 */
export async function skipUnsent(trx: Kysely<Database>, workshopId: string, topic: WorkshopTopic | 'any', reason: string, personId?: string): Promise<void> {
  let query = trx
    .updateTable('outbound_messages')
    .set({ status: 'skipped', status_reason: reason })
    .where('workshop_id', '=', workshopId)
    .where('status', 'in', ['pending', 'queued']);
  if (topic !== 'any') query = query.where('topic', '=', workshopTopic(topic));
  if (personId) query = query.where('person_id', '=', personId);
  await query.execute();
}

export interface WorkshopAuthor {
  readonly staffId: string | null;
  readonly actor: string;
  /** The chat told when the seats are full (the staff member's). */
  readonly notifyIdentityId: string | null;
}

export async function createWorkshop(db: Kysely<Database>, input: NewWorkshop, author: WorkshopAuthor, now: Date): Promise<WorkshopRow> {
  return db
    .insertInto('workshops')
    .values({
      title: input.title,
      description: input.description,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      place: input.place,
      capacity: input.capacity,
      staff_id: author.staffId,
      actor: author.actor,
      notify_identity_id: author.notifyIdentityId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type ChangeOutcome =
  | {
      readonly kind: 'changed';
      readonly before: WorkshopRow;
      readonly after: WorkshopRow;
      readonly promoted: readonly Promoted[];
      /** Confirmed seats after the change (may exceed a lowered capacity: nobody is removed). */
      readonly confirmed: number;
    }
  | { readonly kind: 'unchanged'; readonly workshop: WorkshopRow }
  | Closed;

export async function changeWorkshop(trx: Kysely<Database>, workshopId: string, change: WorkshopChange, now: Date): Promise<ChangeOutcome> {
  const before = await lockWorkshop(trx, workshopId);
  const closed = closedReason(before, now);
  if (closed || !before) return closed ?? { kind: 'closed', why: 'not_found' };
  const set = changedColumns(before, change);
  if (!set) return { kind: 'unchanged', workshop: before };
  const after = await trx.updateTable('workshops').set({ ...set, updated_at: now }).where('id', '=', workshopId).returningAll().executeTakeFirstOrThrow();
  const promoted = change.field === 'capacity' ? await promoteWaiting(trx, after, now) : [];
  return { kind: 'changed', before, after, promoted, confirmed: await countConfirmed(trx, workshopId) };
}

function changedColumns(w: WorkshopRow, change: WorkshopChange) {
  switch (change.field) {
    case 'time': {
      const startsAt = new Date(change.startsAt);
      const endsAt = change.endsAt ? new Date(change.endsAt) : new Date(startsAt.getTime() + (w.ends_at.getTime() - w.starts_at.getTime()));
      if (startsAt.getTime() === w.starts_at.getTime() && endsAt.getTime() === w.ends_at.getTime()) return null;
      // A new version: reminders and the feedback question of the old time do nothing.
      return { starts_at: startsAt, ends_at: endsAt, version: w.version + 1 };
    }
    case 'place':
      return change.place === w.place ? null : { place: change.place };
    case 'title':
      return change.title === w.title ? null : { title: change.title };
    case 'capacity':
      return change.capacity === w.capacity ? null : { capacity: change.capacity };
  }
}

export type CancelOutcome = { readonly kind: 'cancelled'; readonly workshop: WorkshopRow; readonly affected: readonly string[] } | Closed;

/** Cancels a workshop; returns the people holding a seat or a waiting-list place, to be told. */
export async function cancelWorkshop(trx: Kysely<Database>, workshopId: string, now: Date): Promise<CancelOutcome> {
  const before = await lockWorkshop(trx, workshopId);
  const closed = closedReason(before, now);
  if (closed || !before) return closed ?? { kind: 'closed', why: 'not_found' };
  const workshop = await trx
    .updateTable('workshops')
    .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
    .where('id', '=', workshopId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const affected = await registeredPeople(trx, workshopId);
  await skipUnsent(trx, workshopId, 'any', 'workshop cancelled');
  return { kind: 'cancelled', workshop, affected };
}

/** The people a change of time or place concerns: everyone with a seat or on the waiting list. */
export async function registeredPeople(db: Kysely<Database>, workshopId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('workshop_rsvps')
    .select('person_id')
    .where('workshop_id', '=', workshopId)
    .where('status', 'in', ['confirmed', 'waiting'])
    .orderBy('person_id')
    .execute();
  return rows.map((r) => r.person_id);
}

// ── attendance ───────────────────────────────────────────────────────────────

/** `2026-12-12`: the calendar day of an instant where the office is. */
export function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export type CodeOutcome = { readonly kind: 'code'; readonly workshop: WorkshopRow; readonly code: string } | Closed;

/**
 * The workshop's attendance code, made on first request: four digits no other workshop on
 * the same day uses, so a code always names one workshop.
 */
export async function attendanceCode(trx: Kysely<Database>, workshopId: string, timeZone: string, random: () => string): Promise<CodeOutcome> {
  const workshop = await lockWorkshop(trx, workshopId);
  if (!workshop) return { kind: 'closed', why: 'not_found' };
  if (workshop.status === 'cancelled') return { kind: 'closed', why: 'cancelled' };
  if (workshop.attendance_code) return { kind: 'code', workshop, code: workshop.attendance_code };
  const day = localDay(workshop.starts_at, timeZone);
  const sameDay = await trx.selectFrom('workshops').select(['attendance_code', 'starts_at']).where('attendance_code', 'is not', null).where('id', '<>', workshopId).execute();
  const taken = new Set(sameDay.filter((w) => localDay(w.starts_at, timeZone) === day).map((w) => w.attendance_code));
  let code = random();
  for (let i = 0; taken.has(code) && i < 100; i++) code = random();
  const saved = await trx.updateTable('workshops').set({ attendance_code: code }).where('id', '=', workshopId).returningAll().executeTakeFirstOrThrow();
  return { kind: 'code', workshop: saved, code };
}

export type AttendanceOutcome =
  | { readonly kind: 'marked'; readonly workshop: WorkshopRow }
  | { readonly kind: 'already'; readonly workshop: WorkshopRow }
  | { readonly kind: 'wrong_day'; readonly workshop: WorkshopRow }
  | { readonly kind: 'wrong_code' };

/** `KODE 4821`: present at the workshop whose code it is, on that workshop's day only. */
export async function markAttendanceByCode(trx: Kysely<Database>, personId: string, code: string, now: Date, timeZone: string): Promise<AttendanceOutcome> {
  if (!/^\d{4}$/u.test(code)) return { kind: 'wrong_code' };
  const candidates = await trx.selectFrom('workshops').selectAll().where('attendance_code', '=', code).where('status', '=', 'open').orderBy('starts_at', 'desc').execute();
  if (candidates.length === 0) return { kind: 'wrong_code' };
  const today = localDay(now, timeZone);
  const workshop = candidates.find((w) => localDay(w.starts_at, timeZone) === today);
  if (!workshop) return { kind: 'wrong_day', workshop: candidates[0]! };
  const marked = await recordAttendance(trx, workshop.id, personId, { source: 'code', staffId: null, actor: 'code' }, now);
  return { kind: marked ? 'marked' : 'already', workshop };
}

export type StaffMarkOutcome =
  | { readonly kind: 'marked' | 'already'; readonly workshop: WorkshopRow; readonly person: { readonly id: string; readonly name: string; readonly memberNo: string } }
  | { readonly kind: 'no_person'; readonly memberNo: string }
  | { readonly kind: 'too_early'; readonly workshop: WorkshopRow }
  | { readonly kind: 'closed'; readonly why: 'not_found' | 'cancelled' };

/** Staff mark someone present by member number, from the workshop's day on. */
export async function markAttendanceByMember(
  trx: Kysely<Database>,
  workshopId: string,
  memberNo: string,
  by: { readonly staffId: string | null; readonly actor: string },
  now: Date,
  timeZone: string,
): Promise<StaffMarkOutcome> {
  const workshop = /^\d{1,12}$/u.test(workshopId) ? await trx.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirst() : undefined;
  if (!workshop) return { kind: 'closed', why: 'not_found' };
  if (workshop.status === 'cancelled') return { kind: 'closed', why: 'cancelled' };
  if (localDay(now, timeZone) < localDay(workshop.starts_at, timeZone)) return { kind: 'too_early', workshop };
  const wanted = memberNo.trim().toUpperCase();
  const typed = await trx.selectFrom('people').select(['id', 'full_name', 'member_no', 'merged_into']).where(sql<string>`upper(member_no)`, '=', wanted).where('erased_at', 'is', null).executeTakeFirst();
  // The number of a record merged into another (runtime/profile/merge.ts) marks the kept one.
  const person = typed?.merged_into ? await trx.selectFrom('people').select(['id', 'full_name', 'member_no']).where('id', '=', typed.merged_into).where('erased_at', 'is', null).executeTakeFirst() : typed;
  if (!person?.member_no) return { kind: 'no_person', memberNo: wanted };
  const marked = await recordAttendance(trx, workshop.id, person.id, { source: 'staff', ...by }, now);
  return { kind: marked ? 'marked' : 'already', workshop, person: { id: person.id, name: person.full_name ?? '', memberNo: person.member_no } };
}

async function recordAttendance(
  trx: Kysely<Database>,
  workshopId: string,
  personId: string,
  by: { readonly source: 'code' | 'staff'; readonly staffId: string | null; readonly actor: string },
  now: Date,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('workshop_attendance')
    .values({ workshop_id: workshopId, person_id: personId, source: by.source, staff_id: by.staffId, actor: by.actor, marked_at: now })
    .onConflict((oc) => oc.constraint('workshop_attendance_pkey').doNothing())
    .returning('person_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

// ── feedback ─────────────────────────────────────────────────────────────────

export async function recordRating(db: Kysely<Database>, workshopId: string, personId: string, rating: number, now: Date): Promise<void> {
  await db
    .insertInto('workshop_feedback')
    .values({ workshop_id: workshopId, person_id: personId, rating, answered_at: now })
    .onConflict((oc) => oc.constraint('workshop_feedback_pkey').doUpdateSet({ rating, answered_at: now }))
    .execute();
}

export async function recordComment(db: Kysely<Database>, workshopId: string, personId: string, comment: string, now: Date): Promise<void> {
  await db
    .insertInto('workshop_feedback')
    .values({ workshop_id: workshopId, person_id: personId, comment, answered_at: now })
    .onConflict((oc) => oc.constraint('workshop_feedback_pkey').doUpdateSet({ comment, answered_at: now }))
    .execute();
}

/**
 * `HAPUS DATA`: the person's seats and waiting-list places are given up (the waiting move
 * up) and their comments go; ratings and attendance stay as anonymous statistics.
 */
export async function releaseErasedPerson(trx: Kysely<Database>, personId: string, now: Date): Promise<{ workshop: WorkshopRow; promoted: readonly Promoted[] }[]> {
  const held = await trx.selectFrom('workshop_rsvps').select('workshop_id').where('person_id', '=', personId).where('status', 'in', ['confirmed', 'waiting']).orderBy('workshop_id').execute();
  const released: { workshop: WorkshopRow; promoted: readonly Promoted[] }[] = [];
  for (const { workshop_id } of held) {
    const left = await leaveSeat(trx, workshop_id, personId, now);
    if (left.workshop && left.outcome.kind === 'left') released.push({ workshop: left.workshop, promoted: left.outcome.promoted });
  }
  await trx.updateTable('workshop_feedback').set({ comment: null }).where('person_id', '=', personId).where('comment', 'is not', null).execute();
  return released;
}
