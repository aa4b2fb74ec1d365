import type { Kysely } from 'kysely';
import type { Inbound } from '../../channels/types.js';
import type { Database } from '../../db/schema.js';
import { INBOUND_QUEUE, type QueueRegistry } from '../../jobs/queues.js';
import type { Logger } from '../../log.js';
import { retryTransient } from '../../retry.js';
import { afterCommit, queueAfterCommit } from './after-commit.js';
import { inboundKey } from './id-hash.js';
import { recordInbound } from './inbound.js';
import { runNextTurn, type TurnDeps } from './turn.js';

// The runtime's public face. Channels call `handleInbound`; the inbound worker calls
// `processChat`. Recording is synchronous with the channel so an acknowledged update is
// never lost; the turn itself runs on a worker.

export interface InboundJobData {
  readonly identityId: string;
}

export class Runtime {
  /** Person turns this process has handled, for /metrics. */
  turnsHandled = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly queues: QueueRegistry,
    readonly turnDeps: TurnDeps,
    private readonly log: Logger,
    private readonly shutdown: AbortSignal = new AbortController().signal,
  ) {}

  /** Records the message once and schedules its turn. Returns false for a duplicate. */
  readonly handleInbound = async (inbound: Inbound): Promise<boolean> => {
    const recorded = await retryTransient(() => recordInbound(this.db, inbound, this.turnDeps.hashId), {
      signal: this.shutdown,
      onRetry: (error, attempt, delayMs) => this.log.warn({ err: String(error), attempt, delayMs }, 'database unavailable, retrying inbound message'),
    });
    if (!recorded) {
      this.log.debug({ channel: inbound.channel, externalId: inbound.externalId }, 'duplicate inbound ignored');
      return false;
    }
    await this.scheduleTurn(recorded.identityId, recorded.inboundId);
    return true;
  };

  /** What `inbound_messages.external_id` holds for this platform message id. */
  externalKey(channel: string, externalId: string): string {
    return inboundKey(this.turnDeps.hashId, channel, externalId);
  }

  async scheduleTurn(identityId: string, inboundId: string, retry?: string): Promise<void> {
    // The message is safe in Postgres; the sweeper schedules it once Redis is back.
    const jobId = retry ? `in-${inboundId}-r${retry}` : `in-${inboundId}`;
    await afterCommit(this.log, 'queue an inbound turn', () => this.queues.get(INBOUND_QUEUE).add('turn', { identityId } satisfies InboundJobData, { jobId }), { inboundId });
  }

  /** Chats this process is handling now; `again` asks the running loop to look once more. */
  private readonly running = new Map<string, { again: boolean }>();

  /**
   * Handles every waiting message of one chat, oldest first, one transaction each. A
   * message arriving after the last turn began has its own job, so stopping when the
   * turn saw no other waiting message loses nothing.
   *
   * A job for a chat this process is already handling does not wait for the chat's row
   * lock (one flooding chat would otherwise hold every worker slot, and everyone else
   * would wait): it asks the running loop to look once more and returns. That loop's own
   * job is retried if it fails, and taken over by another worker if this process dies,
   * and either way it handles every message then waiting.
   */
  async processChat(identityId: string): Promise<number> {
    const current = this.running.get(identityId);
    if (current) {
      current.again = true;
      return 0;
    }
    const state = { again: false };
    this.running.set(identityId, state);
    let handled = 0;
    try {
      for (;;) {
        state.again = false;
        const outcome = await runNextTurn(this.turnDeps, identityId);
        if (outcome) {
          handled++;
          this.turnsHandled++;
          await queueAfterCommit(this.db, this.queues, outcome.outbox, this.log);
          if (outcome.more) continue;
        }
        if (!state.again) return handled;
      }
    } finally {
      this.running.delete(identityId);
    }
  }
}
