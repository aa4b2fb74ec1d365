import { sql, type Kysely } from 'kysely';
import { loadCityVocabulary } from '../../city/load.js';
import type { ChangeFeed } from '../../db/changes.js';
import type { Database } from '../../db/schema.js';
import type { RefOption } from '../../engine/core/vocabulary.js';
import { mergeVocabulary, type Vocabulary } from '../../engine/parse/vocabulary.js';
import { vocabularyAdditions } from '../understand/vocabulary.js';

// Sectors and kecamatan change a few times a year, yet every turn needs them: keep them in
// memory instead of asking Postgres on every message. The vocabulary is the city files plus
// what staff added (`understand add`). While the process hears the database's change notices
// (db/changes.ts) neither is read again until one of them changes, in any process; without
// them the lists are kept a minute and one small query per turn reads the vocabulary
// version, so an addition is still used from the next message on.

export interface ReferenceLists {
  readonly sectors: readonly RefOption[];
  readonly kecamatan: readonly RefOption[];
  readonly vocabulary: Vocabulary;
}

export class ReferenceCache {
  private cached: { lists: Omit<ReferenceLists, 'vocabulary'>; at: number; generation: number | null } | null = null;
  private vocabulary: { version: string; merged: Vocabulary; generation: number | null } | null = null;
  private base: Vocabulary | null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 60_000,
    base?: Vocabulary,
    private readonly city = 'banjarmasin',
    /** While it listens, nothing is read again until the database says it changed. */
    private readonly changes?: ChangeFeed,
  ) {
    this.base = base ?? null;
  }

  /** Inside a transaction pass it: with one connection (PGlite) another query would wait for it forever. */
  async get(db: Kysely<Database> = this.db, now = Date.now()): Promise<ReferenceLists> {
    const vocabulary = await this.currentVocabulary(db);
    const generation = this.changes?.generation('references') ?? null;
    const fresh = generation !== null ? this.cached?.generation === generation : this.cached !== null && now - this.cached.at < this.ttlMs;
    if (this.cached && fresh) return { ...this.cached.lists, vocabulary };
    const sectors = await this.load(db, 'sectors');
    const kecamatan = await this.load(db, 'kecamatan');
    this.cached = { lists: { sectors, kecamatan }, at: now, generation };
    return { ...this.cached.lists, vocabulary };
  }

  /** The city's own words, read once per process. */
  cityVocabulary(): Vocabulary {
    this.base ??= loadCityVocabulary(this.city);
    return this.base;
  }

  private async currentVocabulary(db: Kysely<Database>): Promise<Vocabulary> {
    // Taken before reading: a change made while reading moves it on, and the next turn reads again.
    const generation = this.changes?.generation('vocabulary') ?? null;
    if (generation !== null && this.vocabulary?.generation === generation) return this.vocabulary.merged;
    const { rows } = await sql<{ version: string }>`select version from vocabulary_version where id = 1`.execute(db);
    const version = rows[0]?.version ?? '0';
    if (this.vocabulary?.version === version) {
      this.vocabulary.generation = generation;
      return this.vocabulary.merged;
    }
    const merged = mergeVocabulary(this.cityVocabulary(), await vocabularyAdditions(db));
    this.vocabulary = { version, merged, generation };
    return merged;
  }

  private async load(db: Kysely<Database>, table: 'sectors' | 'kecamatan'): Promise<RefOption[]> {
    const rows = await db
      .selectFrom(table)
      .select(['id', 'code', 'name', 'aliases'])
      .where('active', '=', true)
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, aliases: r.aliases }));
  }
}
