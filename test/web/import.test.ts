import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedWeb } from './fixture.js';
import { cookieHeader, webClient, type Browser } from './client.js';

// Impor in the dashboard (issue 13): admin only, CSRF on the multipart form, a wrong file type
// and an oversized file get a clear message and change nothing, a preview saves nothing, the
// import adds the valid rows as "diundang, belum setuju" and is audited.

let t: TestApp;
let server: FastifyInstance;

beforeAll(async () => {
  t = await createTestApp('web-import');
  await seedWeb(t.app.database.db);
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const { get, signedIn } = webClient(() => server, () => t.app.database.db);

/** A multipart/form-data body as a browser sends it: the fields, then the file. */
function upload(b: Browser | null, fields: Record<string, string>, file: { name: string; type: string; content: Buffer } | null) {
  const boundary = '----wirabot7123456789';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return server.inject({ method: 'POST', url: '/impor', payload: Buffer.concat(parts), headers: { ...(b ? { cookie: cookieHeader(b) } : {}), 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
async function register(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Daftar');
  sheet.addRow(['Nama', 'No HP', 'Nama Usaha', 'Kegiatan', 'Sektor', 'Kecamatan', 'Tahun', 'Omzet']);
  sheet.addRow(['Hj. Rahmah', '0811 5100 2233', 'Sasirangan Rahmah', 'kain sasirangan', 'Kerajinan', 'Banjarmasin Tengah', 2016, 4_000_000]);
  sheet.addRow(['Ahmad Fauzi', '0822 5200 4455', 'Pentol Fauzi', 'jualan pentol', 'Kuliner', 'Selatan', 2021, '']);
  sheet.addRow(['Salah Nomor', '12345', 'X', '', 'Kuliner', 'Utara', 2020, '']);
  sheet.addRow(['Tak Dikenal', '0813 5300 6677', 'Y', '', 'Antariksa', 'Gotham', 2020, '']);
  return Buffer.from(await book.xlsx.writeBuffer());
}
const importedCount = async () => Number((await t.app.database.db.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).where('imported_at', 'is not', null).executeTakeFirstOrThrow()).n);
const audits = async (action: string) => (await t.app.database.db.selectFrom('audit_log').select('details').where('action', '=', action).execute()).map((r) => r.details);

describe('Impor', () => {
  it('is for signed-in admins: no session redirects, an operator is refused, and the nav shows it only to admins', async () => {
    const anon = await server.inject({ method: 'GET', url: '/impor' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe('/masuk');
    expect((await upload(null, { action: 'import' }, { name: 'r.xlsx', type: XLSX_TYPE, content: await register() })).statusCode).toBe(303);
    const operator = await signedIn('operator');
    expect((await get(operator, '/')).body).not.toContain('href="/impor"');
    expect((await get(operator, '/impor')).statusCode).toBe(403);
    expect((await upload(operator, { _csrf: operator.csrf, action: 'import' }, { name: 'r.xlsx', type: XLSX_TYPE, content: await register() })).statusCode).toBe(403);
    expect(await importedCount()).toBe(0);
    const admin = await signedIn('admin');
    expect((await get(admin, '/')).body).toContain('href="/impor"');
    const page = await get(admin, '/impor');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
  });

  it('refuses an upload without the CSRF token', async () => {
    const admin = await signedIn('admin');
    const res = await upload(admin, { _csrf: 'not-the-token', action: 'import' }, { name: 'r.xlsx', type: XLSX_TYPE, content: await register() });
    expect(res.statusCode).toBe(403);
    expect(await importedCount()).toBe(0);
  });

  it('gives a clear message for a wrong file type, an oversized file and no file, and changes nothing', async () => {
    const admin = await signedIn('admin');
    const pdf = await upload(admin, { _csrf: admin.csrf, action: 'import' }, { name: 'daftar.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4 ...') });
    expect(pdf.statusCode).toBe(400);
    expect(pdf.body).toContain('Berkas harus XLSX atau CSV (daftar.pdf).');
    const big = await upload(admin, { _csrf: admin.csrf, action: 'import' }, { name: 'besar.csv', type: 'text/csv', content: Buffer.alloc(6 * 1024 * 1024, 'a') });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('Berkas terlalu besar (paling besar 5 MB).');
    const none = await upload(admin, { _csrf: admin.csrf, action: 'import' }, null);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Pilih berkas XLSX atau CSV terlebih dahulu.');
    const columns = await upload(admin, { _csrf: admin.csrf, action: 'import' }, { name: 'r.csv', type: 'text/csv', content: Buffer.from('Nama,Alamat\nSiti,Jl. A\n') });
    expect(columns.statusCode).toBe(400);
    expect(columns.body).toContain('Kolom wajib tidak ditemukan: phone.');
    expect(await importedCount()).toBe(0);
    expect((await audits('web_import_refused')).map((d) => (d as { reason: string }).reason)).toEqual(['wrong_type', 'too_large', 'columns_missing']);
  });

  it('previews the problems without saving, then imports the valid rows, audited', async () => {
    const admin = await signedIn('admin');
    const file = { name: 'daftar-2016.xlsx', type: XLSX_TYPE, content: await register() };
    const preview = await upload(admin, { _csrf: admin.csrf, action: 'preview' }, file);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('4 baris: 2 siap diimpor, 2 bermasalah.');
    expect(preview.body).toMatch(/<tr data-line="4">.*nomor HP tidak sah/su);
    expect(preview.body).toMatch(/<tr data-line="5">.*sektor tidak dikenal, kecamatan tidak dikenal/su);
    expect(await importedCount()).toBe(0);

    const done = await upload(admin, { _csrf: admin.csrf, action: 'import' }, file);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('2 orang diimpor sebagai &quot;diundang, belum setuju&quot;; 2 baris dilewati. Belum ada pesan yang dikirim.');
    expect(await importedCount()).toBe(2);
    const rahmah = await t.app.database.db.selectFrom('people').select(['full_name', 'consent_pending', 'phone_verified', 'business_started_year']).where('phone_e164', '=', '+6281151002233').executeTakeFirstOrThrow();
    expect(rahmah).toEqual({ full_name: 'Hj. Rahmah', consent_pending: true, phone_verified: false, business_started_year: 2016 });
    expect(await audits('web_import_previewed')).toEqual([{ file: 'daftar-2016.xlsx', rows: 4, imported: 0, skipped: 2 }]);
    expect(await audits('web_people_imported')).toEqual([{ file: 'daftar-2016.xlsx', rows: 4, imported: 2, skipped: 2 }]);

    // The same file again: both numbers are on record now, nothing is added twice.
    const again = await upload(admin, { _csrf: admin.csrf, action: 'import' }, file);
    expect(again.body).toContain('4 baris: 0 siap diimpor, 4 bermasalah.');
    expect(again.body).toContain('nomor HP sudah terdaftar');
    expect(await importedCount()).toBe(2);
  });
});
