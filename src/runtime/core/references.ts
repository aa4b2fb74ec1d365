import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RefOption } from '../../engine/core/vocabulary.js';

// Sectors and kecamatan change a few times a year, yet every turn needs them: keep them in
// memory for a minute instead of asking Postgres on every message.

export interface ReferenceLists {
  readonly sectors: readonly RefOption[];
  readonly kecamatan: readonly RefOption[];
}

export class ReferenceCache {
  private cached: { lists: ReferenceLists; at: number } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 60_000,
  ) {}

  /** Inside a transaction pass it: with one connection (PGlite) another query would wait for it forever. */
  async get(db: Kysely<Database> = this.db, now = Date.now()): Promise<ReferenceLists> {
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.lists;
    const sectors = await this.load(db, 'sectors');
    const kecamatan = await this.load(db, 'kecamatan');
    this.cached = { lists: { sectors, kecamatan }, at: now };
    return this.cached.lists;
  }

  private async load(db: Kysely<Database>, table: 'sectors' | 'kecamatan'): Promise<RefOption[]> {
    const rows = await db
      .selectFrom(table)
      .select(['id', 'name', 'aliases'])
      .where('active', '=', true)
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, aliases: r.aliases }));
  }
}
