import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrowthStatus } from '../../src/db/schema.js';
import { workshopGrowth } from '../../src/runtime/workshop/growth.js';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedPeople } from '../support/seed.js';
import { webClient } from './client.js';
import { seedWeb, type WebFixture } from './fixture.js';

// The Pelatihan page's before/after growth table (issue 13: "does our training help?") and the
// participants as CSV and XLSX. The workshop of the fixture is on 20 November 2026 (WITA):
// "before" is the last report of a month before November, "after" the latest of a month after.

let t: TestApp;
let server: FastifyInstance;
let fx: WebFixture;
let workshopId: string;
let emptyId: string;
const ids: Record<string, string> = {};

async function checkin(personId: string, period: string, omzet: number | null, status: GrowthStatus | null): Promise<void> {
  const at = new Date('2027-02-02T01:00:00Z');
  await t.app.database.db
    .insertInto('checkins')
    .values({ person_id: personId, period, survey_version: 901, status: 'completed', invited_at: at, completed_at: at, omzet, growth_status: status })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp('web-workshop-growth');
  const db = t.app.database.db;
  fx = await seedWeb(db);
  workshopId = (await db.selectFrom('workshops').select('id').where('title', '=', 'Pemasaran Digital').executeTakeFirstOrThrow()).id;
  for (const period of ['2026-09', '2026-12', '2027-01']) {
    await db.insertInto('checkin_periods').values({ period, survey_version: 901, opened_by: 'test', closed_at: new Date('2027-02-01T00:00:00Z') }).execute();
  }
  const [rahmat, dewiBaru, hapus] = await seedPeople(db, [
    { name: 'Rahmat Hidayat', business: 'Warung Acil', phone: '+6285245678901', kecamatan: 2, sector: 1, status: 'stagnan', chats: [{ channel: 'telegram', address: '5123456789' }] },
    { name: '<script>alert("x")</script>', business: 'Toko =HYPERLINK("http://x")', phone: '+6281255556666', kecamatan: 1, sector: 1, status: null, chats: [] },
    { name: 'Terhapus', erased: true, chats: [] },
  ]);
  ids.rahmat = rahmat!.id;
  ids.hostile = dewiBaru!.id;
  ids.erased = hapus!.id;
  // Siti (fixture): October 3,5 juta berkembang (and November 4 juta, the workshop's own month: not used);
  // December 3,9 juta, January 4,2 juta berkembang → latest after is January, +20 %.
  await checkin(fx.sitiId, '2026-12', 3_900_000, 'berkembang');
  await checkin(fx.sitiId, '2027-01', 4_200_000, 'berkembang');
  // Budi (fixture): October 2 juta; December 1,5 juta menurun → −25 %.
  await checkin(fx.budiId, '2026-12', 1_500_000, 'menurun');
  // Rahmat: nothing sold in September (stagnan), 1 juta in December; that check-in has no
  // status of its own, the closed period's computed one is used. 0 → 1 juta has no percentage.
  await checkin(ids.rahmat, '2026-09', 0, 'stagnan');
  await checkin(ids.rahmat, '2026-12', 1_000_000, null);
  await db.insertInto('growth_history').values({ person_id: ids.rahmat, period: '2026-12', status: 'berkembang', reports: 3 }).execute();
  // The hostile name reported nothing at all; the erased person only before.
  await checkin(ids.erased, '2026-10', 2_500_000, 'stagnan');

  for (const id of [fx.budiId, ids.rahmat, ids.hostile, ids.erased]) {
    await db.insertInto('workshop_attendance').values({ workshop_id: workshopId, person_id: id, source: 'staff', actor: 'test', marked_at: new Date('2026-11-20T02:00:00Z') }).execute();
  }
  // Rahmat had a seat, the hostile name is on the waiting list.
  await db.insertInto('workshop_rsvps').values({ workshop_id: workshopId, person_id: ids.rahmat, status: 'confirmed', created_at: new Date('2026-11-02T01:00:00Z'), updated_at: new Date('2026-11-02T01:00:00Z'), confirmed_at: new Date('2026-11-02T01:00:00Z') }).execute();
  await db.insertInto('workshop_rsvps').values({ workshop_id: workshopId, person_id: ids.hostile, status: 'waiting', waiting_seq: 1, created_at: new Date('2026-11-03T01:00:00Z'), updated_at: new Date('2026-11-03T01:00:00Z') }).execute();

  emptyId = (
    await db
      .insertInto('workshops')
      .values({ title: 'Pembukuan Sederhana', starts_at: new Date('2027-03-10T01:00:00Z'), ends_at: new Date('2027-03-10T04:00:00Z'), place: 'Aula Balai Kota', capacity: 20, actor: 'test' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const { get, signedIn } = webClient(() => server, () => t.app.database.db);
const cells = (row: string) => [...row.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((m) => m[1]!.trim());
const summaryRow = (body: string, key: string) => cells(new RegExp(`<tr data-row="${key}">([\\s\\S]*?)</tr>`).exec(body)![1]!);
const personRow = (body: string, id: string) => cells(new RegExp(`<tr data-person="${id}">([\\s\\S]*?)</tr>`).exec(body)![1]!);

describe('the before/after growth of the people present', () => {
  it('reads each person\'s last report before the workshop month and latest after it; missing stays missing', async () => {
    const w = await t.app.database.db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirstOrThrow();
    const growth = await workshopGrowth(t.app.database.db, w, t.app.config.TZ);
    expect(growth.month).toBe('2026-11');
    const by = Object.fromEntries(growth.people.map((p) => [p.personId, p]));
    expect(by[fx.sitiId]!.before).toEqual({ period: '2026-10', omzet: 3_500_000, status: 'berkembang' });
    expect(by[fx.sitiId]!.after).toEqual({ period: '2027-01', omzet: 4_200_000, status: 'berkembang' });
    expect(by[ids.rahmat!]!.after).toEqual({ period: '2026-12', omzet: 1_000_000, status: 'berkembang' });
    expect(by[ids.hostile!]!.before).toBeNull();
    expect(by[ids.hostile!]!.after).toBeNull();
    expect(by[ids.erased!]!.name).toBeNull();
    expect(growth.before).toEqual({ reported: 4, medianOmzet: 2_250_000, statuses: { berkembang: 2, stagnan: 2, menurun: 0, belum_cukup_data: 0, none: 1 } });
    expect(growth.after).toEqual({ reported: 3, medianOmzet: 1_500_000, statuses: { berkembang: 2, stagnan: 0, menurun: 1, belum_cukup_data: 0, none: 2 } });
    // Siti +20 %, Budi −25 %; Rahmat (0 before) and the others are not in it.
    expect(growth.paired.count).toBe(2);
    expect(growth.paired.medianChange).toBeCloseTo(-0.025, 10);
  });

  it('shows on the Pelatihan page: medians, counts per status, one row per person, "belum ada data" where missing, names escaped', async () => {
    const b = await signedIn('operator');
    const res = await get(b, `/pelatihan/${workshopId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('sebelum November 2026');
    expect(summaryRow(res.body, 'reported')).toEqual(['Melapor omzet', '4', '3']);
    expect(summaryRow(res.body, 'median')).toEqual(['Median omzet', 'Rp2.250.000', 'Rp1.500.000']);
    expect(summaryRow(res.body, 'berkembang')).toEqual(['berkembang', '2', '2']);
    expect(summaryRow(res.body, 'menurun')).toEqual(['menurun', '0', '1']);
    expect(summaryRow(res.body, 'none')).toEqual(['belum ada data', '1', '2']);
    expect(res.body).toMatch(/id="growth-paired">Median perubahan omzet per orang \(yang melapor sebelum dan sesudah\): -2,5% dari 2 orang\./);
    expect(personRow(res.body, fx.sitiId)).toEqual([expect.stringMatching(/^BJM-/), 'Siti Aminah', 'Rp3.500.000 · berkembang (Oktober 2026)', 'Rp4.200.000 · berkembang (Januari 2027)', '+20%']);
    expect(personRow(res.body, fx.budiId).slice(2)).toEqual(['Rp2.000.000 · berkembang (Oktober 2026)', 'Rp1.500.000 · menurun (Desember 2026)', '-25%']);
    expect(personRow(res.body, ids.rahmat!).slice(2)).toEqual(['Rp0 · stagnan (September 2026)', 'Rp1.000.000 · berkembang (Desember 2026)', 'belum ada data']);
    expect(personRow(res.body, ids.hostile!).slice(1)).toEqual(['&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;', 'belum ada data', 'belum ada data', 'belum ada data']);
    expect(personRow(res.body, ids.erased!).slice(0, 2)).toEqual(['-', '(data dihapus)']);
    expect(res.body).not.toContain('<script>alert');
  });

  it('a workshop nobody attended says so instead of a table of zeros', async () => {
    const b = await signedIn('operator');
    const res = await get(b, `/pelatihan/${emptyId}`);
    expect(res.statusCode).toBe(200);
    const section = /<section class="card" id="growth">([\s\S]*?)<\/section>/.exec(res.body)![1]!;
    expect(section).toContain('Belum ada peserta yang ditandai hadir.');
    expect(section).not.toContain('growth-summary');
  });
});

describe('the participants as CSV and XLSX', () => {
  it('CSV: registered then waiting, present or not, names and phones; a formula-shaped name stays text; audited', async () => {
    const b = await signedIn('operator');
    const res = await get(b, `/pelatihan/${workshopId}/peserta/unduh/csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="peserta-pelatihan-${workshopId}.csv"`);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('No.,Status,Hadir,Nama,No. anggota,HP');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^1,terdaftar,ya,Siti Aminah,BJM-\d+,0813[\d-]*/),
      expect.stringMatching(/^2,terdaftar,ya,Rahmat Hidayat,BJM-\d+,0852/),
      expect.stringMatching(/^1,daftar tunggu,ya,"<script>alert\(""x""\)<\/script>",BJM-\d+,0812/),
    ]);
    const audit = await t.app.database.db.selectFrom('audit_log').select('details').where('action', '=', 'web_exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ export: 'workshop_participants', workshopId, format: 'csv', rows: 3 });
  });

  it('XLSX: the same rows, read back with exceljs', async () => {
    const b = await signedIn('operator');
    const res = await server.inject({ method: 'GET', url: `/pelatihan/${workshopId}/peserta/unduh/xlsx`, headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['No.', 'Status', 'Hadir', 'Nama', 'No. anggota', 'HP']);
    expect(rows.slice(1).map((r) => r.slice(0, 4))).toEqual([
      [1, 'terdaftar', 'ya', 'Siti Aminah'],
      [2, 'terdaftar', 'ya', 'Rahmat Hidayat'],
      [1, 'daftar tunggu', 'ya', '<script>alert("x")</script>'],
    ]);
    expect(String(rows[2]![5])).toMatch(/^0852/);
  });

  it('is linked from the page; an unknown format or workshop changes nothing and says so; not signed in → sign-in page', async () => {
    const b = await signedIn('operator');
    const page = await get(b, `/pelatihan/${workshopId}`);
    expect(page.body).toContain(`href="/pelatihan/${workshopId}/peserta/unduh/xlsx"`);
    expect(page.body).toContain(`href="/pelatihan/${workshopId}/peserta/unduh/csv"`);
    const before = (await sql<{ n: string }>`select count(*) as n from audit_log where action = 'web_exported'`.execute(t.app.database.db)).rows[0]!.n;
    expect((await get(b, `/pelatihan/${workshopId}/peserta/unduh/pdf`)).statusCode).toBe(400);
    expect((await get(b, '/pelatihan/98765/peserta/unduh/xlsx')).statusCode).toBe(404);
    expect((await get(b, "/pelatihan/1'%20or%201=1/peserta/unduh/csv")).statusCode).toBe(404);
    const after = (await sql<{ n: string }>`select count(*) as n from audit_log where action = 'web_exported'`.execute(t.app.database.db)).rows[0]!.n;
    expect(after).toBe(before);
    const anonymous = await server.inject({ method: 'GET', url: `/pelatihan/${workshopId}/peserta/unduh/csv` });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/masuk');
  });
});
