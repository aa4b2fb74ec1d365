import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WorkshopContext } from '../../engine/workshop/vocabulary.js';

// What the engine needs to read `HADIR` or `BATAL HADIR`: the workshops taking RSVPs and
// this person's places in them. One statement per turn; the table of open workshops is small.

export interface WorkshopTurnSettings {
  readonly timeZone: string;
  readonly defaultDurationMs: number;
}

const OPEN_LIMIT = 20;

export async function loadWorkshopContext(db: Kysely<Database>, settings: WorkshopTurnSettings, personId: string | null, now: Date): Promise<WorkshopContext> {
  const { rows } = await sql<{ id: string; title: string; starts_at: Date; place: string; mine: 'confirmed' | 'waiting' | null }>`
    select w.id, w.title, w.starts_at, w.place,
           (select r.status from workshop_rsvps r
             where r.workshop_id = w.id and r.person_id = ${personId} and r.status <> 'cancelled') as mine
      from workshops w
     where w.status = 'open' and w.starts_at > ${now}
     order by w.starts_at, w.id
     limit ${OPEN_LIMIT}`.execute(db);
  return {
    timeZone: settings.timeZone,
    defaultDurationMs: settings.defaultDurationMs,
    open: rows.map((r) => ({ id: r.id, title: r.title, startsAt: r.starts_at.toISOString(), place: r.place })),
    mine: rows.flatMap((r) => (r.mine ? [{ workshopId: r.id, status: r.mine }] : [])),
  };
}
