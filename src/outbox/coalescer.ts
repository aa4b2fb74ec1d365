// Calls made while a statement for the earlier ones is on its way wait for the next one, and
// share it: one statement per round trip however many senders ask at once, and no waiting at
// all when only one asks (no fixed window to sit out). A failed statement fails its callers
// only; each of them retries on its own.

export class Coalescer<In, Out> {
  private waiting: { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = false;
  private scheduled = false;

  /** `run` returns one result per item, in order. */
  constructor(private readonly run: (items: readonly In[]) => Promise<readonly Out[]>) {}

  add(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.inFlight || this.scheduled) return;
    this.scheduled = true;
    // The callers of this same tick join in.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    this.inFlight = true;
    try {
      const results = await this.run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.inFlight = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }
}
