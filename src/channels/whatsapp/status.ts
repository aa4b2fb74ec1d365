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
  /** While pairing: the QR payload to scan (drawn by the dashboard), or the code to type. */
  readonly qr?: string;
  readonly pairingCode?: string;
}

/** What a pairing step publishes next to the state; written together, cleared by the next state. */
export interface PairingInfo {
  readonly qr?: string;
  readonly pairingCode?: string;
}

/** The gateway touches its status this often; a status not touched for 3 beats is stale. */
export const HEARTBEAT_MS = 30_000;
const STALE_AFTER_MS = 3 * HEARTBEAT_MS;

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
    const status: ChannelStatus = {
      state: fields['state'] as ConnectionState,
      since: new Date(fields['since'] ?? 0),
      detail: fields['detail'] ?? '',
      ...(fields['qr'] ? { qr: fields['qr'] } : {}),
      ...(fields['pairing_code'] ? { pairingCode: fields['pairing_code'] } : {}),
    };
    return withLiveness(status, fields['heartbeat'], Date.now());
  } finally {
    redis.disconnect();
  }
}

/**
 * A gateway process that died cannot say so: its last word stays in Redis. When the
 * heartbeat is stale the channel counts as disconnected from the last beat on.
 */
export function withLiveness(status: ChannelStatus, heartbeat: string | undefined, now: number): ChannelStatus {
  const beat = heartbeat ? Number(heartbeat) : NaN;
  if (!Number.isFinite(beat) || now - beat <= STALE_AFTER_MS) return status;
  return { state: 'disconnected', since: new Date(beat), detail: 'gateway process not running (no heartbeat)' };
}

/** The connection state in Redis, where `cli status` and other processes can read it. */
export class StatusStore {
  private readonly redis: Redis;
  private pending: Promise<unknown> = Promise.resolve();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    redisUrl: string,
    private readonly key: string,
    private readonly log: Logger,
  ) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    this.redis.on('error', () => undefined); // reported by the failed write below
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private beat(): void {
    this.pending = this.pending.then(() => this.redis.hset(this.key, 'heartbeat', String(Date.now()))).catch(() => undefined);
  }

  /** The QR and pairing code only count with the state they came with: any other write clears them. */
  write(state: ConnectionState, detail: string, pairing: PairingInfo = {}): void {
    const fields = { state, since: new Date().toISOString(), detail, heartbeat: String(Date.now()), qr: pairing.qr ?? '', pairing_code: pairing.pairingCode ?? '' };
    this.pending = this.pending
      .then(() => this.redis.hset(this.key, fields))
      .catch((error: unknown) => this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'whatsapp: could not store the connection state in Redis'));
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.pending;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

