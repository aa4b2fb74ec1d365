import type { Kysely } from 'kysely';
import { RateLimitedError, RecipientUnreachableError, type ChannelSender } from '../channels/types.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../log.js';
import { retryTransient } from '../retry.js';
import { markUnreachable } from './deliver.js';
import type { SentMarker } from './mark-sent.js';
import type { Pacer } from './pace.js';
import type { QueueableRow } from './queue.js';

// Replies sent by the process that wrote them, straight after the turn commits (issue 14).
// The usual way is a send job in Redis for every turn's replies, picked up by a send worker
// that first takes the rows in Postgres: about 37 Redis commands and two more statements per
// reply. A process that runs turn workers AND holds the channel's sender skips all that:
// the turn writes its replies already held for sending by this process (`sending_until`,
// migration 0024) and this class sends them after commit.
//
// Nothing new is risked:
// - A reply is sent once: the hold keeps every send job off the row (a sweeper that finds it
//   still pending after a crash queues it, and its job waits for the hold to lapse).
// - Replies to a chat go in order: one chain per chat here; and a reply goes this way only
//   when no earlier reply to the chat is unsent, other than this process's own (the turn's
//   insert says which: `earlier_unsent`). Anything else goes the usual way, and so does every
//   later reply of that chat until the chain has drained.
// - Pacing still applies: a reply the pacer holds back, or one the platform refused, goes to
//   its send job, which waits, retries and records failures as before.

/** A reply row written held for this process, with everything needed to send it. */
export interface DirectReply extends QueueableRow {
  readonly identity_id: string;
  readonly text: string;
  readonly choices: readonly string[];
  readonly footer: string | null;
  readonly request_contact: boolean;
  /** The latest earlier reply to this chat that was unsent when this one was written (null: none). */
  readonly earlier_unsent: string | null;
}

export function isDirectReply(row: QueueableRow): row is DirectReply {
  return 'earlier_unsent' in row;
}

export interface DirectRepliesDeps {
  readonly db: Kysely<Database>;
  readonly sender: ChannelSender;
  readonly pacer?: Pacer;
  readonly marker: SentMarker;
  readonly log: Logger;
  /** Lets go of rows this process held and queues them as send jobs; never throws. */
  readonly handOver: (rows: readonly DirectReply[]) => Promise<void>;
}

interface ChatChain {
  tail: Promise<void>;
  /** The last reply this chain took: a new reply may follow it directly. */
  last: string | null;
  /** A reply of this chain went the usual way: the chain's later replies follow it there. */
  handedOver: boolean;
  running: number;
  idleSince: number;
}

/** Chains idle this long are forgotten (a reply written before ours was marked sent may still name it). */
const FORGET_AFTER_MS = 60_000;

export class DirectReplies {
  private readonly chains = new Map<string, ChatChain>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: DirectRepliesDeps) {}

  /** Sends a committed turn batch's held replies (in id order), each chat's in order. */
  deliver(rows: readonly DirectReply[]): void {
    const byChat = new Map<string, DirectReply[]>();
    for (const row of rows) {
      const group = byChat.get(row.identity_id);
      if (group) group.push(row);
      else byChat.set(row.identity_id, [row]);
    }
    if (this.chains.size > 1000) this.forgetIdle();
    for (const [identityId, group] of byChat) this.enqueue(identityId, group);
  }

  private enqueue(identityId: string, group: DirectReply[]): void {
    let chain = this.chains.get(identityId);
    // The rows of one turn were written by one statement: none sees another as earlier.
    const earlier = group[0]!.earlier_unsent;
    const followsOwn = earlier === null || (chain !== undefined && !chain.handedOver && earlier === chain.last);
    if (!chain) {
      chain = { tail: Promise.resolve(), last: null, handedOver: false, running: 0, idleSince: 0 };
      this.chains.set(identityId, chain);
    }
    const c = chain;
    if (followsOwn) c.last = group.at(-1)!.id;
    else c.handedOver = true;
    c.running++;
    this.running++;
    c.tail = c.tail
      .then(() => (followsOwn && !c.handedOver ? this.sendInOrder(c, group) : this.handOver(c, group)))
      .catch((error: unknown) => this.deps.log.error({ err: String(error), identityId }, 'direct reply failed; its rows are sent by the sweeper'))
      .finally(() => {
        c.running--;
        this.running--;
        if (c.running === 0) {
          c.idleSince = Date.now();
          // Once the chain has drained, what it handed over no longer holds anything back here:
          // a later reply checks Postgres again (`earlier_unsent`).
          if (c.handedOver) this.chains.delete(identityId);
        }
        if (this.running === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
  }

  private async sendInOrder(chain: ChatChain, group: readonly DirectReply[]): Promise<void> {
    for (const [i, row] of group.entries()) {
      if (chain.handedOver) return this.handOver(chain, group.slice(i));
      if (this.deps.pacer) {
        const decision = await this.deps.pacer.acquire(row.address!);
        if (!decision.ok) return this.handOver(chain, group.slice(i));
      }
      let platformMessageId: string;
      try {
        ({ platformMessageId } = await this.deps.sender.send({ address: row.address!, text: row.text, choices: row.choices, requestContact: row.request_contact, footer: row.footer }));
      } catch (error) {
        if (error instanceof RecipientUnreachableError) {
          // Blocked or gone: failed, not retried, as a send job would (the chat is reachable again once it writes).
          await markUnreachable(this.deps.db, this.deps.log, { ...row, attempts: 0 }, error.message);
          continue;
        }
        // Its send job retries it, and says why it failed if it keeps failing.
        if (error instanceof RateLimitedError) await this.deps.pacer?.pauseChannel(error.retryAfterMs);
        this.deps.log.warn({ outboxId: row.id, err: String(error) }, 'direct reply not sent; handing it to its send job');
        return this.handOver(chain, group.slice(i));
      }
      // Marked before the next one goes: marks commit in the chat's order.
      await retryTransient(() => this.deps.marker.mark({ id: row.id, platformMessageId, sentAt: new Date() }), {
        maxDelayMs: 5_000,
        onRetry: (error, attempt) => this.deps.log.warn({ outboxId: row.id, err: String(error), attempt }, 'sent, but could not mark it sent yet; retrying'),
      });
    }
  }

  private async handOver(chain: ChatChain, rows: readonly DirectReply[]): Promise<void> {
    chain.handedOver = true;
    await this.deps.handOver(rows);
  }

  private forgetIdle(): void {
    const before = Date.now() - FORGET_AFTER_MS;
    for (const [id, chain] of this.chains) if (chain.running === 0 && chain.idleSince < before) this.chains.delete(id);
  }

  /** Resolves once nothing is being sent (a clean stop). */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
