import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

// A person's omzet before a period, oldest first, as growth status compares it: the sign-up
// figure (as corrected in the month of registration), then each month's report or, without
// one, a profile correction (the omzet_history function of migration 0010).

export async function omzetHistory(db: Kysely<Database>, personId: string, period: string): Promise<number[]> {
  const { rows } = await sql<{ omzet: string }>`select h.omzet from omzet_history(${personId}, ${period}) h order by h.period`.execute(db);
  return rows.map((r) => Number(r.omzet));
}
