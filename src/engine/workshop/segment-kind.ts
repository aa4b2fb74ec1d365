import type { SegmentKind } from '../segments/types.js';

// People who have not attended any workshop yet (no attendance recorded, by code or by
// staff): the office's way of reaching those its training has not reached.

export const workshopKind: SegmentKind = {
  name: 'workshop',
  keys: ['pelatihan', 'workshop', 'workshops', 'training'],
  title: { key: 'segment.kind_workshop' },
  options: () => [
    {
      value: 'belum',
      label: { key: 'segment.workshop_never' },
      words: ['belum pernah ikut', 'belum pernah ikut pelatihan', 'belum ikut pelatihan', 'belum pernah pelatihan', 'never attended', 'not attended yet'],
    },
  ],
  quick: true,
  order: 40,
};
