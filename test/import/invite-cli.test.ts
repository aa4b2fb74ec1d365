import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { importRegister } from './support.js';

// `npm run cli -- import invite [--limit N] [--dry-run]`, run as staff run it: the warning and
// today's figures first, then what was done.

// Each run starts the CLI afresh (several seconds on a busy machine).
const SLOW = 120_000;

describe('npm run cli -- import invite', () => {
  let t: TestApp;
  const cli = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', 'import', 'invite', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: t.config.DATABASE_URL,
        REDIS_URL: t.config.REDIS_URL,
        QUEUE_PREFIX: t.config.QUEUE_PREFIX,
        ID_HASH_KEY: t.config.ID_HASH_KEY,
        IMPORT_INVITES_PER_DAY: '5',
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
    });
  const invited = async () => (await t.app.database.db.selectFrom('people').select('id').where('invited_at', 'is not', null).execute()).length;

  beforeAll(async () => {
    t = await createTestApp('import-invite-cli');
    await importRegister(t.app.database.db);
  });
  afterAll(() => t?.close());

  it('--dry-run shows the ban-risk warning and the figures, and sends nothing', () => {
    const result = cli('--dry-run');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('WhatsApp dapat memblokir nomor kantor');
    expect(result.stdout).toContain('WhatsApp belum diaktifkan (WHATSAPP_ENABLED)');
    expect(result.stdout).toContain('sisa kuota hari ini 5 dari 5. Menunggu undangan: 6 orang.');
    expect(result.stdout).toContain('sekitar 2 hari');
    expect(result.stdout).toContain('Uji coba: 5 undangan akan dikirim sekarang. Tidak ada yang dikirim.');
  }, SLOW);

  it('--limit 2 sends two, the rest of the day three, then the day is full; all audited', async () => {
    expect(await invited()).toBe(0);
    expect(cli('--limit', '2').stdout).toContain('2 undangan masuk antrean pengiriman WhatsApp.');
    expect(cli().stdout).toContain('3 undangan masuk antrean');
    const full = cli();
    expect(full.status).toBe(0);
    expect(full.stdout).toContain('sisa kuota hari ini 0 dari 5. Menunggu undangan: 1 orang.');
    expect(full.stdout).toContain('Kuota hari ini (5 undangan) sudah habis.');
    expect(await invited()).toBe(5);
    const audit = await t.app.database.db.selectFrom('audit_log').select('action').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['import_invitations_previewed', 'import_invitations_sent', 'import_invitations_sent', 'import_invitations_sent']);
  }, SLOW);

  it('a --limit that is not a whole number is one clear line and exit code 1', async () => {
    const bad = cli('--limit', 'lima');
    expect(bad.status).toBe(1);
    expect(`${bad.stdout}${bad.stderr}`).toContain('Jumlah (--limit) harus bilangan bulat 1 atau lebih');
    expect(await invited()).toBe(5);
  }, SLOW);
});
