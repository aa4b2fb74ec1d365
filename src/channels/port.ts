import type { Worker } from 'bullmq';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { ChannelSender, Inbound } from './types.js';

// What a channel adapter needs from the rest of Wirabot, and nothing more: the one entry
// point for what people send, the configuration and log, where Redis is, the few words a
// channel shows by itself, and (for WhatsApp, whose session lives in one process) a way to
// run its own senders. The app is one; a test may pass a fake.

export interface ChannelPort {
  /** Records a message once and schedules its turn; false for a duplicate. */
  handleInbound(inbound: Inbound): Promise<boolean>;
  readonly config: Config;
  readonly log: Logger;
  /** Where this deployment's Redis is, and the prefix its keys share. */
  readonly queues: { readonly redisUrl: string; readonly prefix: string };
  /** A word a channel shows by itself (a button's label, the group notice), in Indonesian. */
  text(key: string, params?: Readonly<Record<string, string | number>>): string;
  /** Sends a channel's replies and bulk messages from this process, each at its configured pace. */
  startChannelSenders(sender: ChannelSender, options?: { readonly paced?: boolean }): Worker[];
}
