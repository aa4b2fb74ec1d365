import { Command } from 'commander';
import { createApp, type App } from '../app.js';
import { bootConfig } from '../boot.js';
import { createLogger } from '../log.js';
import { exitOnInterrupt } from '../interrupt.js';
import type { CliContext } from './context.js';
import { registerChannelCommands } from './channels.js';
import { registerPeopleCommands } from './people.js';
import { registerCheckinCommands } from './checkin.js';
import { registerExportCommands } from './export.js';
import { registerStaffCommands } from './staff.js';
import { registerBroadcastCommands } from './broadcast.js';
import { registerAuditCommands } from './audit.js';
import { registerWorkshopCommands } from './workshop.js';

// `npm run cli -- <command>`: everything staff can do, scriptable. Each area registers its
// own commands in its own file; connections are opened only by the commands that need them.

const REGISTRARS: readonly ((program: Command, ctx: CliContext) => void)[] = [registerPeopleCommands, registerChannelCommands, registerCheckinCommands, registerExportCommands, registerStaffCommands, registerBroadcastCommands, registerAuditCommands, registerWorkshopCommands];

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const config = bootConfig();
  let app: Promise<App> | null = null;
  exitOnInterrupt(async () => (await app)?.close());
  const ctx: CliContext = {
    config,
    timeZone: config.TZ,
    app: () => (app ??= createApp(config, { log: createLogger(config.LOG_LEVEL, process.stderr as never) })),
    db: async () => (await ctx.app()).database.db,
    out: (text) => process.stdout.write(`${text}\n`),
  };

  const program = new Command('npm run cli --').description(`${config.BOT_NAME} staff command line`).showHelpAfterError();
  for (const register of REGISTRARS) register(program, ctx);
  try {
    await program.parseAsync(process.argv);
  } finally {
    const opened = app as Promise<App> | null;
    if (opened) await (await opened).close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
