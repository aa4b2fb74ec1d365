import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

// The answers the bot did not understand, most frequent first, for staff to teach it
// (`understand add`); and their purge after twelve months.

export const MISS_RETENTION_MONTHS = 12;

export interface MissCount {
  readonly question: string;
  readonly text: string;
  readonly count: number;
  readonly last: Date;
}

/** The same answer counted once per question, however it was capitalised or spaced. */
export async function frequentMisses(db: Kysely<Database>, options: { question?: string; limit: number }): Promise<MissCount[]> {
  const { rows } = await sql<{ question: string; text: string; count: string; last: Date }>`
    select question, min(text) as text, count(*) as count, max(at) as last
      from understand_misses
     where ${options.question === undefined ? sql`true` : sql`question = ${options.question}`}
     group by question, lower(regexp_replace(btrim(text), '\\s+', ' ', 'g'))
     order by count(*) desc, max(at) desc
     limit ${options.limit}`.execute(db);
  return rows.map((r) => ({ question: r.question, text: r.text, count: Number(r.count), last: r.last }));
}

/** Deletes the misses older than twelve months; returns how many went. */
export async function purgeMisses(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('understand_misses')
    .where('at', '<', sql<Date>`${now}::timestamptz - make_interval(months => ${MISS_RETENTION_MONTHS})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
