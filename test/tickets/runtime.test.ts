import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/runtime/staff/directory.js';
import { officeHours } from '../../src/runtime/tickets/index.js';
import { remindOverdue } from '../../src/runtime/tickets/jobs.js';
import { answerTicket } from '../../src/runtime/tickets/actions.js';
import { ticketFigures } from '../../src/runtime/tickets/store.js';
import { queueRows } from '../../src/outbox/queue.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { insertPeople } from '../support/seed.js';

// Questions to staff through the real runtime (Postgres, Redis, the outbox): staff are told,
// the first to answer takes the question and the others are told who did, the answer reaches
// the person once, HAPUS DATA erases the ticket's texts and the notices, reminders go once,
// an answered question becomes an FAQ entry, and `cli status` has its figures.

const RINA = '7123456781';
const BUDI = '7123456782';
const SITI = '7123456789';
const ANI = '7123456790';
const DEWI = '7123456791';
const EKA = '7123456792';
const FAJAR = '7123456793';

// Friday 27 November 2026, 10.00 WITA: the office is open.
let now = new Date('2026-11-27T02:00:00Z');

describe('questions to staff in the runtime', () => {
  let t: TestApp;
  let chats: Chats;

  beforeAll(async () => {
    t = await createTestApp('tickets', {}, { clock: () => now });
    await t.app.startTurnWorkers(4);
    chats = new Chats(t.app);
    const db = t.app.database.db;
    await addStaff(db, { name: 'Rina Hayati', telegramId: RINA });
    await addStaff(db, { name: 'Budi Santoso', telegramId: BUDI });
    await insertPeople(db, [
      { name: 'Siti Aminah', kecamatan: 5, sector: 1, chats: [{ channel: 'telegram', address: SITI }] },
      { name: 'Ani', chats: [{ channel: 'telegram', address: ANI }] },
      { name: 'Dewi', chats: [{ channel: 'telegram', address: DEWI }] },
      { name: 'Eka', chats: [{ channel: 'telegram', address: EKA }] },
      { name: 'Fajar', chats: [{ channel: 'telegram', address: FAJAR }] },
    ]);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const seen = (address: string) => chats.seen('telegram', address);
  const lastTicket = async () => Number((await t.app.database.db.selectFrom('tickets').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id);
  const noticeOf = (staff: string, no: number) => waitFor(async () => seen(staff).find((m) => m.startsWith(`❓ Pertanyaan #${no} dari`)), 15_000, `the notice of #${no} to ${staff}`);

  it('two staff answer at once: one takes it, the other is told, the person gets one answer', async () => {
    const [opened] = await chats.say('telegram', SITI, 'petugas');
    const no = await lastTicket();
    expect(opened).toContain(`pertanyaan #${no}`);
    expect(opened).toContain('jam kerja (Senin–Jumat, 08.00–16.00 WITA)');
    expect(await chats.say('telegram', SITI, 'Bagaimana cara mengurus NIB untuk usaha kue saya?')).toEqual([`Pesan Bapak/Ibu sudah kami tambahkan ke pertanyaan #${no}.`]);

    const notice = await noticeOf(RINA, no);
    expect(notice).toMatch(new RegExp(`^❓ Pertanyaan #${no} dari Siti Aminah \\(BJM-\\d{6} · Kuliner · Banjarmasin Utara\\): `));
    await noticeOf(BUDI, no);
    await waitFor(async () => seen(RINA).some((m) => m.includes('Bagaimana cara mengurus NIB')), 15_000, 'the follow-up notice');

    const [rina, budi] = await Promise.all([chats.say('telegram', RINA, `/balas ${no} Silakan daftar di oss.go.id, gratis.`), chats.say('telegram', BUDI, `/balas ${no} Datang saja ke kantor.`)]);
    // The loser is told twice (the notice to every other staff member, and the answer to its
    // own /balas), in either order: what counts is who was told what, not which came first.
    const took = (said: string[]) => said.some((m) => m.startsWith(`✅ Jawaban untuk pertanyaan #${no} terkirim ke Siti Aminah`));
    const told = (said: string[]) => said.some((m) => m.startsWith(`Pertanyaan #${no} sudah dijawab oleh`));
    expect([took(rina), took(budi)].filter(Boolean)).toHaveLength(1);
    expect(took(rina) ? told(budi) && !told(rina) : told(rina) && !told(budi)).toBe(true);

    const winner = (await t.app.database.db.selectFrom('tickets as t').innerJoin('staff as s', 's.id', 't.taken_by_staff_id').select('s.name').where('t.id', '=', String(no)).executeTakeFirstOrThrow()).name;
    const answers = await waitFor(async () => {
      const got = seen(SITI).filter((m) => m.startsWith(`💬 Jawaban petugas untuk pertanyaan #${no}`));
      return got.length > 0 ? got : null;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(seen(SITI).filter((m) => m.startsWith('💬'))).toHaveLength(1);
    expect(answers[0]).toMatch(new RegExp(`\\n\\n— ${winner}, Diskopumker Banjarmasin\\n\\n`));
    const staffMessages = await t.app.database.db.selectFrom('ticket_messages').select('text').where('ticket_id', '=', String(no)).where('author', '=', 'staff').execute();
    expect(staffMessages).toHaveLength(1);
    const audit = await t.app.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'in', ['ticket_opened', 'ticket_answered']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['ticket_answered', 'ticket_opened']);
  }, 60_000);

  it('of two answers in transactions at the same moment, the second waits and is told who took it', async () => {
    await chats.say('telegram', ANI, 'petugas');
    const no = await lastTicket();
    const db = t.app.database.db;
    const words = { renderer: t.app.renderer, facts: t.app.services.facts };
    const rina = (await db.selectFrom('staff').select(['id', 'name']).where('telegram_user_id', '=', RINA).executeTakeFirstOrThrow());
    const budi = (await db.selectFrom('staff').select(['id', 'name']).where('telegram_user_id', '=', BUDI).executeTakeFirstOrThrow());
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first!: () => void;
    const firstIn = new Promise<void>((r) => (first = r));
    const a = db.transaction().execute(async (trx) => {
      const out = await answerTicket(trx, words, { ticketNo: no, staffId: budi.id, staffName: budi.name, text: 'Jawaban Budi' }, now);
      first();
      await held;
      return out;
    });
    await firstIn;
    const b = db.transaction().execute((trx) => answerTicket(trx, words, { ticketNo: no, staffId: rina.id, staffName: rina.name, text: 'Jawaban Rina' }, now));
    // Rina's answer is waiting for Budi's transaction.
    await new Promise((r) => setTimeout(r, 300));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`.execute(db);
    expect(rows[0]!.n).toBe(1);
    release();
    const sent = await a;
    expect(sent.kind).toBe('sent');
    if (sent.kind === 'sent') await queueRows(db, t.app.queues, sent.rows);
    expect(await b).toEqual({ kind: 'taken', by: 'Budi Santoso' });
  }, 30_000);

  it('HAPUS DATA with an open ticket erases what the person wrote and the notices staff got', async () => {
    await chats.say('telegram', DEWI, 'petugas');
    const no = await lastTicket();
    await chats.say('telegram', DEWI, 'Nomor NIK saya 6371010101010001, tolong cek');
    await waitFor(async () => seen(RINA).some((m) => m.includes('6371010101010001')), 15_000, 'the follow-up notice');
    await chats.say('telegram', DEWI, 'HAPUS DATA');
    await chats.say('telegram', DEWI, 'ya');
    const db = t.app.database.db;
    const texts = await db.selectFrom('ticket_messages').select('text').where('ticket_id', '=', String(no)).execute();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((m) => m.text === null)).toBe(true);
    const notices = await db.selectFrom('ticket_notices as n').innerJoin('outbound_messages as o', 'o.id', 'n.outbound_id').select('o.text').where('n.ticket_id', '=', String(no)).execute();
    expect(notices.length).toBeGreaterThanOrEqual(4);
    expect(notices.every((n) => n.text === null)).toBe(true);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbound_messages where text like '%6371010101010001%'`.execute(db);
    expect(rows[0]!.n).toBe(0);
    expect((await db.selectFrom('tickets').select('status').where('id', '=', String(no)).executeTakeFirstOrThrow()).status).toBe('closed');
    expect(await chats.say('telegram', RINA, `/balas ${no} halo`)).toEqual([`Pertanyaan #${no} sudah ditutup.`]);
  }, 60_000);

  it('HAPUS DATA from a chat that never registered erases its question too', async () => {
    const GUEST = '7123456798';
    await chats.say('telegram', GUEST, 'petugas');
    const no = await lastTicket();
    await chats.say('telegram', GUEST, 'Alamat saya Jl. Kelayan B no. 12, mau tanya modal');
    await waitFor(async () => seen(RINA).some((m) => m.includes('Jl. Kelayan B no. 12')), 15_000, 'the follow-up notice');
    await chats.say('telegram', GUEST, 'HAPUS DATA');
    const db = t.app.database.db;
    await waitFor(async () => (await db.selectFrom('tickets').select('status').where('id', '=', String(no)).executeTakeFirstOrThrow()).status === 'closed', 15_000, 'the ticket closed');
    expect((await db.selectFrom('ticket_messages').select('text').where('ticket_id', '=', String(no)).execute()).every((m) => m.text === null)).toBe(true);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbound_messages where text like '%Kelayan B no. 12%'`.execute(db);
    expect(rows[0]!.n).toBe(0);
  }, 60_000);

  it('an unanswered question is told to all staff again after a working day, once', async () => {
    await chats.say('telegram', EKA, 'Kapan KUR untuk usaha mikro dibuka?');
    const no = await lastTicket();
    const deps = { services: t.app.services, hours: officeHours(t.config), after: t.config.TICKET_REMIND_AFTER };
    expect(await remindOverdue(deps)).toBe(0);
    // Friday 10.00 → Monday 11.00: Friday's six working hours and Monday's three are more than a working day (8 hours).
    now = new Date('2026-11-30T03:00:00Z');
    expect(await remindOverdue(deps)).toBeGreaterThanOrEqual(1);
    expect(await remindOverdue(deps)).toBe(0);
    for (const staff of [RINA, BUDI]) {
      await waitFor(async () => seen(staff).find((m) => m.startsWith(`⏰ Belum dijawab`) && m.includes(`#${no}`)), 15_000, 'the reminder');
      expect(seen(staff).filter((m) => m.startsWith('⏰') && m.includes(`#${no} `))).toHaveLength(1);
    }
  }, 60_000);

  it('/pertanyaan lists the open questions; /faq turns an answered one into an FAQ entry the next person gets at once', async () => {
    const [list] = await chats.say('telegram', BUDI, '/pertanyaan');
    expect(list).toMatch(/^\*Pertanyaan terbuka\*/);
    expect(list).toMatch(/Eka \(BJM-\d+ · .*\) · \d+ hari · belum dijawab/);

    const no = await lastTicket();
    await chats.say('telegram', BUDI, `/balas ${no} KUR dibuka setiap awal tahun di bank penyalur.`);
    const [made] = await chats.say('telegram', BUDI, `/faq ${no}`);
    expect(made).toMatch(new RegExp(`^FAQ #\\d+ dibuat dari pertanyaan #${no}`));
    const before = await lastTicket();
    expect(await chats.say('telegram', FAJAR, 'kapan KUR untuk usaha mikro dibuka ya?')).toEqual(['KUR dibuka setiap awal tahun di bank penyalur.']);
    expect(await lastTicket()).toBe(before);
  }, 60_000);

  it('the figures for cli status: open questions and the median time to a first answer', async () => {
    const figures = await ticketFigures(t.app.database.db, now);
    const open = await t.app.database.db.selectFrom('tickets').select('id').where('status', '=', 'open').execute();
    expect(figures.open).toBe(open.length);
    expect(figures.medianFirstAnswerMs).not.toBeNull();
  });
});
