import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { GrowthSettings } from '../../engine/checkin/growth.js';
import { parseSurvey, type SurveyDefinition } from '../../engine/checkin/survey.js';
import type { CheckinContext, OmzetSource } from '../../engine/checkin/vocabulary.js';
import type { AnswerValue } from '../../engine/checkin/state.js';
import type { Answers } from '../../engine/checkin/survey.js';
import type { Vocabulary } from '../../engine/parse/vocabulary.js';
import { loadCityVocabulary } from '../../city/load.js';
import type { ContextLoader } from '../core/context.js';

// What the engine needs to know about the open check-in period for a person: which period,
// its survey, whether this person already finished it, and their omzet history for the
// feedback. One statement for any number of people (a turn asks for one, a fan-out batch
// for hundreds).

export interface CheckinSettings {
  readonly surveys: SurveyStore;
  readonly growth: GrowthSettings;
  /** The words the readers understand; by default the city files of `CITY` (banjarmasin). */
  readonly vocabulary?: Vocabulary;
}

let cityVocabulary: Vocabulary | null = null;

// Loaded once per process. When the shared vocabulary (with staff additions) reaches the
// turn context, it replaces this.
function vocabularyOf(settings: CheckinSettings): Vocabulary {
  return settings.vocabulary ?? checkinVocabulary();
}

export function checkinVocabulary(): Vocabulary {
  cityVocabulary ??= loadCityVocabulary(process.env['CITY'] || undefined);
  return cityVocabulary;
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
  reports: string[];
  last_source: OmzetSource | null;
  answers: AnswerRow[] | null;
  previous_answers: AnswerRow[] | null;
}

interface AnswerRow {
  q: string;
  v: AnswerValue;
  d: string | null;
}

function toAnswers(rows: AnswerRow[] | null): Answers | undefined {
  if (!rows || rows.length === 0) return undefined;
  return Object.fromEntries(rows.map((r) => [r.q, r.d === null ? { value: r.v } : { value: r.v, detail: r.d }]));
}

export async function loadCheckinContexts(db: Kysely<Database>, settings: CheckinSettings, personIds: readonly string[]): Promise<Map<string, CheckinContext>> {
  const contexts = new Map<string, CheckinContext>();
  if (personIds.length === 0) return contexts;
  const { rows } = await sql<ContextRow>`
    select p.id as person_id, cp.period, cp.survey_version, coalesce(ck.status = 'completed', false) as completed,
           coalesce(h.reports, '{}') as reports, h.last_source,
           case when ck.status = 'completed' then
             (select json_agg(json_build_object('q', a.question_id, 'v', a.value, 'd', a.detail)) from checkin_answers a where a.checkin_id = ck.id)
           end as answers,
           (select json_agg(json_build_object('q', a.question_id, 'v', a.value, 'd', a.detail))
              from checkin_answers a
             where a.checkin_id = (select x.id from checkins x
                                    where x.person_id = p.id and x.status = 'completed' and x.period < cp.period
                                    order by x.period desc limit 1)) as previous_answers
      from checkin_periods cp
      join people p on p.id = any(${personIds}::bigint[])
      left join checkins ck on ck.person_id = p.id and ck.period = cp.period
      -- The history read once for both: the figures oldest first, and where the latest came from.
      left join lateral (
        select array_agg(o.omzet order by o.period) as reports, (array_agg(o.source order by o.period desc))[1] as last_source
          from omzet_history(p.id, cp.period) o
      ) h on true
     where cp.closed_at is null`.execute(db);
  for (const row of rows) {
    const survey = await settings.surveys.get(db, row.survey_version);
    const history = row.reports.map(Number);
    const answers = toAnswers(row.answers);
    const previousAnswers = toAnswers(row.previous_answers);
    contexts.set(row.person_id, {
      period: row.period,
      survey,
      completed: row.completed,
      history,
      growth: settings.growth,
      vocabulary: vocabularyOf(settings),
      ...(row.last_source ? { lastSource: row.last_source } : {}),
      ...(answers ? { answers } : {}),
      ...(previousAnswers ? { previousAnswers } : {}),
    });
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
