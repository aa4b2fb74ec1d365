import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { deleteQueueKeys, REDIS_URL, uniquePrefix } from './support/app.js';
import { connectDatabase, type DatabaseHandle } from '../src/db/connect.js';

// `npm run chat` with piped input: the scripted sign-up a newcomer would type, replayed
// through the real runtime, database and outbound queue.

function runChat(env: Record<string, string>, args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'chat', '--', ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('npm run chat with piped input', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  const prefix = uniquePrefix('chatcli');

  beforeAll(async () => {
    database = await createTestDatabase('chatcli');
  });
  afterAll(async () => {
    await handle?.close();
    await deleteQueueKeys(prefix);
    await database.drop();
  });

  it('signs a person up from a script and stores exactly the answers', async () => {
    const script = ['halo', 'iya', 'Siti Aminah', 'Kopi & Roti Asli', 'kulner', 'utara', '0812-3456-7890', '2019', '7,5 juta', 'ya', ''].join('\n');
    const env = { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' };
    const result = await runChat(env, ['--session', 'scripted'], script);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('selamat datang');
    expect(result.stdout).toContain('Usaha: Kopi & Roti Asli');
    expect(result.stdout).toMatch(/Nomor anggota Bapak\/Ibu: \*BJM-\d{6}\*/);
    // Replies are printed in the order of the conversation.
    expect(result.stdout.indexOf('Siapa nama lengkap')).toBeLessThan(result.stdout.indexOf('Apa nama usaha'));
    expect(result.stdout.indexOf('Apa nama usaha')).toBeLessThan(result.stdout.indexOf('bidang apa'));

    handle = await connectDatabase({ url: database.url });
    const person = await handle.db
      .selectFrom('people as p')
      .innerJoin('sectors as s', 's.id', 'p.sector_id')
      .innerJoin('kecamatan as k', 'k.id', 'p.kecamatan_id')
      .select(['p.full_name', 'p.business_name', 'p.phone_e164', 'p.baseline_omzet', 's.name as sector', 'k.name as kecamatan'])
      .executeTakeFirstOrThrow();
    expect(person).toEqual({
      full_name: 'Siti Aminah',
      business_name: 'Kopi & Roti Asli',
      phone_e164: '+6281234567890',
      baseline_omzet: '7500000',
      sector: 'Kuliner',
      kecamatan: 'Banjarmasin Utara',
    });
    const unsent = await handle.db.selectFrom('outbound_messages').select('id').where('status', '!=', 'sent').execute();
    expect(unsent).toEqual([]);
  }, 120_000);

  // Issue 16 item 8: "ya" typed right after HAPUS DATA used to wipe the question before it was printed.
  it('HAPUS DATA and its "ya" piped in at once: every reply is printed, then the data is gone', async () => {
    const env = { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' };
    const result = await runChat(env, ['--session', 'scripted'], ['HAPUS DATA', 'ya', ''].join('\n'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Yakin ingin menghapus data pribadi');
    expect(result.stdout).toContain('Data pribadi Bapak/Ibu sudah dihapus.');
    expect(result.stdout.indexOf('Yakin ingin menghapus')).toBeLessThan(result.stdout.indexOf('sudah dihapus'));
    handle ??= await connectDatabase({ url: database.url });
    const siti = await handle.db.selectFrom('people').select(['full_name', 'erased_at']).where('business_name', 'is', null).executeTakeFirstOrThrow();
    expect(siti.full_name).toBeNull();
    expect(siti.erased_at).not.toBeNull();
    // Once sent, the replies are forgotten as well.
    const kept = await handle.db.selectFrom('outbound_messages').select('id').where('address', '=', 'scripted').where('text', 'is not', null).execute();
    expect(kept).toEqual([]);
  }, 120_000);

  it('--as a phone number skips the phone question', async () => {
    const script = ['daftar', 'ya', 'Budi Santoso', 'Bengkel Budi', 'jasa', 'barat', '2010', '15jt', 'ya', ''].join('\n');
    const env = { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' };
    const result = await runChat(env, ['--as', '0813 1111 2222'], script);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('nomor HP/WhatsApp');
    expect(result.stdout).toContain('No. HP: 0813-1111-2222');
  }, 120_000);

  it('a wrong setting stops with one clear line naming the variable', async () => {
    const result = await runChat({ REDIS_URL: 'localhost:6379', DATABASE_URL: database.url }, [], '');
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/REDIS_URL expected a URL like redis:\/\/127\.0\.0\.1:6379/);
  }, 60_000);
});
