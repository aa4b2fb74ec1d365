import type { Command } from 'commander';
import type { CliContext } from '../runtime/core/capability.js';

// The operator's commands of the core: `migrate`, `backup`, `restore`. Each loads what it
// needs when it runs, so `--help` does not pay for them.

export function registerOpsCommands(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations (npm start does this too)')
    .action(async () => {
      const [{ connectDatabase }, { migrateToLatest }] = await Promise.all([import('../db/connect.js'), import('../db/migrate.js')]);
      const database = await connectDatabase({ url: ctx.config.DATABASE_URL, pgliteDir: ctx.config.PGLITE_DIR });
      try {
        const applied = await migrateToLatest(database.db);
        ctx.out(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } finally {
        await database.close();
      }
    });
}
