import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { growthStatus, type GrowthSettings, type GrowthStatus } from '../../engine/checkin/growth.js';
import { readAnswer } from '../../engine/checkin/questions.js';
import { questionByName } from '../../engine/checkin/review.js';
import type { AnswerValue } from '../../engine/checkin/state.js';
import { applies, OMZET_QUESTION, type Answers, type SurveyDefinition } from '../../engine/checkin/survey.js';
import { text } from '../../engine/core/text.js';
import type { Text } from '../../engine/core/vocabulary.js';
import type { Vocabulary } from '../../engine/parse/vocabulary.js';
import { recordAudit } from '../staff/audit.js';
import { omzetHistory } from './history.js';

// `checkin fix <member no> <period> <question> <value>`: staff correct one answer of a report
// (issue 10, item 4). The value is read as the person's answer would be, the check-in's omzet
// and growth status follow, and the audit log keeps who changed what from what.

export class CheckinFixError extends Error {
  override readonly name = 'CheckinFixError';
  constructor(readonly words: Text) {
    super(words.key);
  }
}

export interface CheckinFix {
  readonly memberNo: string;
  readonly period: string;
  readonly question: string;
  readonly value: string;
  /** Keep a figure that is not believable as it stands (ten times the last report …). */
  readonly force: boolean;
  readonly staffId: string | null;
  readonly actor: string;
}

export interface CheckinFixed {
  readonly question: string;
  readonly before: AnswerValue | null;
  readonly after: AnswerValue;
  readonly completed: boolean;
  readonly growth: GrowthStatus | null;
}

export interface FixDeps {
  readonly survey: (version: number) => Promise<SurveyDefinition>;
  readonly growth: GrowthSettings;
  readonly vocabulary: Vocabulary;
}

export async function fixCheckinAnswer(db: Kysely<Database>, deps: FixDeps, fix: CheckinFix): Promise<CheckinFixed> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('checkins as c')
      .innerJoin('people as p', 'p.id', 'c.person_id')
      .select(['c.id', 'c.person_id', 'c.status', 'c.survey_version', 'p.erased_at'])
      .where('p.member_no', '=', fix.memberNo)
      .where('c.period', '=', fix.period)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new CheckinFixError(text('checkin.cli.fix_no_checkin', { memberNo: fix.memberNo, period: fix.period }));
    const survey = await deps.survey(row.survey_version);
    const question = questionByName(survey, fix.question);
    if (!question) throw new CheckinFixError(text('checkin.cli.fix_no_question', { question: fix.question, questions: survey.questions.map((q) => q.id).join(', ') }));
    const history = await omzetHistory(trx, row.person_id, fix.period);
    const read = readAnswer(question, fix.value, { lang: 'id', vocabulary: deps.vocabulary, previousOmzet: history.at(-1) ?? 0 });
    const after = fixedValue(read, fix.force);
    const stored = await trx.selectFrom('checkin_answers').select(['question_id', 'value', 'detail']).where('checkin_id', '=', row.id).execute();
    const before = (stored.find((a) => a.question_id === question.id)?.value ?? null) as AnswerValue | null;
    await sql`
      insert into checkin_answers (checkin_id, question_id, survey_version, value, detail, answered_at)
      values (${row.id}, ${question.id}, ${row.survey_version}, ${JSON.stringify(after)}::jsonb, null, now())
      on conflict on constraint checkin_answers_pkey do update set value = excluded.value, detail = excluded.detail, answered_at = excluded.answered_at`.execute(trx);
    const completed = row.status === 'completed';
    let growth: GrowthStatus | null = null;
    if (completed) {
      const answers: Answers = { ...Object.fromEntries(stored.map((a) => [a.question_id, { value: a.value as AnswerValue }])), [question.id]: { value: after } };
      const gone = survey.questions.filter((q) => answers[q.id] !== undefined && !applies(q, answers)).map((q) => q.id);
      if (gone.length > 0) await trx.deleteFrom('checkin_answers').where('checkin_id', '=', row.id).where('question_id', 'in', gone).execute();
      growth = await recomputeReport(trx, deps.growth, row.person_id, row.id, fix.period, Number(answers[OMZET_QUESTION]?.value ?? 0), history);
    }
    await recordAudit(trx, {
      staffId: fix.staffId,
      actor: fix.actor,
      action: 'checkin_fixed',
      // The person by id only, so that erasing them scrubs this entry too (privacy/erase.ts).
      details: { personId: row.person_id, period: fix.period, question: question.id, before, after, ...(growth ? { growth } : {}) },
    });
    return { question: question.id, before, after, completed, growth };
  });
}

function fixedValue(read: ReturnType<typeof readAnswer>, force: boolean): AnswerValue {
  switch (read.kind) {
    case 'ok':
      return read.value;
    case 'check':
      if (force) return read.value;
      throw new CheckinFixError(text('checkin.cli.fix_implausible', { value: read.value }));
    case 'confirm_money':
      throw new CheckinFixError(text('checkin.cli.fix_unit', { guess: read.guess }));
    case 'retry':
      throw new CheckinFixError(read.reason);
    case 'aside':
    case 'unanswered':
      throw new CheckinFixError(text('checkin.cli.fix_unreadable'));
  }
}

// The report's omzet and growth status as the check-in itself would have set them; the
// person's status too when this is their latest report, and the period's history once closed.
async function recomputeReport(trx: Kysely<Database>, settings: GrowthSettings, personId: string, checkinId: string, period: string, omzet: number, history: readonly number[]): Promise<GrowthStatus> {
  const growth = growthStatus([...history, omzet], settings);
  await trx.updateTable('checkins').set({ omzet, previous_omzet: history.at(-1) ?? null, growth_status: growth.status }).where('id', '=', checkinId).execute();
  await sql`
    update people p set growth_status = ${growth.status}
     where p.id = ${personId}
       and not exists (select 1 from checkins x where x.person_id = p.id and x.status = 'completed' and x.period > ${period})`.execute(trx);
  await sql`
    update growth_history set status = ${growth.status}, recent_average = ${growth.recentAverage}, previous_average = ${growth.previousAverage}, computed_at = now()
     where person_id = ${personId} and period = ${period}`.execute(trx);
  return growth.status;
}
