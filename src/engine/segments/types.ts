import type { RefOption, Text, TextParam } from '../core/types.js';

// Who receives a bulk message. A segment is a list of filters that must all hold; an empty
// list is everyone. Each filter names a kind (kecamatan, sector, growth status …) and the
// values of that kind any one of which will do. Plain data: stored with the conversation
// state and with the broadcast.

export type SegmentValue = string | number;

export interface SegmentFilter {
  readonly kind: string;
  readonly values: readonly SegmentValue[];
}

export interface SegmentSpec {
  readonly filters: readonly SegmentFilter[];
}

export const EVERYONE: SegmentSpec = { filters: [] };

/** The reference lists a kind may draw its values from. */
export interface SegmentRefs {
  readonly sectors: readonly RefOption[];
  readonly kecamatan: readonly RefOption[];
}

export interface SegmentOption {
  readonly value: SegmentValue;
  /** How the value is shown: a name as it is, or a locale key. */
  readonly label: TextParam;
  /** Words a staff member may type for it; the first is its usual name. */
  readonly words: readonly string[];
}

/**
 * One way of choosing people. Pure: the engine parses and describes segments with it;
 * `condition` is the SQL the recipients query uses, over `people p`, with `{values}`
 * standing for the chosen values as one bound array.
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
  readonly condition: string;
}
