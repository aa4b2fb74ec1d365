import { describe, expect, it } from 'vitest';
import { createRenderer, loadResources } from '../../src/i18n.js';
import { context, play } from '../support/engine.js';

// Issue 16, bug (b): the staff menu was one fixed string that knew nothing of /statistik.
// It is now composed of the lines each capability's staff commands bring, in their order.

const asStaff = context({ staff: { id: '7', name: 'Rina' } });

describe('the staff menu', () => {
  it('lists every staff command, each capability its own line, in both languages', async () => {
    const renderer = await createRenderer(loadResources());
    const { last } = play(['menu'], asStaff);
    const menu = last.events.find((e) => e.type === 'message_created');
    expect(menu?.type).toBe('message_created');
    if (menu?.type !== 'message_created') return;
    const id = renderer.renderMessage('id', menu).text;
    expect(id.split('\n')).toEqual([
      '*Menu staf*',
      '• */umumkan* — kirim pengumuman ke pelaku usaha',
      '• */rekap* — pengumuman terakhir dan hasilnya',
      '• */status* nomor — laporan pengiriman satu pengumuman (misalnya _/status 12_)',
      '• */pelatihan* — buat, umumkan dan kelola pelatihan (*/pelatihan bantuan* untuk semua perintahnya)',
      expect.stringMatching(/^• \*\/peserta\* nomor — /u),
      '• */statistik* — jumlah pendaftar bulan ini dan seluruhnya, per kecamatan',
      '• */batal* — batalkan yang sedang berjalan',
    ]);
    const en = renderer.renderMessage('en', menu).text;
    expect(en).toContain('*Staff menu*\n• */umumkan* — send an announcement to entrepreneurs');
    expect(en).toContain('• */statistik* — registrations this month and in all, by kecamatan');
  });
});
