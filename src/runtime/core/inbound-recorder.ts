import type { Inbound } from '../../channels/types.js';
import type { Logger } from '../../log.js';
import { isTransientInfraError } from '../../retry.js';
import type { RecordedInbound } from './inbound.js';
import { Coalescer } from '../../outbox/coalescer.js';

// Messages arriving while the statement recording earlier ones is on its way are recorded
// together by the next (recordInbounds), the way a database groups commits: one statement
// per round trip however many arrive, and no waiting at all for a message that comes alone
// (outbox/coalescer.ts). Nobody is acknowledged before their message is committed: each
// caller waits for the statement that recorded theirs. One chat's messages reach this one
// at a time (the channels' ChatQueue), and one statement is on its way at a time, so a
// chat's order is the order of the statements, and within one the order of its rows.

export interface InboundRecorderOptions {
  /** Records a batch; the i-th result is the i-th message's (null: a duplicate). Retries transient failures itself. */
  readonly record: (inbounds: readonly Inbound[]) => Promise<(RecordedInbound | null)[]>;
  /** Runs after a batch is committed, before its callers are answered (queueing the turn jobs); never throws. */
  readonly afterRecord: (recorded: readonly RecordedInbound[]) => Promise<void>;
  readonly log: Logger;
}

/** One message's outcome: recorded (null: a duplicate), or why it could not be. */
type Outcome = { readonly recorded: RecordedInbound | null } | { readonly error: unknown };

export class InboundRecorder {
  private readonly batches: Coalescer<Inbound, Outcome>;

  constructor(private readonly options: InboundRecorderOptions) {
    this.batches = new Coalescer((inbounds) => this.write(inbounds));
  }

  async record(inbound: Inbound): Promise<RecordedInbound | null> {
    const outcome = await this.batches.add(inbound);
    if ('error' in outcome) throw outcome.error;
    return outcome.recorded;
  }

  private async write(batch: readonly Inbound[]): Promise<Outcome[]> {
    let results: (RecordedInbound | null)[];
    try {
      results = await this.options.record(batch);
    } catch (error) {
      if (batch.length === 1 || isTransientInfraError(error)) return batch.map(() => ({ error }));
      // One message the statement could not take must not fail the others with it.
      this.options.log.warn({ err: String(error), messages: batch.length }, 'recording a batch of messages failed; recording them one at a time');
      const outcomes: Outcome[] = [];
      for (const inbound of batch) outcomes.push(...(await this.write([inbound])));
      return outcomes;
    }
    await this.options.afterRecord(results.filter((r): r is RecordedInbound => r !== null));
    return results.map((recorded) => ({ recorded: recorded ?? null }));
  }
}
