import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isPeriod } from '../../engine/checkin/period.js';
import { SurveyDefinitionError, type SurveyDefinition } from '../../engine/checkin/survey.js';

// Opening a period: one row per period with the survey version it asks, and only one
// period open at a time — opening the next closes the previous. Opening the same period
// again changes nothing, so the scheduler and staff may both do it.

export class CheckinPeriodError extends Error {
  override readonly name = 'CheckinPeriodError';
}

export interface OpenedPeriod {
  readonly period: string;
  readonly surveyVersion: number;
  readonly openedAt: Date;
  /** False when it was already open (nothing changed). */
  readonly created: boolean;
  /** Periods this opening closed. */
  readonly closed: readonly string[];
}

export async function openPeriod(db: Kysely<Database>, survey: SurveyDefinition, period: string, openedBy: string, now: Date): Promise<OpenedPeriod> {
  if (!isPeriod(period)) throw new CheckinPeriodError(`"${period}" bukan periode: tulis bulannya sebagai YYYY-MM, contoh 2026-11.`);
  return db.transaction().execute(async (trx) => {
    // Two openings at once (the scheduler and a staff member) take turns.
    await sql`lock table checkin_periods in share row exclusive mode`.execute(trx);
    const existing = await trx.selectFrom('checkin_periods').selectAll().where('period', '=', period).executeTakeFirst();
    if (existing?.closed_at) throw new CheckinPeriodError(`Periode ${period} sudah ditutup; periode yang sudah ditutup tidak dibuka lagi.`);
    if (existing) return { period, surveyVersion: existing.survey_version, openedAt: existing.opened_at, created: false, closed: [] };
    const newer = await trx.selectFrom('checkin_periods').select('period').where('period', '>', period).orderBy('period', 'desc').executeTakeFirst();
    if (newer) throw new CheckinPeriodError(`Periode ${newer.period} lebih baru dari ${period} dan sudah dibuka; periode dibuka berurutan.`);

    await storeSurvey(trx, survey);
    const closed = await trx.updateTable('checkin_periods').set({ closed_at: now }).where('closed_at', 'is', null).returning('period').execute();
    await trx.insertInto('checkin_periods').values({ period, survey_version: survey.version, opened_at: now, opened_by: openedBy }).execute();
    return { period, surveyVersion: survey.version, openedAt: now, created: true, closed: closed.map((c) => c.period) };
  });
}

/** Keeps each version once; the same version with other questions is a mistake in the file. */
async function storeSurvey(trx: Kysely<Database>, survey: SurveyDefinition): Promise<void> {
  const json = JSON.stringify(survey);
  await trx.insertInto('survey_definitions').values({ version: survey.version, definition: json }).onConflict((oc) => oc.column('version').doNothing()).execute();
  const { rows } = await sql<{ same: boolean }>`select definition = ${json}::jsonb as same from survey_definitions where version = ${survey.version}`.execute(trx);
  if (!rows[0]?.same) {
    throw new SurveyDefinitionError(`survey version ${survey.version} is already stored with other questions: raise "version" in the survey definition when changing it`);
  }
}
