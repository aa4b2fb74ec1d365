import { describe, expect, it } from 'vitest';
import { context, keysOf, play } from '../support/engine.js';

// A staff member stuck in a staff flow is offered the way out like everyone else: at the
// third answer in a row that is not understood, the question ends with how to stop.

const asStaff = context({ staff: { id: '7', name: 'Rina' } });

describe('a staff member stuck in a flow', () => {
  it('in /umumkan, the third unclear recipients get the stuck hint', () => {
    const { turns } = play(['/umumkan', 'Halo {nama}', 'kota=Banjarbaru', 'kota=Martapura', 'pokoknya yang rajin'], asStaff);
    expect(keysOf(turns[2]!.events)).toEqual(['staff.segment_unknown_key', 'staff.ask_segment']);
    expect(keysOf(turns[3]!.events)).toEqual(['staff.segment_unknown_key', 'staff.ask_segment']);
    expect(keysOf(turns[4]!.events)).toEqual(['staff.segment_not_understood', 'staff.ask_segment', 'staff.stuck_hint']);
  });

  it('at the /umumkan preview, the third unclear answer gets it before the preview', () => {
    const { turns } = play(['/umumkan', 'Halo {nama}', 'semua', 'hmm', 'hmm', 'hmm'], asStaff);
    expect(keysOf(turns[4]!.events)).toEqual(['staff.confirm_retry']);
    expect(keysOf(turns[5]!.events)).toEqual(['staff.confirm_retry', 'staff.stuck_hint']);
    expect(turns[5]!.events.at(-1)?.type).toBe('broadcast_preview_requested');
  });

  it('an answer that is understood starts the count again', () => {
    const { last } = play(['/umumkan', '🙏', '🙏', 'Halo {nama}', 'kota=Banjarbaru'], asStaff);
    expect(keysOf(last.events)).toEqual(['staff.segment_unknown_key', 'staff.ask_segment']);
  });
});
