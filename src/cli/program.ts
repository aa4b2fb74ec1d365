import { Command } from 'commander';
import type { App } from '../app.js';
import { bootConfig } from '../boot.js';
import { CAPABILITIES, type AnyCapability } from '../capabilities.js';
import { createRenderer } from '../i18n.js';
import { exitOnInterrupt } from '../interrupt.js';
import type { CliContext } from '../runtime/core/capability.js';
import { registerChannelCommands } from './channels.js';
import { plainText } from './plain.js';
import { printable } from './print.js';
import { registerOpsCommands } from './ops.js';

// `wirabot <command>` (compiled: `npx wirabot`, `node dist/cli/main.js`; from source:
// `npm run cli -- <command>`): everything staff can do, scriptable. Each capability registers
// its own commands; the channels' status and links are the core's. Connections, and the
// modules behind them (the app, its queues, the logger), are loaded only by the commands
// that need them, so `--help` stays quick. Standard output carries only the command's
// result (tables, CSV); logs go to standard error.

async function main(): Promise<void> {
  // A promise nobody awaited that failed: one line on stderr saying which command it was.
  process.on('unhandledRejection', (reason: unknown) => {
    const message = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    process.stderr.write(`wirabot ${process.argv.slice(2).join(' ')}: unhandled promise rejection: ${message}\n`);
    process.exitCode = 1;
  });
  process.env.LOG_LEVEL ??= 'warn';
  const config = bootConfig();
  const renderer = await createRenderer();
  let app: Promise<App> | null = null;
  exitOnInterrupt(async () => (await app)?.close());
  const openApp = () => (app ??= loadApp(config));
  const ctx: CliContext = {
    config,
    timeZone: config.TZ,
    db: async () => (await openApp()).database.db,
    open: async () => {
      const opened = await openApp();
      return { ...opened.services, turns: opened.runtime.turnDeps };
    },
    // Words from the chat's locales carry its markup; a terminal shows them plain, and no
    // control character reaches it (the one place the command line prints).
    out: (text) => process.stdout.write(`${printable(plainText(text))}\n`),
    render: (t) => renderer.render('id', t),
  };

  const program = new Command('wirabot').description(`${config.BOT_NAME} staff command line`).showHelpAfterError();
  for (const capability of CAPABILITIES as readonly AnyCapability[]) capability.cli?.(program, ctx);
  registerChannelCommands(program, { ...ctx, app: openApp });
  registerOpsCommands(program, ctx);
  try {
    await program.parseAsync(process.argv);
  } finally {
    const opened = app as Promise<App> | null;
    if (opened) await (await opened).close();
  }
}

async function loadApp(config: ReturnType<typeof bootConfig>): Promise<App> {
  const [{ createApp }, { createLogger }] = await Promise.all([import('../app.js'), import('../log.js')]);
  return createApp(config, { log: createLogger(config.LOG_LEVEL, process.stderr as never) });
}

main().catch((error: unknown) => {
  process.stderr.write(`${printable(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
});
