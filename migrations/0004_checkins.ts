import { sql, type Kysely } from 'kysely';

// Monthly check-ins. A period (`2026-11`) is opened with one version of the survey
// definition; each eligible person gets one check-in row per period, and each answer is
// stored per question with that version. Growth status is kept per closed period so its
// history can be charted.

const STATUSES = ['berkembang', 'stagnan', 'menurun', 'belum_cukup_data'];
const inList = (column: string, values: string[]) => sql`${sql.ref(column)} is null or ${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('survey_definitions')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('checkin_periods')
    .addColumn('period', 'text', (c) => c.primaryKey().check(sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
    .addColumn('survey_version', 'integer', (c) => c.notNull().references('survey_definitions.version'))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    // Set when every eligible person has a row and was sent (or remembered) the first question.
    .addColumn('fanout_done_at', 'timestamptz')
    // Set when the growth status of every person was computed for this closed period.
    .addColumn('growth_done_at', 'timestamptz')
    .execute();
  await sql`create unique index checkin_periods_one_open on checkin_periods ((true)) where closed_at is null`.execute(db);

  await db.schema
    .createTable('checkins')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull().references('checkin_periods.period'))
    .addColumn('survey_version', 'integer', (c) => c.notNull().references('survey_definitions.version'))
    // The chat the check-in was sent to (the person's most recently seen reachable one).
    .addColumn('identity_id', 'bigint', (c) => c.references('identities.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','completed')`))
    // When the person's conversation was given the check-in (asked, or remembered for later).
    .addColumn('invited_at', 'timestamptz')
    // Why the invitation was not sent after all (opted out, unreachable or erased meanwhile).
    .addColumn('skip_reason', 'text')
    .addColumn('reminders_sent', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('omzet', 'bigint')
    .addColumn('previous_omzet', 'bigint')
    .addColumn('growth_status', 'text', (c) => c.check(inList('growth_status', STATUSES)))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('checkins_person_period_key', ['person_id', 'period'])
    .execute();
  await sql`create index checkins_period_idx on checkins (period, id)`.execute(db);
  await sql`create index checkins_uninvited_idx on checkins (period, id) where invited_at is null`.execute(db);

  await db.schema
    .createTable('checkin_answers')
    .addColumn('checkin_id', 'bigint', (c) => c.notNull().references('checkins.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('survey_version', 'integer', (c) => c.notNull().references('survey_definitions.version'))
    // A number, true/false, an option id, or a list of option ids.
    .addColumn('value', 'jsonb', (c) => c.notNull())
    // The free text given with a "lainnya" pick; erased with the person's personal data.
    .addColumn('detail', 'text')
    .addColumn('answered_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_answers_pkey', ['checkin_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('growth_history')
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull().references('checkin_periods.period'))
    .addColumn('status', 'text', (c) => c.notNull().check(inList('status', STATUSES)))
    .addColumn('recent_average', 'bigint')
    .addColumn('previous_average', 'bigint')
    // How many reports (the sign-up baseline included) the status was computed from.
    .addColumn('reports', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('growth_history_pkey', ['person_id', 'period'])
    .execute();
  await sql`create index growth_history_period_idx on growth_history (period, status)`.execute(db);

  // Eligibility (a registration consent) is checked per person during every fan-out.
  await sql`create index if not exists consents_person_idx on consents (person_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists consents_person_idx`.execute(db);
  for (const table of ['growth_history', 'checkin_answers', 'checkins', 'checkin_periods', 'survey_definitions']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
