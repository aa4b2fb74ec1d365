import type { SegmentKind } from '../segments/types.js';

// By kecamatan (district) and by sector, from the reference lists.

export const kecamatanKind: SegmentKind = {
  name: 'kecamatan',
  keys: ['kecamatan', 'kec', 'wilayah', 'daerah', 'lokasi', 'district'],
  title: { key: 'segment.kind_kecamatan' },
  options: (refs) => refs.kecamatan.map((k) => ({ value: k.id, label: k.name, words: [k.name, ...k.aliases] })),
  quick: true,
  order: 20,
};

// Typed only (`sektor=kuliner`): seven more lines would make the numbered list too long to
// read on a phone.
export const sectorKind: SegmentKind = {
  name: 'sector',
  keys: ['sektor', 'sector', 'bidang', 'bidang usaha', 'jenis usaha'],
  title: { key: 'segment.kind_sector' },
  options: (refs) => refs.sectors.map((s) => ({ value: s.id, label: s.name, words: [s.name, ...s.aliases] })),
  quick: false,
  order: 30,
};
