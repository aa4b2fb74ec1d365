import { Command } from 'commander';
import type { Kysely } from 'kysely';
import { bootConfig } from '../boot.js';
import { connectDatabase, type DatabaseHandle } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { registerPeopleCommands, type CliContext } from './people.js';

// `npm run cli -- <command>`: everything staff can do, scriptable. Each area registers its
// own commands; connections are opened only by the commands that need them.

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const config = bootConfig();
  let handle: DatabaseHandle | null = null;
  const ctx: CliContext = {
    timeZone: config.TZ,
    async db(): Promise<Kysely<Database>> {
      if (!handle) {
        handle = await connectDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
        await migrateToLatest(handle.db);
      }
      return handle.db;
    },
    out: (text) => process.stdout.write(`${text}\n`),
  };

  const program = new Command('npm run cli --').description(`${config.BOT_NAME} staff command line`).showHelpAfterError();
  registerPeopleCommands(program, ctx);
  try {
    await program.parseAsync(process.argv);
  } finally {
    await (handle as DatabaseHandle | null)?.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
