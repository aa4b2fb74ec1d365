import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { readChannelStatus } from '../channels/whatsapp/status.js';
import { sendQueueName } from '../outbox/queue.js';
import { formatLocalDateTime } from '../time.js';
import type { App } from '../app.js';
import type { CliContext } from '../runtime/core/capability.js';

/** The core's commands see the whole app: the database kind, every queue. */
type CoreCliContext = CliContext & { app(): Promise<App> };
import { formatTable } from './table.js';
import { CAPABILITIES, type AnyCapability } from '../capabilities.js';
import type { Text } from '../engine/core/vocabulary.js';
import { text } from '../engine/core/text.js';

// `status`: how the channels and the queues are doing. `links`: the links (and QR codes)
// people use to start chatting, for posters and flyers.

async function showStatus(ctx: CoreCliContext): Promise<void> {
  const app = await ctx.app();
  const { config } = ctx;
  const wa = config.WHATSAPP_ENABLED ? await readChannelStatus(config.REDIS_URL, config.QUEUE_PREFIX, 'whatsapp') : null;
  const say = (key: string, params?: Record<string, string>) => ctx.render(text(`cli.${key}`, params));
  const since = (at: Date | string | undefined) => (at ? ` ${say('since', { when: formatLocalDateTime(new Date(at), ctx.timeZone) })}` : '');
  ctx.out(`WhatsApp  ${config.WHATSAPP_ENABLED ? (wa ? `${wa.state}${since(wa.since)}${wa.detail ? ` (${wa.detail})` : ''}` : say('whatsapp_never')) : say('whatsapp_off')}`);
  ctx.out(`Telegram  ${config.TELEGRAM_BOT_TOKEN ? say('telegram_on', { mode: config.TELEGRAM_WEBHOOK_URL ? 'webhook' : 'long polling' }) : say('telegram_off')}`);
  ctx.out(`Database  ${app.database.kind}`);

  const rows: (string | number)[][] = [];
  for (const channel of ['telegram', 'whatsapp'] as const) {
    for (const p of ['reply', 'bulk'] as const) {
      const counts = await app.queues.get(sendQueueName(channel, p)).getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
      rows.push([`${channel} ${p}`, (counts.waiting ?? 0) + (counts.prioritized ?? 0), counts.delayed ?? 0, counts.active ?? 0, counts.failed ?? 0]);
    }
  }
  ctx.out(`\n${formatTable(['col_queue', 'col_waiting', 'col_delayed', 'col_active', 'col_failed'].map((k) => say(k)), rows)}`);

  const outbox = await app.database.db.selectFrom('outbound_messages').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').orderBy('status').execute();
  ctx.out(`\n${formatTable([say('col_message_status'), say('col_count')], outbox.map((r) => [r.status, Number(r.n)]))}`);

  const figures: Text[] = [];
  for (const capability of CAPABILITIES as readonly AnyCapability[]) figures.push(...((await capability.status?.(app.database.db, new Date())) ?? []));
  if (figures.length > 0) ctx.out(`\n${figures.map((t) => ctx.render(t)).join('\n')}`);
}

async function telegramUsername(ctx: CoreCliContext): Promise<string | null> {
  const { config } = ctx;
  if (config.TELEGRAM_BOT_USERNAME) return config.TELEGRAM_BOT_USERNAME.replace(/^@/, '');
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  try {
    const { Telegram } = await import('telegraf');
    const telegram = new Telegram(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {});
    return (await telegram.getMe()).username;
  } catch (error) {
    ctx.out(ctx.render(text('cli.no_bot_name', { reason: error instanceof Error ? error.message : String(error) })));
    return null;
  }
}

async function printLinks(ctx: CoreCliContext, options: { out: string }): Promise<void> {
  const links: [name: string, url: string][] = [];
  if (ctx.config.WHATSAPP_NUMBER) links.push(['whatsapp', `https://wa.me/${ctx.config.WHATSAPP_NUMBER.replace(/^\+/, '')}?text=DAFTAR`]);
  const username = await telegramUsername(ctx);
  if (username) links.push(['telegram', `https://t.me/${username}?start=daftar`]);
  if (links.length === 0) {
    ctx.out(ctx.render(text('cli.no_channel')));
    process.exitCode = 1;
    return;
  }
  await mkdir(options.out, { recursive: true });
  const { default: QRCode } = await import('qrcode');
  for (const [name, url] of links) {
    const file = path.join(options.out, `daftar-${name}.png`);
    await QRCode.toFile(file, url, { width: 600, margin: 2, errorCorrectionLevel: 'M' });
    ctx.out(`${name.padEnd(9)} ${url}\n          QR: ${file}`);
  }
}

export function registerChannelCommands(program: Command, ctx: CoreCliContext): void {
  program.command('status').description('channel connection state, queue depths and message counts').action(() => showStatus(ctx));
  program
    .command('links')
    .description('print the links people use to start chatting, and write a QR code PNG for each')
    .option('--out <dir>', 'folder for the QR code images', './data/links')
    .action((options: { out: string }) => printLinks(ctx, options));
}
