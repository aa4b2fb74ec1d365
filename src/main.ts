import { createApp, type App } from './app.js';
import { bootConfig } from './boot.js';
import type { Config } from './config.js';
import { createTelegramSender } from './channels/telegram/sender.js';
import { startTelegramGateway } from './channels/telegram/gateway.js';
import { startWhatsAppGateway } from './channels/whatsapp/gateway.js';
import { startHealthServer } from './health.js';
import { unhandledRejectionLogger } from './unhandled.js';

// The composition root for `npm start`: starts the roles named in ROLES (all three by
// default) and the channels that are configured, and shuts down cleanly on SIGTERM/SIGINT.

type Stoppable = { stop(): Promise<void> };

async function main(): Promise<void> {
  const config = bootConfig();
  const app = await createApp(config);
  logUnhandled(app);
  const stoppables: Stoppable[] = [];
  const starting = new AbortController();
  const channels: Record<string, string> = {};
  if (config.METRICS_PORT !== undefined) {
    const health = await startHealthServer(app, config.METRICS_PORT, () => ({ ...channels }));
    stoppables.push({ stop: () => health.close() });
  }

  if (config.ROLES.includes('worker')) {
    await app.startTurnWorkers();
    // Telegram can be sent from any worker process; WhatsApp only from the one holding the session.
    if (config.TELEGRAM_BOT_TOKEN) app.startChannelSenders(createTelegramSender(app));
  }
  if (config.ROLES.includes('gateway')) startGateways(app, config, stoppables, starting.signal, channels);
  // Repeatable jobs (the monthly check-in) live in Redis: one run each however many schedulers start.
  if (config.ROLES.includes('scheduler')) await app.schedule();
  if (!config.TELEGRAM_BOT_TOKEN && !config.WHATSAPP_ENABLED) {
    app.log.warn('no channel configured: set TELEGRAM_BOT_TOKEN or WHATSAPP_ENABLED=true (npm run chat works without either)');
  }
  app.log.info({ roles: config.ROLES, database: app.database.kind }, `${config.BOT_NAME} started`);
  handleShutdown(app, stoppables, starting);
}

function startGateways(app: App, config: Config, stoppables: Stoppable[], signal: AbortSignal, channels: Record<string, string>): void {
  if (config.WHATSAPP_ENABLED) stoppables.push(startWhatsAppGateway({ app, config }));
  if (config.TELEGRAM_BOT_TOKEN) {
    channels['telegram'] = 'connecting';
    // Waits (with backoff and a log line per try) until Telegram answers; the rest runs meanwhile.
    startTelegramGateway({ app, config, signal })
      .then((gateway) => {
        channels['telegram'] = 'ready';
        stoppables.push(gateway);
        app.log.info({ bot: gateway.botUsername }, 'telegram connected');
      })
      .catch((error: unknown) => {
        channels['telegram'] = 'stopped';
        if (!signal.aborted) app.log.error({ err: String(error) }, 'telegram gateway stopped');
      });
  }
}

function logUnhandled(app: App): void {
  process.on('unhandledRejection', unhandledRejectionLogger(app.log, { roles: app.config.ROLES, pid: process.pid }));
}

function handleShutdown(app: App, stoppables: Stoppable[], starting: AbortController): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing jobs in progress');
    starting.abort();
    Promise.all(stoppables.map((s) => s.stop()))
      .then(() => app.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        app.log.error({ err: String(error) }, 'unclean shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Wirabot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
