import { bootConfig } from '../boot.js';
import { connectDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';

// `npm run migrate`: applies pending migrations and says which.
const config = bootConfig();
const database = await connectDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR }).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  return process.exit(1);
});
try {
  const applied = await migrateToLatest(database.db);
  process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
} finally {
  await database.close();
}
