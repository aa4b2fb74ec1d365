import { Command } from 'commander';
import { createApp, type App } from '../app.js';
import { bootConfig } from '../boot.js';
import { CAPABILITIES, type AnyCapability } from '../capabilities.js';
import { createRenderer } from '../i18n.js';
import { createLogger } from '../log.js';
import { exitOnInterrupt } from '../interrupt.js';
import type { CliContext } from '../runtime/core/capability.js';
import { registerChannelCommands } from './channels.js';
import { plainText } from './plain.js';
import { printable } from './print.js';

// `npm run cli -- <command>`: everything staff can do, scriptable. Each capability registers
// its own commands; the channels' status and links are the core's. Connections are opened
// only by the commands that need them.

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const config = bootConfig();
  const renderer = await createRenderer();
  let app: Promise<App> | null = null;
  exitOnInterrupt(async () => (await app)?.close());
  const openApp = () => (app ??= createApp(config, { log: createLogger(config.LOG_LEVEL, process.stderr as never) }));
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

  const program = new Command('npm run cli --').description(`${config.BOT_NAME} staff command line`).showHelpAfterError();
  for (const capability of CAPABILITIES as readonly AnyCapability[]) capability.cli?.(program, ctx);
  registerChannelCommands(program, { ...ctx, app: openApp });
  try {
    await program.parseAsync(process.argv);
  } finally {
    const opened = app as Promise<App> | null;
    if (opened) await (await opened).close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${printable(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
});
