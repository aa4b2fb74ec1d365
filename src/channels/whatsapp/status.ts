import { Redis } from 'ioredis';
import type { ChannelName } from '../types.js';
import type { Logger } from '../../log.js';

// The WhatsApp connection state, kept in Redis so `npm run cli -- status` and the staff
// alert in other processes can read what the gateway process knows.

export type ConnectionState = 'starting' | 'qr' | 'ready' | 'disconnected';

export interface ChannelStatus {
  readonly state: ConnectionState;
  readonly since: Date;
  readonly detail: string;
}

export function channelStatusKey(prefix: string, channel: ChannelName): string {
  return `${prefix}:channel-status:${channel}`;
}

/** The last connection state a gateway stored, for `npm run cli -- status`; null if none ran. */
export async function readChannelStatus(redisUrl: string, prefix: string, channel: ChannelName): Promise<ChannelStatus | null> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined); // surfaced through the failed command
  try {
    const fields = await redis.hgetall(channelStatusKey(prefix, channel));
    if (!fields['state']) return null;
    return { state: fields['state'] as ConnectionState, since: new Date(fields['since'] ?? 0), detail: fields['detail'] ?? '' };
  } finally {
    redis.disconnect();
  }
}

/** The connection state in Redis, where `cli status` and other processes can read it. */
export class StatusStore {
  private readonly redis: Redis;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    redisUrl: string,
    private readonly key: string,
    private readonly log: Logger,
  ) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    this.redis.on('error', () => undefined); // reported by the failed write below
  }

  write(state: ConnectionState, detail: string): void {
    const fields = { state, since: new Date().toISOString(), detail };
    this.pending = this.pending
      .then(() => this.redis.hset(this.key, fields))
      .catch((error: unknown) => this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'whatsapp: could not store the connection state in Redis'));
  }

  async close(): Promise<void> {
    await this.pending;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

