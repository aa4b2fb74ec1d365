import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WorkshopRow } from '../../db/workshop-schema.js';
import { displayPhone } from '../../engine/parse/phone.js';
import { text } from '../../engine/core/text.js';
import type { OutgoingMessage } from '../../engine/core/vocabulary.js';
import { workshopWhen } from '../../engine/workshop/messages.js';

// Who is coming to a workshop, with the names and phone numbers staff need to call them:
// `/peserta 3` in chat and `workshop participants 3` on the command line read the same rows.

export interface Participant {
  readonly name: string;
  readonly memberNo: string | null;
  readonly phone: string | null;
  readonly status: 'confirmed' | 'waiting';
  /** Marked present (by code or by staff). */
  readonly present: boolean;
}

/** Those with a seat (in the order they took it), then the waiting list in its order. */
export async function workshopParticipants(db: Kysely<Database>, workshopId: string): Promise<Participant[]> {
  const rows = await db
    .selectFrom('workshop_rsvps as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('workshop_attendance as a', (join) => join.onRef('a.workshop_id', '=', 'r.workshop_id').onRef('a.person_id', '=', 'r.person_id'))
    .select(['p.full_name', 'p.member_no', 'p.phone_e164', 'r.status', 'a.person_id as present'])
    .where('r.workshop_id', '=', workshopId)
    .where('r.status', 'in', ['confirmed', 'waiting'])
    .orderBy((eb) => eb.case().when('r.status', '=', 'confirmed').then(0).else(1).end())
    .orderBy('r.confirmed_at')
    .orderBy('r.waiting_seq')
    .orderBy('r.person_id')
    .execute();
  return rows.map((r) => ({
    name: r.full_name ?? '',
    memberNo: r.member_no,
    phone: r.phone_e164 ? displayPhone(r.phone_e164) : null,
    status: r.status as 'confirmed' | 'waiting',
    present: r.present !== null,
  }));
}

/** The chat answer to `/peserta 3`. */
export function participantsMessage(workshop: WorkshopRow, participants: readonly Participant[], timeZone: string): OutgoingMessage {
  const title = text('workshop.participants_title', { id: workshop.id, title: workshop.title, when: workshopWhen(workshop.starts_at, workshop.ends_at, timeZone) });
  if (participants.length === 0) return { text: [title, text('workshop.participants_none')] };
  const lines = (status: Participant['status']) =>
    participants
      .filter((p) => p.status === status)
      .map((p, i) => text(p.present ? 'workshop.participant_line_present' : 'workshop.participant_line', { n: i + 1, name: p.name, memberNo: p.memberNo ?? '-', phone: p.phone ?? '-' }));
  const confirmed = lines('confirmed');
  const waiting = lines('waiting');
  return {
    text: [
      title,
      text('workshop.participants_confirmed', { count: confirmed.length, lines: { lines: confirmed } }),
      ...(waiting.length > 0 ? [text('workshop.participants_waiting', { count: waiting.length, lines: { lines: waiting } })] : []),
    ],
  };
}
