import { text } from '../core/text.js';
import type { Text } from '../core/types.js';
import { growthKind } from '../checkin/segment-kind.js';
import { kecamatanKind } from '../profile/kecamatan-segment.js';
import { sectorKind } from '../profile/sector-segment.js';
import { workshopKind } from '../workshop/segment-kind.js';
import { EVERYONE, type SegmentKind, type SegmentRefs, type SegmentSpec } from './types.js';

// Every kind of segment, in the order they are listed and described. A new kind (say,
// workshop attendance) is one more file like kecamatan.ts and one more entry here.

export const SEGMENT_KINDS: readonly SegmentKind[] = [growthKind, kecamatanKind, sectorKind, workshopKind];

export function kindByName(name: string): SegmentKind | undefined {
  return SEGMENT_KINDS.find((k) => k.name === name);
}

export interface QuickChoice {
  readonly spec: SegmentSpec;
  readonly label: Text;
}

/** The numbered list a staff member picks from: everyone, then one line per quick value. */
export function quickChoices(refs: SegmentRefs): QuickChoice[] {
  const single = SEGMENT_KINDS.filter((k) => k.quick).flatMap((kind) =>
    kind.options(refs).map((o) => ({
      spec: { filters: [{ kind: kind.name, values: [o.value] }] },
      label: text('segment.choice', { kind: kind.title, value: o.label }),
    })),
  );
  return [{ spec: EVERYONE, label: text('segment.everyone') }, ...single];
}
