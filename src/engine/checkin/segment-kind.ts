import type { SegmentKind, SegmentOption } from '../segments/types.js';

// By growth status, as the monthly check-ins last judged it (people.growth_status).

const STATUSES: readonly SegmentOption[] = [
  { value: 'stagnan', label: { key: 'segment.status_stagnan' }, words: ['stagnan', 'stagnant', 'datar', 'tetap', 'flat'] },
  { value: 'menurun', label: { key: 'segment.status_menurun' }, words: ['menurun', 'turun', 'merosot', 'declining', 'shrinking'] },
  { value: 'berkembang', label: { key: 'segment.status_berkembang' }, words: ['berkembang', 'tumbuh', 'naik', 'growing'] },
  { value: 'belum_cukup_data', label: { key: 'segment.status_belum_cukup_data' }, words: ['belum cukup data', 'belum ada data', 'tanpa data', 'not enough data'] },
];

export const growthKind: SegmentKind = {
  name: 'status',
  keys: ['status', 'pertumbuhan', 'perkembangan', 'growth'],
  title: { key: 'segment.kind_status' },
  options: () => STATUSES,
  quick: true,
  order: 10,
};
