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
  program
    .command('backup')
    .description('back up the database (pg_dump, or the embedded database\'s own dump) and the WhatsApp session into BACKUP_DIR')
    .action(async () => {
      const { backup } = await import('./backup.js');
      const result = await backup(ctx.config);
      ctx.out(`database  ${result.database}`);
      if (result.whatsapp) ctx.out(`whatsapp  ${result.whatsapp}`);
      for (const old of result.removed) ctx.out(`removed   ${old}`);
    });
  program
    .command('restore')
    .description('restore a backup made by "wirabot backup" (stop the bot first); the database must exist')
    .argument('<file>', 'the database backup: wirabot-….dump (Postgres) or wirabot-….pglite.json.gz (embedded)')
    .option('--whatsapp <archive>', 'also put back the WhatsApp session from wirabot-….whatsapp.tar.gz')
    .action(async (file: string, options: { whatsapp?: string }) => {
      const { restore } = await import('./backup.js');
      await restore(ctx.config, file, options);
      ctx.out(`restored  ${file}${options.whatsapp ? ` and ${options.whatsapp}` : ''}`);
    });
}
