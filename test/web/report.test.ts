import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKIN_QUEUE } from '../../src/runtime/checkin/jobs.js';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedWeb, type WebFixture } from './fixture.js';
import { cookieHeader, webClient, type Browser } from './client.js';

// Laporan bulanan in the dashboard (issue 13): the periods, opening one (admin, the same
// action as `checkin open`), a period's progress and report as `checkin report` computes
// it, the report as CSV and XLSX (read back with exceljs), and correcting one answer
// through `checkin fix`'s function, audited. CSRF, roles and bad input change nothing.

let t: TestApp;
let server: FastifyInstance;
let fx: WebFixture;
let sitiMemberNo: string;

beforeAll(async () => {
  t = await createTestApp('web-report');
  fx = await seedWeb(t.app.database.db);
  sitiMemberNo = (await t.app.database.db.selectFrom('people').select('member_no').where('id', '=', fx.sitiId).executeTakeFirstOrThrow()).member_no!;
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const { get, post, signedIn } = webClient(() => server, () => t.app.database.db);

const periods = () => t.app.database.db.selectFrom('checkin_periods').select(['period', 'closed_at', 'opened_by']).orderBy('period').execute();
const audits = (action: string) => t.app.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
const sitiCheckin = (period: string) => t.app.database.db.selectFrom('checkins').select(['id', 'omzet', 'growth_status']).where('person_id', '=', fx.sitiId).where('period', '=', period).executeTakeFirstOrThrow();

async function download(b: Browser, url: string): Promise<LightMyRequestResponse> {
  return server.inject({ method: 'GET', url, headers: { cookie: cookieHeader(b) } });
}

describe('not signed in', () => {
  it.each(['/laporan', '/laporan/2026-11', '/laporan/2026-11/unduh/csv', '/laporan/2026-11/unduh/xlsx', '/orang/unduh/csv', '/orang/unduh/xlsx'])('GET %s redirects to the sign-in page', async (url) => {
    const res = await server.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/masuk');
  });

  it('POST /laporan/buka is refused and opens nothing', async () => {
    const res = await server.inject({ method: 'POST', url: '/laporan/buka', payload: 'period=2026-12&_csrf=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/masuk');
    expect((await periods()).map((p) => p.period)).toEqual(['2026-10', '2026-11']);
  });
});

describe('the periods and a period report', () => {
  it('is linked in the nav and lists the periods, newest first, with their state and counts', async () => {
    const b = await signedIn('operator');
    const res = await get(b, '/laporan');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/laporan">Laporan bulanan</a>');
    const rows = [...res.body.matchAll(/<tr data-period="([\d-]+)">([\s\S]*?)<\/tr>/g)].map((m) => ({ period: m[1], cells: m[2]! }));
    expect(rows.map((r) => r.period)).toEqual(['2026-11', '2026-10']);
    expect(rows[0]!.cells).toContain('Sedang berjalan');
    expect(rows[1]!.cells).toContain('Ditutup');
    // An operator sees no form to open a period.
    expect(res.body).not.toContain('action="/laporan/buka"');
  });

  it('shows the progress and the report overall, by sector and by kecamatan, escaped', async () => {
    const b = await signedIn('operator');
    const res = await get(b, '/laporan/2026-11');
    expect(res.statusCode).toBe(200);
    const progress = /<table id="progress">[\s\S]*?<tbody><tr>([\s\S]*?)<\/tr>/.exec(res.body)![1]!;
    // total, invited, waiting, skipped, completed, reminded 1, reminded 2
    expect([...progress.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1]))).toEqual([2, 2, 0, 0, 1, 0, 0]);
    const summary = /<table id="report-summary">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(res.body)![1]!;
    expect(summary).toContain('<td>Semua</td><td>2</td><td>1</td><td>50,0%</td>');
    expect(summary).toMatch(/Rp\s?4\.000\.000/);
    const bySector = /<table id="report-by_sector">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(res.body)![1]!;
    expect([...bySector.matchAll(/<tr>/g)]).toHaveLength(2);
    expect(res.body).toContain('<table id="report-by_kecamatan">');
    expect(res.body).toContain('href="/laporan/2026-11/unduh/xlsx"');
    expect((await audits('web_report_viewed')).some((a) => (a.details as { period: string }).period === '2026-11')).toBe(true);
  });

  it('a malformed or unknown period gets a clear message', async () => {
    const b = await signedIn('operator');
    const bad = await get(b, '/laporan/bulan-11');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('bulan-11');
    const unknown = await get(b, '/laporan/2025-01');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('2025-01');
    expect((await download(b, '/laporan/2026-11/unduh/pdf')).statusCode).toBe(400);
  });
});

describe('downloads', () => {
  it('CSV: the same figures as the page, one row per group, with a byte-order mark', async () => {
    const b = await signedIn('operator');
    const res = await download(b, '/laporan/2026-11/unduh/csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('laporan-2026-11.csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[1]).toBe('Ringkasan,Semua,2,1,0.5,4000000,4000000,1,0,0,0');
    expect(lines.filter((l) => l.startsWith('Menurut sektor,'))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('Menurut kecamatan,'))).toHaveLength(2);
    expect((await audits('web_exported')).some((a) => (a.details as { format: string }).format === 'csv')).toBe(true);
  });

  it('XLSX: read back with exceljs, numbers as numbers', async () => {
    const b = await signedIn('operator');
    const res = await download(b, '/laporan/2026-11/unduh/xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('laporan-2026-11.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(1 + 1 + 2 + 2);
    expect(sheet.getRow(1).getCell(3).value).toBe('Peserta');
    const overall = sheet.getRow(2).values as unknown[];
    expect(overall.slice(1)).toEqual(['Ringkasan', 'Semua', 2, 1, 0.5, 4_000_000, 4_000_000, 1, 0, 0, 0]);
    expect(sheet.getRow(3).getCell(1).value).toBe('Menurut sektor');
    expect((await audits('web_exported')).some((a) => (a.details as { format: string }).format === 'xlsx')).toBe(true);
  });
});

describe('opening a period (admin)', () => {
  it('an operator is refused (403) and nothing opens', async () => {
    const b = await signedIn('operator');
    const res = await post(b, '/laporan/buka', { period: '2026-12' });
    expect(res.statusCode).toBe(403);
    expect((await periods()).map((p) => p.period)).toEqual(['2026-10', '2026-11']);
  });

  it('without the CSRF token it is refused and nothing opens', async () => {
    const b = await signedIn('admin');
    expect((await post(b, '/laporan/buka', { period: '2026-12' }, 'not-the-token')).statusCode).toBe(403);
    expect((await post(b, '/laporan/buka', { period: '2026-12' }, null)).statusCode).toBe(403);
    expect((await periods()).map((p) => p.period)).toEqual(['2026-10', '2026-11']);
  });

  it('a malformed or older period gets a clear message and nothing opens', async () => {
    const b = await signedIn('admin');
    const bad = await post(b, '/laporan/buka', { period: 'Desember' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Desember');
    const older = await post(b, '/laporan/buka', { period: '2026-09' });
    expect(older.statusCode).toBe(409);
    expect(older.body).toContain('2026-11');
    expect((await periods()).map((p) => p.period)).toEqual(['2026-10', '2026-11']);
  });

  it('opens the period as `checkin open` does: the previous one closes, the fan-out is queued, audited', async () => {
    const b = await signedIn('admin');
    const res = await post(b, '/laporan/buka', { period: '2026-12' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/laporan?ok=2026-12');
    const rows = await periods();
    expect(rows.map((p) => p.period)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(rows[1]!.closed_at).not.toBeNull();
    expect(rows[2]).toMatchObject({ closed_at: null, opened_by: `web:staff:${fx.adminId}` });
    const job = await t.app.queues.get(CHECKIN_QUEUE).getJob('fanout-2026-12');
    expect(job?.data).toEqual({ period: '2026-12' });
    const audit = (await audits('checkin_period_opened')).at(-1)!;
    expect(audit.staff_id).toBe(fx.adminId);
    expect(audit.details).toMatchObject({ period: '2026-12', created: true, closed: ['2026-11'] });
    const page = await get(b, '/laporan?ok=2026-12');
    expect(page.body).toContain('Periode 2026-12 dibuka');
  });
});

describe('correcting one answer', () => {
  let checkinId: string;
  beforeAll(async () => {
    const db = t.app.database.db;
    const version = (await db.selectFrom('checkin_periods').select('survey_version').where('period', '=', '2026-12').executeTakeFirstOrThrow()).survey_version;
    const at = new Date('2026-12-02T01:00:00Z');
    const c = await db
      .insertInto('checkins')
      .values({ person_id: fx.sitiId, period: '2026-12', survey_version: version, status: 'completed', invited_at: at, completed_at: at, omzet: 4_200_000, growth_status: 'berkembang' })
      .returning('id')
      .executeTakeFirstOrThrow();
    checkinId = c.id;
    await db.insertInto('checkin_answers').values({ checkin_id: c.id, question_id: 'omzet', survey_version: version, value: JSON.stringify(4_200_000), detail: null, answered_at: at }).execute();
  });
  const answer = () => t.app.database.db.selectFrom('checkin_answers').select('value').where('checkin_id', '=', checkinId).where('question_id', '=', 'omzet').executeTakeFirstOrThrow();

  it('without the CSRF token it is refused and nothing changes', async () => {
    const b = await signedIn('operator');
    expect((await post(b, '/laporan/2026-12/koreksi', { member_no: sitiMemberNo, question: 'omzet', value: '5 juta' }, 'wrong')).statusCode).toBe(403);
    expect(Number((await answer()).value)).toBe(4_200_000);
  });

  it('bad input gets a clear message and changes nothing', async () => {
    const b = await signedIn('operator');
    const empty = await post(b, '/laporan/2026-12/koreksi', { member_no: sitiMemberNo, question: 'omzet', value: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Mohon isi nomor anggota');
    const unknownMember = await post(b, '/laporan/2026-12/koreksi', { member_no: 'WB-000000', question: 'omzet', value: '5 juta' });
    expect(unknownMember.statusCode).toBe(400);
    expect(unknownMember.body).toContain('WB-000000');
    const unknownQuestion = await post(b, '/laporan/2026-12/koreksi', { member_no: sitiMemberNo, question: 'warna', value: '5 juta' });
    expect(unknownQuestion.statusCode).toBe(400);
    expect(unknownQuestion.body).toContain('warna');
    const unreadable = await post(b, '/laporan/2026-12/koreksi', { member_no: sitiMemberNo, question: 'omzet', value: 'entahlah' });
    expect(unreadable.statusCode).toBe(400);
    expect(Number((await answer()).value)).toBe(4_200_000);
    expect(Number((await sitiCheckin('2026-12')).omzet)).toBe(4_200_000);
    expect(await audits('checkin_fixed')).toHaveLength(0);
  });

  it('an operator corrects the omzet: the answer, the omzet and the audit log follow', async () => {
    const b = await signedIn('operator');
    const res = await post(b, '/laporan/2026-12/koreksi', { member_no: sitiMemberNo, question: 'omzet', value: '5 juta' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/laporan/2026-12?ok=fixed');
    expect(Number((await answer()).value)).toBe(5_000_000);
    expect(Number((await sitiCheckin('2026-12')).omzet)).toBe(5_000_000);
    const [audit] = await audits('checkin_fixed');
    expect(audit!.staff_id).toBe(fx.operatorId);
    expect(audit!.actor).toMatch(/^web:/);
    expect(audit!.details).toMatchObject({ personId: fx.sitiId, period: '2026-12', question: 'omzet', before: 4_200_000, after: 5_000_000 });
    const page = await get(b, '/laporan/2026-12?ok=fixed');
    expect(page.body).toContain('Koreksi tersimpan');
    expect(page.body).toMatch(/Rp\s?5\.000\.000/);
  });
});

describe('the people export from the Pelaku usaha page', () => {
  const everyone = async () => Number((await t.app.database.db.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('is linked from the page; CSV as `export people` writes it, audited', async () => {
    const b = await signedIn('operator');
    const page = await get(b, '/orang');
    expect(page.body).toContain('href="/orang/unduh/xlsx"');
    const res = await download(b, '/orang/unduh/csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('pelaku-usaha.csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.startsWith('no_anggota,nama,nama_usaha,no_hp,')).toBe(true);
    expect(lines).toHaveLength(1 + (await everyone()));
    expect(lines.find((l) => l.startsWith(`${sitiMemberNo},`))).toContain('Siti Aminah,Kue Bingka <Siti>,+6281311112222');
    expect((await audits('web_exported')).some((a) => (a.details as { export?: string; format: string }).export === 'people' && (a.details as { format: string }).format === 'csv')).toBe(true);
  });

  it('XLSX: read back with exceljs, the same columns and rows', async () => {
    const b = await signedIn('operator');
    const res = await download(b, '/orang/unduh/xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['no_anggota', 'nama', 'nama_usaha', 'no_hp']);
    expect(sheet.rowCount).toBe(1 + (await everyone()));
    const siti = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === sitiMemberNo)!;
    expect(siti.getCell(2).value).toBe('Siti Aminah');
    expect(siti.getCell(3).value).toBe('Kue Bingka <Siti>');
    expect(siti.getCell(4).value).toBe('+6281311112222');
    // Money as a number Excel can sum, not text.
    const baseline = (await t.app.database.db.selectFrom('people').select('baseline_omzet').where('id', '=', fx.sitiId).executeTakeFirstOrThrow()).baseline_omzet;
    expect(baseline).not.toBeNull();
    expect(siti.getCell(9).value).toBe(Number(baseline));
    expect((await audits('web_exported')).some((a) => (a.details as { export?: string; format: string }).export === 'people' && (a.details as { format: string }).format === 'xlsx')).toBe(true);
  });

  it('an unknown format gets a clear message', async () => {
    const b = await signedIn('operator');
    const res = await download(b, '/orang/unduh/pdf');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('format');
  });
});
