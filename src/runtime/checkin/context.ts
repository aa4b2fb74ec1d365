import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { GrowthSettings } from '../../engine/checkin/growth.js';
import { parseSurvey, type SurveyDefinition } from '../../engine/checkin/survey.js';
import type { CheckinContext } from '../../engine/checkin/vocabulary.js';
import type { ContextLoader } from '../core/context.js';

// What the engine needs to know about the open check-in period for a person: which period,
// its survey, whether this person already finished it, and their omzet history for the
// feedback. One statement for any number of people (a turn asks for one, a fan-out batch
// for hundreds).

export interface CheckinSettings {
  readonly surveys: SurveyStore;
  readonly growth: GrowthSettings;
}

/** Stored survey versions never change, so each is read and checked once per process. */
export class SurveyStore {
  private readonly cache = new Map<number, SurveyDefinition>();

  async get(db: Kysely<Database>, version: number): Promise<SurveyDefinition> {
    const cached = this.cache.get(version);
    if (cached) return cached;
    const row = await db.selectFrom('survey_definitions').select('definition').where('version', '=', version).executeTakeFirstOrThrow();
    const survey = parseSurvey(row.definition, `stored survey version ${version}`);
    this.cache.set(version, survey);
    return survey;
  }
}

interface ContextRow {
  person_id: string;
  period: string;
  survey_version: number;
  completed: boolean;
  baseline: string | null;
  reports: string[];
}

export async function loadCheckinContexts(db: Kysely<Database>, settings: CheckinSettings, personIds: readonly string[]): Promise<Map<string, CheckinContext>> {
  const contexts = new Map<string, CheckinContext>();
  if (personIds.length === 0) return contexts;
  const { rows } = await sql<ContextRow>`
    select p.id as person_id, cp.period, cp.survey_version, coalesce(ck.status = 'completed', false) as completed,
           p.baseline_omzet as baseline,
           array(select x.omzet from checkins x
                  where x.person_id = p.id and x.status = 'completed' and x.period < cp.period and x.omzet is not null
                  order by x.period) as reports
      from checkin_periods cp
      join people p on p.id = any(${personIds}::bigint[])
      left join checkins ck on ck.person_id = p.id and ck.period = cp.period
     where cp.closed_at is null`.execute(db);
  for (const row of rows) {
    const survey = await settings.surveys.get(db, row.survey_version);
    const history = [...(row.baseline === null ? [] : [Number(row.baseline)]), ...row.reports.map(Number)];
    contexts.set(row.person_id, { period: row.period, survey, completed: row.completed, history, growth: settings.growth });
  }
  return contexts;
}

/** The open check-in of each registered person's chat. */
export function checkinLoader(settings: CheckinSettings): ContextLoader {
  return {
    async load(trx, chats) {
      const byPerson = await loadCheckinContexts(trx, settings, [...new Set(chats.flatMap((c) => (c.personId ? [c.personId] : [])))]);
      return new Map(
        chats.flatMap((c) => {
          const checkin = c.personId ? byPerson.get(c.personId) : undefined;
          return checkin ? [[c.identityId, { checkin }] as const] : [];
        }),
      );
    },
  };
}
