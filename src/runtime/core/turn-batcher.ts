import type { Logger } from '../../log.js';
import type { ChatTurnResult, TurnBatchOutcome } from './turn-batch.js';
import type { TurnOutcome } from './turn.js';

// Gathers the chats this process has turn jobs for and hands them to turn batches
// (turn-batch.ts): at most `parallel` batch transactions at once, each with up to
// `batchSize` chats, first come first served. With little traffic a batch starts as soon
// as one chat is ready (no waiting to fill it); under load the chats that arrive while
// batches run make the next batches full by themselves.
//
// A chat is in at most one batch at a time and gets one message per batch; with more
// waiting it goes to the back of the line, so a chat sending hundreds of messages takes
// one place in each batch and everyone else keeps moving. A job for a chat already here
// returns at once (the chat is handled until nothing of it is waiting), so a flood does
// not hold the worker's job slots either.

export interface TurnBatcherOptions {
  readonly batchSize: number;
  /** Batch transactions at once (each holds one database connection while it runs). */
  parallel: number;
  readonly runBatch: (identityIds: readonly string[]) => Promise<TurnBatchOutcome>;
  /** One turn of one chat in its own transaction, waiting for its lock: the way out when batches fail or keep skipping it. */
  readonly runSingle: (identityId: string) => Promise<TurnOutcome | null>;
  /** Queues a committed batch's replies; never throws (after-commit.ts). */
  readonly afterCommit: (outbox: TurnOutcome['outbox']) => Promise<void>;
  readonly log: Logger;
  /** Called for every turn handled (for /metrics). */
  readonly onHandled?: () => void;
}

interface ChatEntry {
  /** Another job for this chat came while it was here: look once more before letting go. */
  again: boolean;
  handled: number;
  /** Batches in a row that found the chat held by another transaction. */
  busy: number;
  readonly resolve: (handled: number) => void;
  readonly reject: (error: unknown) => void;
}

/** After this many batches found a chat held elsewhere, its turn waits for the lock on its own. */
const BUSY_TRIES = 3;
const BUSY_PAUSE_MS = 15;

export class TurnBatcher {
  private readonly chats = new Map<string, ChatEntry>();
  private readonly ready: string[] = [];
  private running = 0;

  private readonly options: TurnBatcherOptions;

  constructor(options: TurnBatcherOptions) {
    this.options = { ...options };
  }

  /** How many batch transactions may run at once from now on. */
  setParallel(parallel: number): void {
    this.options.parallel = Math.max(1, parallel);
    this.pump();
  }

  get batchSize(): number {
    return this.options.batchSize;
  }

  /** Handles every waiting message of this chat; resolves with how many, once none is left. */
  request(identityId: string): Promise<number> {
    const entry = this.chats.get(identityId);
    if (entry) {
      entry.again = true;
      return Promise.resolve(0);
    }
    return new Promise<number>((resolve, reject) => {
      this.chats.set(identityId, { again: false, handled: 0, busy: 0, resolve, reject });
      this.ready.push(identityId);
      this.pump();
    });
  }

  /** Chats waiting or in a batch (for tests and /metrics). */
  get size(): number {
    return this.chats.size;
  }

  private idleWaiters: (() => void)[] = [];

  /** Resolves once no chat is waiting or in a batch (a clean stop). */
  idle(): Promise<void> {
    if (this.chats.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.options.parallel && this.ready.length > 0) {
      const ids = this.ready.splice(0, this.options.batchSize);
      this.running++;
      void this.runBatch(ids).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async runBatch(ids: readonly string[]): Promise<void> {
    let outcome: TurnBatchOutcome;
    try {
      outcome = await this.options.runBatch(ids);
    } catch (error) {
      // Nothing of the batch was committed. One chat's turn may be what failed (a bug, a
      // deadlock with a job): each turn alone shows which, and only its job fails.
      this.options.log.warn({ err: String(error), chats: ids.length }, 'a turn batch failed; handling its chats one at a time');
      for (const id of ids) await this.runAlone(id);
      return;
    }
    await this.options.afterCommit(outcome.outbox);
    for (const result of outcome.results) this.settle(result);
  }

  private async runAlone(identityId: string): Promise<void> {
    const entry = this.chats.get(identityId);
    if (!entry) return;
    let outcome: TurnOutcome | null;
    try {
      outcome = await this.options.runSingle(identityId);
    } catch (error) {
      this.chats.delete(identityId);
      entry.reject(error);
      this.checkIdle();
      return;
    }
    if (outcome) await this.options.afterCommit(outcome.outbox);
    this.settle(outcome ? { identityId, status: 'handled', more: outcome.more } : { identityId, status: 'idle' });
  }

  private settle(result: ChatTurnResult): void {
    const entry = this.chats.get(result.identityId);
    if (!entry) return;
    switch (result.status) {
      case 'handled':
        entry.handled++;
        entry.busy = 0;
        this.options.onHandled?.();
        if (result.more) this.ready.push(result.identityId);
        else this.letGo(result.identityId, entry);
        break;
      case 'idle':
        this.letGo(result.identityId, entry);
        break;
      case 'deferred':
        this.ready.unshift(result.identityId);
        break;
      case 'busy':
        entry.busy++;
        if (entry.busy >= BUSY_TRIES) {
          // Held for long (a job's big batch of system turns), or it has no conversation row:
          // one turn that waits for the lock settles it either way.
          entry.busy = 0;
          this.running++;
          void this.runAlone(result.identityId).finally(() => {
            this.running--;
            this.pump();
          });
        } else {
          setTimeout(() => {
            this.ready.push(result.identityId);
            this.pump();
          }, BUSY_PAUSE_MS * entry.busy).unref();
        }
        break;
    }
  }

  private letGo(identityId: string, entry: ChatEntry): void {
    if (entry.again) {
      entry.again = false;
      this.ready.push(identityId);
      return;
    }
    this.chats.delete(identityId);
    entry.resolve(entry.handled);
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.chats.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
