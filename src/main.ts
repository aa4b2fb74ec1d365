import { createApp, type App } from './app.js';
import { bootConfig } from './boot.js';
import type { Config } from './config.js';
import { createTelegramSender } from './channels/telegram/sender.js';
import { startTelegramGateway } from './channels/telegram/gateway.js';
import { startWhatsAppGateway } from './channels/whatsapp/gateway.js';
import { startHealthServer } from './health.js';
import { unhandledRejectionLogger } from './unhandled.js';
import { startWebServer } from './web/server.js';

// The composition root for `npm start`: starts the roles named in ROLES (all four by
// default) and the channels that are configured, and shuts down cleanly on SIGTERM/SIGINT
// (or, when something hangs — Redis down — at the latest after SHUTDOWN_TIMEOUT).

type Stoppable = { stop(): Promise<void> };

async function main(): Promise<void> {
  const config = bootConfig();
  const app = await createApp(config);
  logUnhandled(app);
  const stoppables: Stoppable[] = [];
  const starting = new AbortController();
  const stop = shutdown(app, config, stoppables, starting);
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Channel states for /readyz and /metrics.
  const channels: Record<string, string> = {};
  if (config.METRICS_PORT !== undefined) {
    const health = await startHealthServer(app, config.METRICS_PORT, () => ({ ...channels }));
    stoppables.push({ stop: () => health.close() });
  }

  try {
    if (config.ROLES.includes('worker')) {
      await app.startTurnWorkers();
      // Telegram can be sent from any worker process; WhatsApp only from the one holding the session.
      if (config.TELEGRAM_BOT_TOKEN) app.startChannelSenders(createTelegramSender(app));
    }
    if (config.ROLES.includes('gateway')) await startGateways(app, config, stoppables, starting.signal, stop, channels);
    // Repeatable jobs (the monthly check-in) live in Redis: one run each however many schedulers start.
    if (config.ROLES.includes('scheduler')) await app.schedule();
    if (config.ROLES.includes('web')) stoppables.push(await startWebServer(app));
  } catch (error) {
    // Not started: say why in one line (below) once what did start is stopped.
    await stop.quietly();
    throw error;
  }
  if (!config.TELEGRAM_BOT_TOKEN && !config.WHATSAPP_ENABLED) {
    app.log.warn('no channel configured: set TELEGRAM_BOT_TOKEN or WHATSAPP_ENABLED=true (npm run chat works without either)');
  }
  app.log.info({ roles: config.ROLES, database: app.database.kind }, `${config.BOT_NAME} started`);
}

/**
 * Resolves once Telegram has answered, or is unreachable and being waited for in the
 * background (an outage must not hold up the rest). A rejected token or a busy webhook
 * port rejects: nothing would ever come in, so the process must not run on as if started.
 */
function startGateways(app: App, config: Config, stoppables: Stoppable[], signal: AbortSignal, stop: Shutdown, channels: Record<string, string>): Promise<void> {
  if (config.WHATSAPP_ENABLED) stoppables.push(startWhatsAppGateway({ app, config }));
  if (!config.TELEGRAM_BOT_TOKEN) return Promise.resolve();
  channels['telegram'] = 'connecting';
  return new Promise<void>((resolve, reject) => {
    let waiting = false;
    const onWaiting = () => {
      waiting = true;
      resolve();
    };
    startTelegramGateway({ app, config, signal, onWaiting })
      .then((gateway) => {
        stoppables.push(gateway);
        channels['telegram'] = 'ready';
        app.log.info({ bot: gateway.botUsername }, 'telegram connected');
        resolve();
      })
      .catch((error: unknown) => {
        channels['telegram'] = 'stopped';
        if (signal.aborted) return;
        if (!waiting) return reject(error);
        // Found out only after a wait (Telegram was unreachable at first): the same one line, then stop.
        app.log.fatal(`${config.BOT_NAME} stopped: ${error instanceof Error ? error.message : String(error)}`);
        stop('telegram', 1);
      });
  });
}

function logUnhandled(app: App): void {
  process.on('unhandledRejection', unhandledRejectionLogger(app.log, { roles: app.config.ROLES, pid: process.pid }));
}

type Shutdown = ((signal: string, exitCode?: number) => void) & { quietly(): Promise<void> };

function shutdown(app: App, config: Config, stoppables: Stoppable[], starting: AbortController): Shutdown {
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    starting.abort();
    // Closing waits for jobs in progress and for Redis; with Redis down that never ends.
    const deadline = setTimeout(() => {
      app.log.error(`shutdown did not finish within ${Math.round(config.SHUTDOWN_TIMEOUT / 1000)} s (SHUTDOWN_TIMEOUT); exiting anyway`);
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT);
    deadline.unref();
    return (closing ??= Promise.all(stoppables.map((s) => s.stop())).then(() => app.close()));
  };
  const stop = (signal: string, exitCode = 0) => {
    if (closing !== null) return;
    app.log.info({ signal }, 'shutting down: finishing jobs in progress');
    close()
      .then(() => process.exit(exitCode))
      .catch((error: unknown) => {
        app.log.error({ err: String(error) }, 'unclean shutdown');
        process.exit(1);
      });
  };
  return Object.assign(stop, { quietly: () => close().catch(() => undefined) });
}

main().catch((error: unknown) => {
  process.stderr.write(`Wirabot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
