import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

// Every staff action, with who did it and when: in chat or on the command line, looking
// or sending. Read back with `npm run cli -- audit`.

/**
 * What was done, named by the capability that does it and prefixed with its name
 * (`broadcast_created`, `workshop_cancelled`, `staff_added` …): `npm run cli -- audit --action` filters by it.
 */
export type AuditAction = string;

export interface AuditEntry {
  /** The staff member who acted, when known (always in chat; with `--staff` on the command line). */
  readonly staffId: string | null;
  /** How they acted: `chat:telegram`, `cli:<os user>`. */
  readonly actor: string;
  readonly action: AuditAction;
  readonly details?: Readonly<Record<string, unknown>>;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry, at?: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ staff_id: entry.staffId, actor: entry.actor, action: entry.action, details: JSON.stringify(entry.details ?? {}), ...(at ? { at } : {}) })
    .execute();
}

export interface AuditListing {
  readonly id: string;
  readonly at: Date;
  readonly staffName: string | null;
  readonly actor: string;
  readonly action: string;
  readonly details: Record<string, unknown>;
}

export async function listAudit(db: Kysely<Database>, options: { limit: number; staffId?: string; action?: string }): Promise<AuditListing[]> {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('staff as s', 's.id', 'a.staff_id')
    .select(['a.id', 'a.at', 's.name as staffName', 'a.actor', 'a.action', 'a.details'])
    .orderBy('a.id', 'desc')
    .limit(options.limit);
  if (options.staffId) query = query.where('a.staff_id', '=', options.staffId);
  if (options.action) query = query.where('a.action', '=', options.action);
  return query.execute();
}
