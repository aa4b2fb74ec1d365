import type { Selectable } from 'kysely';
import type { BigIntColumn, Timestamp } from './columns.js';

// The tables of migrations/0017_web.ts, mixed into `Database` in schema.ts.

export interface WebSessionsTable {
  /** SHA-256 of the cookie's token, never the token. */
  id: string;
  staff_id: BigIntColumn;
  csrf_token: string;
  method: 'code' | 'password';
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface WebTables {
  web_sessions: WebSessionsTable;
}

export type WebSessionRow = Selectable<WebSessionsTable>;
