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

  async get(now = Date.now()): Promise<ReferenceLists> {
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.lists;
    const [sectors, kecamatan] = await Promise.all([this.load('sectors'), this.load('kecamatan')]);
    this.cached = { lists: { sectors, kecamatan }, at: now };
    return this.cached.lists;
  }

  private async load(table: 'sectors' | 'kecamatan'): Promise<RefOption[]> {
    const rows = await this.db
      .selectFrom(table)
      .select(['id', 'name', 'aliases'])
      .where('active', '=', true)
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, aliases: r.aliases }));
  }
}
