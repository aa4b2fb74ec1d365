import type { Redis } from 'ioredis';
import type { Telegraf } from 'telegraf';
import type { ChannelPort } from '../port.js';
import type { Logger } from '../../log.js';
import { toTelegramHtml, type GroupMarker } from './convert.js';
import { toSendError } from './sender.js';

/**
 * Tells a group, once ever, that the bot only chats privately. The "told" mark lives in
 * Redis under the app's prefix, so a restart does not make the bot repeat itself.
 */
export class GroupNotices {
  constructor(
    private readonly app: ChannelPort,
    private readonly bot: Telegraf,
    private readonly redis: Redis,
    private readonly botUsername: string,
    private readonly log: Logger,
  ) {}

  async tell(group: GroupMarker): Promise<boolean> {
    const key = `${this.app.queues.prefix}:telegram:group-told:${group.chatId}`;
    const first = await this.redis.set(key, new Date().toISOString(), 'NX');
    if (first !== 'OK') return false;
    const text = this.app.text('telegram.group_private_only', { botUsername: this.botUsername });
    try {
      await this.bot.telegram.sendMessage(group.chatId, toTelegramHtml(text), { parse_mode: 'HTML' });
      return true;
    } catch (error) {
      await this.redis.del(key); // not told after all: the next message tries again
      this.log.warn({ chatId: group.chatId, err: toSendError(error).message }, 'could not post the private-chat notice in a group');
      return false;
    }
  }
}

