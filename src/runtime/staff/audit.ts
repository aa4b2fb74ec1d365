import { sql, type Kysely } from 'kysely';
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

export interface AuditFilter {
  readonly limit: number;
  /** Entries to skip, newest first (the dashboard's pages). */
  readonly offset?: number;
  readonly staffId?: string;
  readonly action?: string;
  /** Local calendar days (`2026-12-01`), both included, in `timeZone`. */
  readonly fromDay?: string;
  readonly toDay?: string;
  readonly timeZone?: string;
}

export async function listAudit(db: Kysely<Database>, options: AuditFilter): Promise<AuditListing[]> {
  const zone = options.timeZone ?? 'UTC';
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('staff as s', 's.id', 'a.staff_id')
    .select(['a.id', 'a.at', 's.name as staffName', 'a.actor', 'a.action', 'a.details'])
    .orderBy('a.id', 'desc')
    .limit(options.limit);
  if (options.offset) query = query.offset(options.offset);
  if (options.staffId) query = query.where('a.staff_id', '=', options.staffId);
  if (options.action) query = query.where('a.action', '=', options.action);
  if (options.fromDay) query = query.where('a.at', '>=', sql<Date>`(${options.fromDay}::date)::timestamp at time zone ${zone}`);
  if (options.toDay) query = query.where('a.at', '<', sql<Date>`(${options.toDay}::date + 1)::timestamp at time zone ${zone}`);
  return query.execute();
}

/** The actions recorded so far, for the dashboard's filter. */
export async function auditActions(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
