import { segments } from './capabilities.js';
import type { Text } from './engine/core/vocabulary.js';
import { quickChoices as quickChoicesWith, type QuickChoice, type SegmentParse } from './engine/segments/parse.js';
import type { SegmentRefs, SegmentSpec } from './engine/segments/types.js';
import type { Database } from './db/schema.js';
import type { Kysely } from 'kysely';
import type { Recipient } from './runtime/core/recipients.js';

// Segments with every capability's kinds and SQL, for code outside the app (benchmarks,
// tests); inside it, the same are the services' `segments`.

export function parseSegment(input: string, refs: SegmentRefs): SegmentParse {
  return segments.parse(input, refs);
}

export function quickChoices(refs: SegmentRefs): QuickChoice[] {
  return quickChoicesWith(refs, segments.kinds);
}

export function describeSegment(spec: SegmentSpec, refs: SegmentRefs, render: (t: Text) => string): string {
  return segments.describe(spec, refs, render);
}

export function recipientsAfter(db: Kysely<Database>, spec: SegmentSpec, after: string | number, limit: number): Promise<Recipient[]> {
  return segments.recipientsAfter(db, spec, after, limit);
}

export function countRecipients(db: Kysely<Database>, spec: SegmentSpec): Promise<Map<string, number>> {
  return segments.countRecipients(db, spec);
}
