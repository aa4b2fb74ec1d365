import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

// Answers the bot did not understand, kept to learn from (issue 10 item 7): the question's id
// and the text, nothing that links them to a person. Digit runs of 8 or more (phone numbers,
// account numbers) are masked and the text cut to 200 characters before it is written.

export const MISS_MAX_CHARS = 200;

export function maskMiss(text: string): string {
  const masked = text.replace(/\d(?:[\s.\-]?\d){7,}/gu, (run) => run.replace(/\d/gu, '#'));
  return [...masked].slice(0, MISS_MAX_CHARS).join('');
}

export async function recordMiss(db: Kysely<Database>, question: string, text: string, at: Date): Promise<void> {
  const kept = maskMiss(text);
  if (kept.trim() === '') return;
  await db.insertInto('understand_misses').values({ question, text: kept, at }).execute();
}
