import type { Kysely } from 'kysely';
import type { Inbound } from '../../channels/types.js';
import type { Database } from '../../db/schema.js';
import { INBOUND_QUEUE, type QueueRegistry } from '../../jobs/queues.js';
import type { Logger } from '../../log.js';
import { retryTransient } from '../../retry.js';
import { afterCommit, queueAfterCommit } from './after-commit.js';
import { inboundKey } from './id-hash.js';
import { recordInbounds, type RecordedInbound } from './inbound.js';
import { InboundRecorder } from './inbound-recorder.js';
import { runNextTurn, type TurnDeps } from './turn.js';
import { runTurnBatch } from './turn-batch.js';
import { TurnBatcher } from './turn-batcher.js';

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
    db: Kysely<Database>,
    private readonly queues: QueueRegistry,
    readonly turnDeps: TurnDeps,
    private readonly log: Logger,
    shutdown: AbortSignal = new AbortController().signal,
    batching: { readonly batchSize: number; readonly parallel: number } = { batchSize: 32, parallel: 4 },
  ) {
    this.recorder = new InboundRecorder({
      record: (inbounds) =>
        retryTransient(() => recordInbounds(db, inbounds, turnDeps.hashId), {
          signal: shutdown,
          onRetry: (error, attempt, delayMs) => log.warn({ err: String(error), attempt, delayMs }, 'database unavailable, retrying inbound messages'),
        }),
      afterRecord: (recorded) => this.scheduleTurns(recorded),
      log,
    });
    this.batcher = new TurnBatcher({
      ...batching,
      runBatch: (ids) => runTurnBatch(turnDeps, ids),
      runSingle: (id) => runNextTurn(turnDeps, id),
      afterCommit: (outbox) => queueAfterCommit(db, queues, outbox, log),
      log,
      onHandled: () => this.turnsHandled++,
    });
  }

  /** Records the message once and schedules its turn. Returns false for a duplicate. */
  readonly handleInbound = async (inbound: Inbound): Promise<boolean> => {
    const recorded = await this.recorder.record(inbound);
    if (!recorded) {
      this.log.debug({ channel: inbound.channel, externalId: inbound.externalId }, 'duplicate inbound ignored');
      return false;
    }
    return true;
  };

  /** Messages arriving together are recorded by one statement and their turn jobs queued by one call. */
  private readonly recorder: InboundRecorder;

  /** What `inbound_messages.external_id` holds for this platform message id. */
  externalKey(channel: string, externalId: string): string {
    return inboundKey(this.turnDeps.hashId, channel, externalId);
  }

  async scheduleTurn(identityId: string, inboundId: string, retry?: string): Promise<void> {
    // The message is safe in Postgres; the sweeper schedules it once Redis is back.
    const jobId = retry ? `in-${inboundId}-r${retry}` : `in-${inboundId}`;
    await afterCommit(this.log, 'queue an inbound turn', () => this.queues.get(INBOUND_QUEUE).add('turn', { identityId } satisfies InboundJobData, { jobId }), { inboundId });
  }

  /**
   * This process runs turn workers: a message it records goes straight to its own turn
   * batches, without a round through Redis. It is in Postgres already; should this process
   * die before answering it, the sweeper hands it to another worker (sweeper.ts).
   */
  private handlesTurns = false;

  /** Turns of messages recorded here are run here (called when this process starts turn workers). */
  handleTurnsHere(): void {
    this.handlesTurns = true;
  }

  /** Resolves once this process has no turn waiting or running. */
  idle(): Promise<void> {
    return this.batcher.idle();
  }

  /** Each recorded message's turn: here, or as a job for any worker process (one call to Redis). */
  private async scheduleTurns(recorded: readonly RecordedInbound[]): Promise<void> {
    if (recorded.length === 0) return;
    if (this.handlesTurns) {
      for (const r of recorded) {
        this.batcher.request(r.identityId).catch((error: unknown) => {
          this.log.error({ err: String(error), identityId: r.identityId }, 'a turn failed; the sweeper tries its message again');
        });
      }
      return;
    }
    const jobs = recorded.map((r) => ({ name: 'turn', data: { identityId: r.identityId } satisfies InboundJobData, opts: { jobId: `in-${r.inboundId}` } }));
    await afterCommit(this.log, 'queue inbound turns', () => this.queues.get(INBOUND_QUEUE).addBulk(jobs), { messages: recorded.length });
  }

  /** Batches the turns of the chats this process has jobs for (turn-batcher.ts). */
  readonly batcher: TurnBatcher;

  /**
   * Handles every waiting message of one chat, oldest first, one per batch. A message
   * arriving after the chat's last turn began has its own job, so stopping when the turn
   * saw no other waiting message loses nothing. A job for a chat this process is already
   * handling returns at once and the running chat looks once more; that first job is
   * retried if its turn fails, and taken over by another worker if this process dies.
   */
  processChat(identityId: string): Promise<number> {
    return this.batcher.request(identityId);
  }
}
