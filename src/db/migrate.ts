import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

// From source (src/db/migrate.ts) the migrations are ../../migrations/*.ts; compiled
// (dist/db/migrate.js) they are ../migrations/*.js, built next to the rest by `npm run build`.
const compiled = import.meta.url.endsWith('.js');
const migrationFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), compiled ? '../migrations' : '../../migrations');

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Like Kysely's FileMigrationProvider, but the import happens in our own module so that
 * whatever loads our TypeScript (tsx, vitest) also loads the migrations.
 */
class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((f) => /^\d+_[\w-]+\.(ts|js)$/.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(this.folder, file)).href)) as Migration;
      migrations[file.replace(/\.(ts|js)$/, '')] = module;
    }
    return migrations;
  }
}

/** Applies every pending migration in migrations/ and returns the names applied. */
export async function migrateToLatest(db: Kysely<any>, folder = migrationFolder): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new FolderMigrationProvider(folder) });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'before any migration ran';
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    // The cause keeps its code (ENOTFOUND, ECONNREFUSED …), so an outage is told from a bad migration.
    throw new MigrationError(`migration ${failed} failed: ${reason}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
