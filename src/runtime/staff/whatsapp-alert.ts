import path from 'node:path';
import type { Redis } from 'ioredis';
import { readChannelStatus } from '../../channels/whatsapp/status.js';
import { text } from '../../engine/core/text.js';
import type { Logger } from '../../log.js';
import { whatsappAlertKey } from './keys.js';
import { notifyChat, staffTelegramChats, type NotifyDeps } from './notify.js';
import { formatLocalDateTime } from '../../time.js';

// When WhatsApp stays disconnected (or needs pairing again) longer than WHATSAPP_ALERT_AFTER,
// staff with a Telegram identity are told so, and how to re-pair: once per outage, and once
// more when it is back. The gateway cycles between `starting` and `disconnected` while it
// retries, so an outage is timed here, from the first check that saw it not ready.

export interface WhatsAppAlertDeps extends NotifyDeps {
  readonly redis: Redis;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly alertAfterMs: number;
  readonly sessionDir: string;
  readonly timeZone: string;
  readonly log: Logger;
  readonly clock?: () => Date;
}

export type AlertOutcome = 'connected' | 'unknown' | 'waiting' | 'alerted' | 'recovered';

export async function checkWhatsApp(deps: WhatsAppAlertDeps): Promise<AlertOutcome> {
  const status = await readChannelStatus(deps.redisUrl, deps.prefix, 'whatsapp');
  if (!status) return 'unknown';
  const key = `${deps.prefix}:whatsapp-outage`;
  if (status.state === 'ready') {
    const outage = await deps.redis.hgetall(key);
    await deps.redis.del(key);
    if (outage['alerted'] && outage['start']) {
      await tellStaff(deps, 'recovered', Number(outage['start']), status.detail);
      return 'recovered';
    }
    return 'connected';
  }
  await deps.redis.hsetnx(key, 'start', String(status.since.getTime()));
  const start = Number(await deps.redis.hget(key, 'start'));
  const now = deps.clock?.() ?? new Date();
  if (now.getTime() - start < deps.alertAfterMs) return 'waiting';
  await tellStaff(deps, status.state === 'qr' ? 'pair' : 'down', start, status.detail);
  await deps.redis.hset(key, 'alerted', '1');
  return 'alerted';
}

async function tellStaff(deps: WhatsAppAlertDeps, kind: 'pair' | 'down' | 'recovered', start: number, detail: string): Promise<void> {
  const message =
    kind === 'recovered'
      ? { text: [text('staff.whatsapp_back')] }
      : {
          text: [
            text('staff.whatsapp_down', { since: formatLocalDateTime(new Date(start), deps.timeZone), detail: detail || '-' }),
            text(kind === 'pair' ? 'staff.whatsapp_howto_pair' : 'staff.whatsapp_howto_reconnect', { qrPath: path.join(deps.sessionDir, 'pairing-qr.png') }),
          ],
        };
  let told = 0;
  for (const chat of await staffTelegramChats(deps.db)) {
    const key = whatsappAlertKey(kind === 'recovered' ? 'back' : 'alert', start, chat.staffId);
    if (await notifyChat(deps, { ...chat, channel: 'telegram' }, message, key)) told++;
  }
  if (told > 0) deps.log.warn({ kind, staff: told }, kind === 'recovered' ? 'whatsapp is back: staff told' : 'whatsapp outage: staff alerted');
}
