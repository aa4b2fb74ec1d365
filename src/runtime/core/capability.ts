import type { Worker } from 'bullmq';
import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { ChangeFeed } from '../../db/changes.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import type { EngineCapability } from '../../engine/core/capability.js';
import type { Text } from '../../engine/core/vocabulary.js';
import type { Renderer } from '../../i18n.js';
import type { QueueRegistry } from '../../jobs/queues.js';
import type { Logger } from '../../log.js';
import type { ContextLoader } from './context.js';
import type { Eraser, HandlersFor, TurnScope } from './handlers.js';
import type { ReferenceCache } from './references.js';
import type { Segments } from './segments.js';
import type { TurnDeps } from './turn.js';

// What a capability tells the runtime about itself: its engine side, the SQL of its segment
// kinds, its command-line commands, and — built from the services every process has — its
// event handlers, its part of the turn context, what it erases and its jobs. The app and
// the command line loop over the list (src/capabilities.ts) and never name a capability.

export type EventLike = { readonly type: string };

/** What every process has, built once by the app; a capability builds its own deps from it. */
export interface Services {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly renderer: Renderer;
  readonly config: Config;
  readonly log: Logger;
  readonly clock: () => Date;
  /** Office details every template may use (`{{orgShortName}}`, `{{officePhone}}` …). */
  readonly facts: Readonly<Record<string, string>>;
  readonly references: ReferenceCache;
  /** Change notices from the database (Postgres only; started with the turn workers). */
  readonly changes?: ChangeFeed;
  readonly segments: Segments;
  /** A shared Redis connection for small bookkeeping. */
  redis(): Redis;
}

export interface CapabilityParts<E extends EventLike> {
  /** One handler per event of this capability: its rows, in the turn's transaction. */
  readonly handlers?: HandlersFor<E>;
  /** This capability's part of the turn context, for many chats at once. */
  readonly context?: ContextLoader;
  /** `HAPUS DATA`: what this capability holds of the person goes, in the turn's transaction. */
  readonly erase?: Eraser;
  /** The `worker` role: this capability's workers, started once per process. */
  startWorkers?(turns: TurnDeps): Promise<readonly Worker[]>;
  /** The `scheduler` role: its repeatable jobs, registered once however many schedulers start. */
  schedule?(): Promise<void>;
}

export interface Capability<E extends EventLike = never> {
  readonly name: string;
  readonly engine?: EngineCapability;
  /** The SQL of the engine side's segment kinds, by kind name: over `people p`, `{values}` the chosen values. */
  readonly segmentConditions?: Readonly<Record<string, string>>;
  /** Its lines in `npm run cli -- status` (figures such as open questions). */
  status?(db: Kysely<Database>, now: Date): Promise<readonly Text[]>;
  /** Figures for /metrics (name without the `wirabot_` prefix → value), e.g. open questions to staff. */
  gauges?(db: Kysely<Database>, now: Date): Promise<Readonly<Record<string, number>>>;
  /** Its commands in `npm run cli`. */
  cli?(program: Command, ctx: CliContext): void;
  /** Builds what this capability runs in a process from the shared services; starts nothing. */
  setUp?(services: Services): CapabilityParts<E>;
}

/** What every command-line command may use; connections open only when a command asks for them. */
export interface CliContext {
  readonly config: Config;
  readonly timeZone: string;
  /** The database alone (migrated), for commands that only read or write rows. */
  db(): Promise<Kysely<Database>>;
  /** The services and the turn machinery, for commands that queue or run work. */
  open(): Promise<Services & { readonly turns: TurnDeps }>;
  /** Prints a line as it is (a table, a link). */
  out(line: string): void;
  /** Words from locales/, in Indonesian as staff read the chat. */
  render(t: Text): string;
}

export type { TurnScope };
