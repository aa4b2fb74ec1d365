import { z } from 'zod';
import type { RefOption, Text } from '../core/vocabulary.js';

// Who receives a bulk message. A segment is a list of filters that must all hold; an empty
// list is everyone. Each filter names a kind (kecamatan, sector, growth status …) and the
// values of that kind any one of which will do. Plain data: stored with the conversation
// state and with the broadcast.

export const segmentValue = z.union([z.string(), z.number()]);
export type SegmentValue = z.infer<typeof segmentValue>;

export const segmentFilter = z.object({ kind: z.string(), values: z.array(segmentValue).readonly() }).readonly();
export type SegmentFilter = z.infer<typeof segmentFilter>;

export const segmentSpec = z.object({ filters: z.array(segmentFilter).readonly() }).readonly();
export type SegmentSpec = z.infer<typeof segmentSpec>;

export const EVERYONE: SegmentSpec = { filters: [] };

/** The reference lists a kind may draw its values from. */
export interface SegmentRefs {
  readonly sectors: readonly RefOption[];
  readonly kecamatan: readonly RefOption[];
}

export interface SegmentOption {
  readonly value: SegmentValue;
  /** How the value is shown: a name as it is, or a locale key. */
  readonly label: string | number | { readonly key: string };
  /** Words a staff member may type for it; the first is its usual name. */
  readonly words: readonly string[];
}

/**
 * One way of choosing people, as staff name it: the engine parses and describes segments
 * with it. The SQL that selects the people is the runtime's (each capability's
 * `segmentConditions`); a capability declares both sides under the same `name`.
 */
export interface SegmentKind {
  readonly name: string;
  /** Words before `=` in a typed segment (`kecamatan=…`, `kec=…`). */
  readonly keys: readonly string[];
  /** How the kind is named in a description (a locale key). */
  readonly title: Text;
  options(refs: SegmentRefs): readonly SegmentOption[];
  /** Its options appear in the numbered list of quick choices. */
  readonly quick: boolean;
  /** Where it stands among the kinds of every capability (lists, descriptions): lower first. */
  readonly order: number;
}
