import { engine } from './capabilities.js';
import { describeSegment as describeWith } from './engine/segments/describe.js';
import { parseSegment as parseWith, quickChoices as quickChoicesWith, type QuickChoice, type SegmentParse } from './engine/segments/parse.js';
import type { SegmentRefs, SegmentSpec } from './engine/segments/types.js';
import type { Text } from './engine/core/vocabulary.js';

// Segments with the kinds every capability declared, for code outside a turn.

export const SEGMENT_KINDS = engine.segmentKinds;

export function parseSegment(input: string, refs: SegmentRefs): SegmentParse {
  return parseWith(input, refs, SEGMENT_KINDS);
}

export function quickChoices(refs: SegmentRefs): QuickChoice[] {
  return quickChoicesWith(refs, SEGMENT_KINDS);
}

export function describeSegment(spec: SegmentSpec, refs: SegmentRefs, render: (t: Text) => string): string {
  return describeWith(spec, refs, render, SEGMENT_KINDS);
}
