import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Text } from '../../engine/core/vocabulary.js';
import { describeSegment } from '../../engine/segments/describe.js';
import { parseSegment, type SegmentParse } from '../../engine/segments/parse.js';
import type { SegmentKind, SegmentRefs, SegmentSpec } from '../../engine/segments/types.js';
import { segmentRecipients, type Recipient } from './recipients.js';

// Segments with every capability's kinds: how staff type and read them (the engine side)
// and whom they select (the SQL of each kind).

export interface Segments {
  readonly kinds: readonly SegmentKind[];
  parse(input: string, refs: SegmentRefs): SegmentParse;
  describe(spec: SegmentSpec, refs: SegmentRefs, render: (t: Text) => string): string;
  recipientsAfter(db: Kysely<Database>, spec: SegmentSpec, after: string | number, limit: number): Promise<Recipient[]>;
  countRecipients(db: Kysely<Database>, spec: SegmentSpec): Promise<Map<string, number>>;
}

export function createSegments(kinds: readonly SegmentKind[], conditions: Readonly<Record<string, string>>): Segments {
  const missing = kinds.filter((k) => !conditions[k.name]).map((k) => k.name);
  if (missing.length > 0) throw new Error(`segment kinds without SQL: ${missing.join(', ')}`);
  const recipients = segmentRecipients(conditions);
  return {
    kinds,
    parse: (input, refs) => parseSegment(input, refs, kinds),
    describe: (spec, refs, render) => describeSegment(spec, refs, render, kinds),
    recipientsAfter: (db, spec, after, limit) => recipients.after(db, spec, after, limit),
    countRecipients: (db, spec) => recipients.count(db, spec),
  };
}
