import { createApp, type App } from './app.js';
import { bootConfig } from './boot.js';

// The composition root for `npm start`: starts the roles named in ROLES (all three by
// default) and shuts down cleanly on SIGTERM/SIGINT. Channels join in when configured.

async function main(): Promise<void> {
  const config = bootConfig();
  const app = await createApp(config);
  const { log } = app;
  if (config.ROLES.includes('worker')) await app.startTurnWorkers();
  log.info({ roles: config.ROLES, database: app.database.kind }, `${config.BOT_NAME} started`);
  handleShutdown(app);
}

function handleShutdown(app: App): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing jobs in progress');
    app
      .close()
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
