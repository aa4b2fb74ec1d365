import type { Inbound } from '../../channels/types.js';
import type { Logger } from '../../log.js';
import { isTransientInfraError } from '../../retry.js';
import type { RecordedInbound } from './inbound.js';

// Messages arriving within a few milliseconds of each other are recorded by one statement
// (recordInbounds), the way a database groups commits. Nobody is acknowledged before their
// message is committed: each caller waits for the statement that recorded theirs. One
// chat's messages reach this one at a time (the channels' ChatQueue), so a chat's order is
// the order of the statements, and within one the order of its rows.

export interface InboundRecorderOptions {
  /** Records a batch; the i-th result is the i-th message's (null: a duplicate). Retries transient failures itself. */
  readonly record: (inbounds: readonly Inbound[]) => Promise<(RecordedInbound | null)[]>;
  /** Runs after a batch is committed, before its callers are answered (queueing the turn jobs); never throws. */
  readonly afterRecord: (recorded: readonly RecordedInbound[]) => Promise<void>;
  readonly log: Logger;
  readonly windowMs?: number;
  readonly maxBatch?: number;
}

interface Waiting {
  readonly inbound: Inbound;
  readonly resolve: (recorded: RecordedInbound | null) => void;
  readonly reject: (error: unknown) => void;
}

export class InboundRecorder {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly windowMs: number;
  private readonly maxBatch: number;

  constructor(private readonly options: InboundRecorderOptions) {
    this.windowMs = options.windowMs ?? 2;
    this.maxBatch = options.maxBatch ?? 200;
  }

  record(inbound: Inbound): Promise<RecordedInbound | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ inbound, resolve, reject });
      if (this.waiting.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length > 0) void this.write(batch);
  }

  private async write(batch: readonly Waiting[]): Promise<void> {
    let results: (RecordedInbound | null)[];
    try {
      results = await this.options.record(batch.map((w) => w.inbound));
    } catch (error) {
      if (batch.length === 1 || isTransientInfraError(error)) {
        for (const w of batch) w.reject(error);
        return;
      }
      // One message the statement could not take must not fail the others with it.
      this.options.log.warn({ err: String(error), messages: batch.length }, 'recording a batch of messages failed; recording them one at a time');
      for (const w of batch) await this.write([w]);
      return;
    }
    await this.options.afterRecord(results.filter((r): r is RecordedInbound => r !== null));
    batch.forEach((w, i) => w.resolve(results[i] ?? null));
  }
}
