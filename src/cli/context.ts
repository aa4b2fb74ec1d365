import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';

/** What every CLI command may use; connections open only when a command asks for them. */
export interface CliContext {
  readonly config: Config;
  readonly timeZone: string;
  /** The database alone (migrated), for commands that only read or write rows. */
  db(): Promise<Kysely<Database>>;
  /** The whole app (database, queues, renderer), for commands that queue work. */
  app(): Promise<App>;
  out(text: string): void;
}
