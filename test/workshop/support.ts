import type { TestApp } from '../support/app.js';
import { scheduleWorkshop } from '../../src/runtime/workshop/jobs.js';
import { createWorkshop } from '../../src/runtime/workshop/seats.js';
import type { WorkshopRow } from '../../src/db/workshop-schema.js';

// Workshop test helpers: a workshop made straight in the table (as the CLI does), with
// times to the second, which the chat's date parser (minutes) cannot give.

export interface WorkshopSpec {
  readonly title?: string;
  readonly startsAt: Date;
  readonly endsAt?: Date;
  readonly place?: string;
  readonly capacity?: number;
  readonly description?: string | null;
}

export async function makeWorkshop(t: TestApp, spec: WorkshopSpec, schedule = true): Promise<WorkshopRow> {
  const db = t.app.database.db;
  const workshop = await createWorkshop(
    db,
    {
      title: spec.title ?? 'Pemasaran Digital',
      description: spec.description ?? null,
      startsAt: spec.startsAt.toISOString(),
      endsAt: (spec.endsAt ?? new Date(spec.startsAt.getTime() + 3 * 3_600_000)).toISOString(),
      place: spec.place ?? 'Aula Dinas',
      capacity: spec.capacity ?? 30,
    },
    { staffId: null, actor: 'test', notifyIdentityId: null },
    new Date(),
  );
  if (schedule) await scheduleWorkshop(db, t.app.queues, t.config.WORKSHOP_REMINDERS, workshop.id);
  return workshop;
}

export const inDays = (days: number, hour = 9): Date => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour - 8, 0, 0, 0);
  return d;
};
