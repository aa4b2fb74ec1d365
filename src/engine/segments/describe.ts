import { text } from '../core/text.js';
import type { Text } from '../core/vocabulary.js';
import { segmentSpec, type SegmentKind, type SegmentRefs, type SegmentSpec } from './types.js';

// A segment in words, for previews, summaries and the command line:
// "kecamatan: Banjarmasin Utara · status: stagnan atau menurun".

export function describeSegment(spec: SegmentSpec, refs: SegmentRefs, render: (t: Text) => string, kinds: readonly SegmentKind[]): string {
  if (spec.filters.length === 0) return render(text('segment.everyone'));
  const or = ` ${render(text('segment.or'))} `;
  return spec.filters
    .map((filter) => {
      const kind = kinds.find((k) => k.name === filter.kind);
      if (!kind) return `${filter.kind}=${filter.values.join('/')}`;
      const options = kind.options(refs);
      const values = filter.values.map((v) => {
        const label = options.find((o) => o.value === v)?.label ?? String(v);
        return typeof label === 'object' ? render(label) : label;
      });
      return render(text('segment.filter', { kind: kind.title, values: values.join(or) }));
    })
    .join(' · ');
}

/**
 * Reads a stored segment back. Anything unreadable throws: dropping a filter would widen
 * the audience, and an announcement must never reach more people than the preview said.
 */
export function restoreSegment(stored: unknown): SegmentSpec {
  const read = segmentSpec.safeParse(stored);
  if (!read.success) throw new Error(`unreadable segment: ${JSON.stringify(stored)}`);
  return read.data;
}
