import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The PostgreSQL major version inside the PGlite we depend on (0.5.x is PostgreSQL 18).
 * Postgres cannot open a data directory of another major version, and PGlite then only
 * says "PGlite failed to initialize properly", so we look first and say what to do.
 */
export const PGLITE_PG_MAJOR = '18';

export class PgliteVersionError extends Error {
  override readonly name = 'PgliteVersionError';
}

/** Throws a PgliteVersionError when `dir` holds a database of another Postgres major version. */
export async function checkDataDirVersion(dir: string): Promise<void> {
  const found = await readFile(path.join(dir, 'PG_VERSION'), 'utf8').then(
    (text) => text.trim(),
    () => null, // a new, empty directory
  );
  if (found === null || found === PGLITE_PG_MAJOR) return;
  const how =
    found === '17'
      ? 'Copy it over with `npm run db:upgrade-pglite` (the old directory is kept)'
      : 'Dump it with the PGlite version that made it and load the dump into a new directory';
  throw new PgliteVersionError(
    `${dir} holds a PostgreSQL ${found} database made by an older PGlite; this Wirabot embeds PostgreSQL ${PGLITE_PG_MAJOR} and cannot open it. ` +
      `Nothing was changed. ${how}; see README, "Embedded database".`,
  );
}
