import pg from 'pg';
import type { Logger } from '../log.js';

// Tells a process when what it keeps in memory changed in the database (migration 0025:
// triggers notify `wirabot_changes` with a topic). Each topic has a generation that moves on
// every notice. While not listening (not started yet, the connection lost) `generation`
// returns null: a cache must then ask the database as it would without this. When listening
// starts (again), every generation moves on, so notices missed meanwhile cost one reload.

export type ChangeTopic = 'vocabulary' | 'faq' | 'references';

const CHANNEL = 'wirabot_changes';

export class ChangeFeed {
  private readonly generations = new Map<string, number>();
  private client: pg.Client | null = null;
  private listening = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = 500;

  constructor(
    private readonly url: string,
    private readonly log?: Logger,
  ) {}

  /** The topic's generation while listening; null when a cache must check the database itself. */
  generation(topic: ChangeTopic): number | null {
    return this.listening ? (this.generations.get(topic) ?? 0) : null;
  }

  /** Starts listening; resolves once listening or once the first try failed (it keeps trying). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private bumpAll(): void {
    for (const topic of ['vocabulary', 'faq', 'references'] as const) this.bump(topic);
  }

  private bump(topic: string): void {
    this.generations.set(topic, (this.generations.get(topic) ?? 0) + 1);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) this.bump(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    // Whatever changed before this moment was not heard: every cache reloads once.
    this.bumpAll();
    this.listening = true;
    this.retryMs = 500;
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== null && this.client !== client) return;
    this.client = null;
    this.listening = false;
    void client.end().catch(() => undefined);
    if (this.stopped || this.retryTimer) return;
    this.log?.warn({ err: String(error), retryMs: this.retryMs }, 'not hearing about changes (vocabulary, FAQ, reference lists); reading them from the database until listening again');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }
}
