import { sql } from 'kysely';
import type { WorkshopContext } from '../../engine/workshop/vocabulary.js';
import type { ContextLoader, ContextPart } from '../core/context.js';

// What the engine needs to read `HADIR` or `BATAL HADIR`: the workshops taking RSVPs and
// each person's places in them. One statement for any number of chats; the table of open
// workshops is small.

export interface WorkshopTurnSettings {
  readonly timeZone: string;
  readonly defaultDurationMs: number;
}

const OPEN_LIMIT = 20;

interface Row {
  id: string;
  title: string;
  starts_at: Date;
  place: string;
  person_id: string | null;
  status: 'confirmed' | 'waiting' | null;
}

export function workshopLoader(settings: WorkshopTurnSettings): ContextLoader {
  return {
    async load(trx, chats, now) {
      const personIds = [...new Set(chats.flatMap((c) => (c.personId ? [c.personId] : [])))];
      const { rows } = await sql<Row>`
        select w.id, w.title, w.starts_at, w.place, r.person_id, r.status
          from (select id, title, starts_at, place from workshops
                 where status = 'open' and starts_at > ${now}
                 order by starts_at, id limit ${OPEN_LIMIT}) w
          left join workshop_rsvps r on r.workshop_id = w.id and r.person_id = any(${personIds}::bigint[]) and r.status <> 'cancelled'
         order by w.starts_at, w.id`.execute(trx);
      const open = new Map(rows.map((r) => [r.id, { id: r.id, title: r.title, startsAt: r.starts_at.toISOString(), place: r.place }]));
      const parts = new Map<string, ContextPart>();
      for (const chat of chats) {
        const mine = rows.flatMap((r) => (r.person_id !== null && r.person_id === chat.personId && r.status ? [{ workshopId: r.id, status: r.status }] : []));
        const workshops: WorkshopContext = { timeZone: settings.timeZone, defaultDurationMs: settings.defaultDurationMs, open: [...open.values()], mine };
        parts.set(chat.identityId, { workshops });
      }
      return parts;
    },
  };
}
