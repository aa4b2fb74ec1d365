import type { BigIntColumn, DefaultTimestamp, GeneratedBigInt } from './columns.js';

// The tables of migrations/0009_understanding.ts, mixed into `Database` in schema.ts.

export interface UnderstandMissesTable {
  id: GeneratedBigInt;
  question: string;
  /** Masked (digit runs of 8 or more) and cut to 200 characters before it is written. */
  text: string;
  at: DefaultTimestamp;
}

export type VocabularyKind = 'sector' | 'kecamatan' | 'yes' | 'no' | 'rsvp';

export interface VocabularyAdditionsTable {
  id: GeneratedBigInt;
  kind: VocabularyKind;
  phrase: string;
  target: string;
  added_by: string;
  added_at: DefaultTimestamp;
}

export interface VocabularyVersionTable {
  id: number;
  version: BigIntColumn;
}

export interface UnderstandTables {
  understand_misses: UnderstandMissesTable;
  vocabulary_additions: VocabularyAdditionsTable;
  vocabulary_version: VocabularyVersionTable;
}
