import { text } from '../core/text.js';
import type { Text } from '../core/types.js';
import { kindByName } from './registry.js';
import type { SegmentRefs, SegmentSpec } from './types.js';

// A segment in words, for previews, summaries and the command line:
// "kecamatan: Banjarmasin Utara · status: stagnan atau menurun".

export function describeSegment(spec: SegmentSpec, refs: SegmentRefs, render: (t: Text) => string): string {
  if (spec.filters.length === 0) return render(text('segment.everyone'));
  const or = ` ${render(text('segment.or'))} `;
  return spec.filters
    .map((filter) => {
      const kind = kindByName(filter.kind);
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
  const filters = (stored as { filters?: unknown } | null)?.filters;
  if (!Array.isArray(filters)) throw new Error(`unreadable segment: ${JSON.stringify(stored)}`);
  return {
    filters: filters.map((f: { kind?: unknown; values?: unknown }) => {
      const values = Array.isArray(f?.values) ? f.values : null;
      if (typeof f?.kind !== 'string' || !values || !values.every((v) => typeof v === 'string' || typeof v === 'number')) {
        throw new Error(`unreadable segment filter: ${JSON.stringify(f)}`);
      }
      return { kind: f.kind, values: values as (string | number)[] };
    }),
  };
}
