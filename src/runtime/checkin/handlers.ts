import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EngineEvent } from '../../engine/unions.js';
import type { TurnScope } from '../core/handlers.js';

// The check-in events of a person turn, as rows: each answer at once (so a person who
// stops half-way loses nothing), and the result when the last answer is in.

type Answered = Extract<EngineEvent, { type: 'checkin_answered' }>;
type Completed = Extract<EngineEvent, { type: 'checkin_completed' }>;

/** One statement: the check-in row (made if the person started it themselves) and the answer. */
export async function recordCheckinAnswer(scope: TurnScope, event: Answered): Promise<void> {
  if (!scope.personId) return;
  await sql`
    with checkin as (
      insert into checkins (person_id, period, survey_version, identity_id, started_at)
      values (${scope.personId}, ${event.period}, ${event.surveyVersion}, ${scope.identity.id}, ${scope.now})
      on conflict on constraint checkins_person_period_key
        do update set started_at = coalesce(checkins.started_at, excluded.started_at)
      returning id
    )
    insert into checkin_answers (checkin_id, question_id, survey_version, value, detail, answered_at)
    select id, ${event.question}, ${event.surveyVersion}, ${JSON.stringify(event.value)}::jsonb, ${event.detail}, ${scope.now} from checkin
    on conflict on constraint checkin_answers_pkey
      do update set value = excluded.value, detail = excluded.detail, survey_version = excluded.survey_version, answered_at = excluded.answered_at`.execute(scope.trx);
}

/**
 * Marks the check-in done with its omzet and growth status; the person's status is now this
 * one. A correction keeps the first completion time, and answers to questions that no longer
 * apply (platforms after "not online") are dropped.
 */
export async function recordCheckinCompleted(scope: TurnScope, event: Completed): Promise<void> {
  if (!scope.personId) return;
  await sql`
    delete from checkin_answers a using checkins c
     where c.id = a.checkin_id and c.person_id = ${scope.personId} and c.period = ${event.period}
       and not (a.question_id = any(${event.questions}::text[]))`.execute(scope.trx);
  await sql`
    with done as (
      update checkins
         set status = 'completed', completed_at = coalesce(completed_at, ${scope.now}), omzet = ${event.omzet},
             previous_omzet = ${event.previousOmzet}, growth_status = ${event.growth.status},
             identity_id = coalesce(identity_id, ${scope.identity.id})
       where person_id = ${scope.personId} and period = ${event.period}
    )
    update people set growth_status = ${event.growth.status}, growth_status_at = ${scope.now}
     where id = ${scope.personId}`.execute(scope.trx);
}

/** `HAPUS DATA`: free texts typed in check-ins may name people; the numbers stay. */
export async function eraseCheckinTexts(trx: Kysely<Database>, personId: string): Promise<void> {
  await trx
    .updateTable('checkin_answers')
    .set({ detail: null })
    .where('checkin_id', 'in', trx.selectFrom('checkins').select('id').where('person_id', '=', personId))
    .where('detail', 'is not', null)
    .execute();
}
