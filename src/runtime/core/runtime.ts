import type { Kysely } from 'kysely';
import type { ChannelSender, Inbound } from '../../channels/types.js';
import { DirectReplies, isDirectReply, type DirectReply } from '../../outbox/direct.js';
import { releaseRows } from '../../outbox/deliver.js';
import { SentMarker } from '../../outbox/mark-sent.js';
import type { Pacer } from '../../outbox/pace.js';
import type { QueueableRow } from '../../outbox/queue.js';
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
    private readonly db: Kysely<Database>,
    private readonly queues: QueueRegistry,
    readonly turnDeps: TurnDeps,
    private readonly log: Logger,
    shutdown: AbortSignal = new AbortController().signal,
    batching: { readonly batchSize: number; readonly parallel: number } = { batchSize: 64, parallel: 4 },
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
      afterCommit: (outbox) => this.afterTurns(outbox),
      log,
      onHandled: () => this.turnsHandled++,
    });
  }

  /** Replies on these channels are sent by this process once their batch commits. */
  private readonly direct = new Map<string, DirectReplies>();

  /**
   * This process holds the channel's sender and runs turn workers: the replies its turns
   * write on that channel are sent from here, without a send job (outbox/direct.ts).
   */
  sendRepliesHere(sender: ChannelSender, pacer: Pacer | undefined): void {
    const { db } = this;
    const handOver = async (rows: readonly QueueableRow[]) => {
      await afterCommit(this.log, 'let go of held replies', () => releaseRows(db, rows.map((r) => r.id)), { rows: rows.length });
      await queueAfterCommit(db, this.queues, rows, this.log);
    };
    this.direct.set(sender.channel, new DirectReplies({ db, sender, marker: new SentMarker(db), log: this.log, handOver, ...(pacer ? { pacer } : {}) }));
  }

  /** Whether replies on this channel are sent by this process (turn.ts writes them held for it). */
  readonly sendsRepliesHere = (channel: string): boolean => this.direct.has(channel);

  /** A committed batch's replies: held ones are sent from here, the rest queued as send jobs. */
  private async afterTurns(outbox: readonly QueueableRow[]): Promise<void> {
    const queued: QueueableRow[] = [];
    const held = new Map<string, DirectReply[]>();
    for (const row of outbox) {
      if (!isDirectReply(row)) queued.push(row);
      else if (held.has(row.channel)) held.get(row.channel)!.push(row);
      else held.set(row.channel, [row]);
    }
    for (const [channel, rows] of held) this.direct.get(channel)!.deliver(rows);
    await queueAfterCommit(this.db, this.queues, queued, this.log);
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
  async idle(): Promise<void> {
    await this.batcher.idle();
    await Promise.all([...this.direct.values()].map((d) => d.idle()));
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
