import type { SegmentKind } from '../segments/types.js';

// By kecamatan (district), from the reference list.

export const kecamatanKind: SegmentKind = {
  name: 'kecamatan',
  keys: ['kecamatan', 'kec', 'wilayah', 'daerah', 'lokasi', 'district'],
  title: { key: 'segment.kind_kecamatan' },
  options: (refs) => refs.kecamatan.map((k) => ({ value: k.id, label: k.name, words: [k.name, ...k.aliases] })),
  quick: true,
  condition: 'p.kecamatan_id = any({values}::int[])',
};
