/**
 * Runs work one at a time per key (a chat), in the order it was asked for; different keys
 * run side by side. Platforms hand over batches of updates at once, yet one chat's messages
 * must be recorded in the order the person sent them.
 */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, work: () => Promise<void>): Promise<void> {
    const current = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return current;
  }

  /** Resolves when everything asked for so far has finished (for a clean stop). */
  async idle(): Promise<void> {
    await Promise.all(this.tails.values());
  }
}
