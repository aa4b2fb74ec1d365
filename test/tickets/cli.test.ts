import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';

// The questions to staff from `npm run cli`, as a script would use them: list, show, reply
// (the person gets it, signed), close; the FAQ kept in the database; the figures in status.

describe('npm run cli: tickets and faq', () => {
  let t: TestApp;
  let chats: Chats;
  const SITI = '7123456789';
  const ANI = '7123456790';

  const cli = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
      env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, REDIS_URL: t.config.REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    t = await createTestApp('ticketscli');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
    await addStaff(t.app.database.db, { name: 'Rina Hayati', telegramId: '7123456781' });
    await insertPeople(t.app.database.db, [
      { name: 'Siti Aminah', chats: [{ channel: 'telegram', address: SITI }] },
      { name: 'Ani', chats: [{ channel: 'telegram', address: ANI }] },
    ]);
  }, 60_000);
  afterAll(() => t.close());

  it('list, show, reply and close a question', async () => {
    await chats.say('telegram', SITI, 'Berapa lama mengurus PIRT?');
    const no = Number((await t.app.database.db.selectFrom('tickets').select('id').executeTakeFirstOrThrow()).id);

    const list = cli('tickets', 'list', '--open');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`#${no}\\s+open\\s+Siti Aminah \\(BJM-\\d+ · .+\\)\\s+\\d+ menit\\s+-\\s+Berapa lama mengurus PIRT\\?`));
    expect(cli('tickets', 'show', String(no)).stdout).toMatch(/Penanya: Berapa lama mengurus PIRT\?/);

    const reply = cli('tickets', 'reply', String(no), '--text', 'Sekitar dua minggu.', '--staff', '7123456781');
    expect(reply.status).toBe(0);
    expect(reply.stdout).toContain(`Jawaban untuk pertanyaan #${no} terkirim ke Siti Aminah`);
    const answer = await waitFor(async () => chats.seen('telegram', SITI).find((m) => m.startsWith('💬')), 20_000, 'the answer');
    expect(answer).toMatch(/Sekitar dua minggu\.\n\n— Rina Hayati, Diskopumker Banjarmasin\n\nBalas di sini/);

    expect(cli('tickets', 'close', String(no)).stdout).toContain(`Pertanyaan #${no} ditutup.`);
    await waitFor(async () => chats.seen('telegram', SITI).find((m) => m.includes(`#${no} sudah ditutup oleh petugas`)), 20_000, 'the person told it is closed');
    const again = cli('tickets', 'close', String(no));
    expect(again.status).toBe(1);
    expect(again.stdout).toContain(`Pertanyaan #${no} sudah ditutup.`);

    const status = cli('status');
    expect(status.stdout).toMatch(/Pertanyaan terbuka: 0 · median waktu sampai jawaban pertama \(90 hari\): \d+ m/);
    const audit = await t.app.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'ticket%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['ticket_answered', 'ticket_closed', 'ticket_opened', 'ticket_viewed']);
  }, 120_000);

  it('faq add, list and remove; an added entry answers the next question at once', async () => {
    const added = cli('faq', 'add', '--question', 'Bagaimana cara mengurus NIB?', '--answer', 'NIB diurus gratis di oss.go.id.', '--keywords', 'nib, izin berusaha');
    expect(added.status).toBe(0);
    const id = /FAQ #(\d+) ditambahkan/.exec(added.stdout)?.[1];
    expect(id).toBeDefined();
    expect(cli('faq', 'list').stdout).toMatch(new RegExp(`${id}\\s+Bagaimana cara mengurus NIB\\?\\s+nib, izin berusaha`));
    expect(await chats.say('telegram', ANI, 'kalau NIB itu ngurusnya di mana?')).toEqual(['NIB diurus gratis di oss.go.id.']);

    expect(cli('faq', 'remove', id!).stdout).toContain(`FAQ #${id} dihapus.`);
    const [opened] = await chats.say('telegram', ANI, 'kalau NIB itu ngurusnya di mana?');
    expect(opened).toMatch(/sudah kami teruskan ke petugas/);
    const unknown = cli('faq', 'remove', '999999');
    expect(unknown.status).toBe(1);
  }, 120_000);
});
