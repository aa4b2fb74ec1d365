import type { SegmentKind } from '../segments/types.js';

// By sector, from the reference list. Typed only (`sektor=kuliner`): seven more lines
// would make the numbered list too long to read on a phone.

export const sectorKind: SegmentKind = {
  name: 'sector',
  keys: ['sektor', 'sector', 'bidang', 'bidang usaha', 'jenis usaha'],
  title: { key: 'segment.kind_sector' },
  options: (refs) => refs.sectors.map((s) => ({ value: s.id, label: s.name, words: [s.name, ...s.aliases] })),
  quick: false,
  condition: 'p.sector_id = any({values}::int[])',
};
