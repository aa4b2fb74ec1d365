import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { cookieHeader, webClient, type Browser } from './client.js';
import { seedWeb } from './fixture.js';

// Impor in the dashboard (issue 13): admin only, CSRF on the multipart form and on the mapping
// form, a wrong file type and an oversized file get a clear message and change nothing; the
// uploaded file is kept for the session (token), its columns are chosen (pre-filled from the
// headers), the preview saves nothing, the import adds the valid rows as "diundang, belum
// setuju" with the columns chosen and is audited; a bad mapping or another session's token is
// refused with a clear message.

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

const { get, post, signedIn } = webClient(() => server, () => t.app.database.db);

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

const tokenOf = (res: LightMyRequestResponse) => /name="token" value="([\w-]{32})"/.exec(res.body)?.[1] ?? '';
/** The column chosen for a field on the page: its option value, '' for none. */
const chosenOn = (res: LightMyRequestResponse, field: string) => {
  const select = new RegExp(`<select id="map-${field}" name="map_${field}">([\\s\\S]*?)</select>`, 'u').exec(res.body)?.[1] ?? '';
  return /<option value="(\d*)" selected>/u.exec(select)?.[1] ?? '';
};
const AUTO = { map_name: '0', map_phone: '1', map_business: '2', map_activity: '3', map_sector: '4', map_kecamatan: '5', map_year: '6', map_omzet: '7' };

describe('Impor', () => {
  it('is for signed-in admins: no session redirects, an operator is refused, and the nav shows it only to admins', async () => {
    const anon = await server.inject({ method: 'GET', url: '/impor' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe('/masuk');
    expect((await upload(null, {}, { name: 'r.xlsx', type: XLSX_TYPE, content: await register() })).statusCode).toBe(303);
    const anonMap = await server.inject({ method: 'POST', url: '/impor/kolom', payload: new URLSearchParams({ token: 'x'.repeat(32), action: 'import', ...AUTO }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(anonMap.statusCode).toBe(303);
    const operator = await signedIn('operator');
    expect((await get(operator, '/')).body).not.toContain('href="/impor"');
    expect((await get(operator, '/impor')).statusCode).toBe(403);
    expect((await upload(operator, { _csrf: operator.csrf }, { name: 'r.xlsx', type: XLSX_TYPE, content: await register() })).statusCode).toBe(403);

    // Even holding an admin's upload token, an operator gets nowhere.
    const admin = await signedIn('admin');
    const token = tokenOf(await upload(admin, { _csrf: admin.csrf }, { name: 'r.xlsx', type: XLSX_TYPE, content: await register() }));
    expect(token).not.toBe('');
    expect((await post(operator, '/impor/kolom', { token, action: 'import', ...AUTO })).statusCode).toBe(403);
    expect(await importedCount()).toBe(0);
    expect((await get(admin, '/')).body).toContain('href="/impor"');
    const page = await get(admin, '/impor');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
  });

  it('refuses an upload and a mapping without the CSRF token', async () => {
    const admin = await signedIn('admin');
    const res = await upload(admin, { _csrf: 'not-the-token' }, { name: 'r.xlsx', type: XLSX_TYPE, content: await register() });
    expect(res.statusCode).toBe(403);
    expect(tokenOf(res)).toBe('');
    const token = tokenOf(await upload(admin, { _csrf: admin.csrf }, { name: 'r.xlsx', type: XLSX_TYPE, content: await register() }));
    expect((await post(admin, '/impor/kolom', { token, action: 'import', ...AUTO }, null)).statusCode).toBe(403);
    expect((await post(admin, '/impor/kolom', { token, action: 'import', ...AUTO }, 'not-the-token')).statusCode).toBe(403);
    expect(await importedCount()).toBe(0);
  });

  it('gives a clear message for a wrong file type, an oversized file and no file, and changes nothing', async () => {
    const admin = await signedIn('admin');
    const pdf = await upload(admin, { _csrf: admin.csrf }, { name: 'daftar.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4 ...') });
    expect(pdf.statusCode).toBe(400);
    expect(pdf.body).toContain('Berkas harus XLSX atau CSV (daftar.pdf).');
    const big = await upload(admin, { _csrf: admin.csrf }, { name: 'besar.csv', type: 'text/csv', content: Buffer.alloc(6 * 1024 * 1024, 'a') });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('Berkas terlalu besar (paling besar 5 MB).');
    const none = await upload(admin, { _csrf: admin.csrf }, null);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Pilih berkas XLSX atau CSV terlebih dahulu.');
    expect(await importedCount()).toBe(0);
    expect((await audits('web_import_refused')).map((d) => (d as { reason: string }).reason)).toEqual(['wrong_type', 'too_large']);
  });

  it('shows the columns with samples, pre-filled from the headers; a file without a phone header asks for the column', async () => {
    const admin = await signedIn('admin');
    const mapping = await upload(admin, { _csrf: admin.csrf }, { name: 'daftar-2016.xlsx', type: XLSX_TYPE, content: await register() });
    expect(mapping.statusCode).toBe(200);
    expect(mapping.body).toContain('Berkas daftar-2016.xlsx: 4 baris, 8 kolom.');
    expect(mapping.body).toMatch(/<tr data-column="1"><td>B<\/td><td>No HP<\/td><td>0811 5100 2233 · 0822 5200 4455 · 12345<\/td><\/tr>/u);
    expect(Object.fromEntries(['name', 'phone', 'business', 'activity', 'sector', 'kecamatan', 'year', 'omzet'].map((f) => [`map_${f}`, chosenOn(mapping, f)]))).toEqual(AUTO);
    const token = tokenOf(mapping);
    const key = `${t.app.config.QUEUE_PREFIX}:import-upload:${token}`;
    const ttl = await t.app.redis().ttl(key);
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);

    const csv = 'Nama Pemilik;Kontak;Alamat\nSiti Aminah;0812-3456-7890;Jl. Pramuka No. 12\n';
    const loose = await upload(admin, { _csrf: admin.csrf }, { name: 'kontak.csv', type: 'text/csv', content: Buffer.from(csv) });
    expect(loose.statusCode).toBe(200);
    expect(loose.body).toContain('Kolom untuk No HP tidak dikenali dari judulnya; silakan pilih sendiri.');
    expect([chosenOn(loose, 'name'), chosenOn(loose, 'phone')]).toEqual(['0', '']);
    const missing = await post(admin, '/impor/kolom', { token: tokenOf(loose), action: 'preview', map_name: '0' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Isian wajib belum dipilih kolomnya: No HP.');
    const fixed = await post(admin, '/impor/kolom', { token: tokenOf(loose), action: 'preview', map_name: '0', map_phone: '1' });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.body).toContain('1 baris: 1 siap diimpor, 0 bermasalah.');
    expect(await importedCount()).toBe(0);
  });

  it('shows headers and values written as HTML as text', async () => {
    const admin = await signedIn('admin');
    const csv = 'Nama,"<script>alert(""kolom"")</script>",Catatan\nSiti Aminah,0812-3456-7890,"<img src=x onerror=alert(1)>"\n';
    const res = await upload(admin, { _csrf: admin.csrf }, { name: '<i>daftar.csv', type: 'text/csv', content: Buffer.from(csv) });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).not.toContain('<i>daftar');
    expect(res.body).toContain('Berkas &lt;i&gt;daftar.csv: 1 baris, 3 kolom.');
    expect(res.body).toContain('B: &lt;script&gt;alert(&quot;kolom&quot;)&lt;/script&gt;</option>');
    expect(res.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('refuses a column chosen twice, a column not in the file, and an upload of another session or none, with a clear message', async () => {
    const admin = await signedIn('admin');
    const token = tokenOf(await upload(admin, { _csrf: admin.csrf }, { name: 'daftar-2016.xlsx', type: XLSX_TYPE, content: await register() }));

    const twice = await post(admin, '/impor/kolom', { token, action: 'import', ...AUTO, map_business: '1' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Satu kolom dipilih untuk lebih dari satu isian (No HP, Nama usaha).');
    // The form comes back with the choices as sent, to correct one.
    expect(chosenOn(twice, 'business')).toBe('1');
    for (const bad of ['8', '-1', 'Nama', "1' OR '1'='1"]) {
      const res = await post(admin, '/impor/kolom', { token, action: 'import', ...AUTO, map_phone: bad });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Kolom yang dipilih untuk No HP tidak ada di berkas.');
    }

    // Another admin (another session) who learns the token cannot use it; the owner still can.
    const other = await signedIn('admin');
    const stolen = await post(other, '/impor/kolom', { token, action: 'import', ...AUTO });
    expect(stolen.statusCode).toBe(403);
    expect(stolen.body).toContain('Berkas ini diunggah dalam sesi masuk yang lain. Silakan unggah berkas Bapak/Ibu sendiri.');
    expect(stolen.body).not.toContain('Hj. Rahmah');
    for (const gone of ['', 'x'.repeat(32), '../../etc/passwd', `${token}x`]) {
      const res = await post(admin, '/impor/kolom', { token: gone, action: 'import', ...AUTO });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Berkas unggahan tidak ditemukan: sudah diimpor, atau sudah lewat satu jam. Silakan unggah berkas lagi.');
    }
    expect(await importedCount()).toBe(0);
    expect((await post(admin, '/impor/kolom', { token, action: 'preview', ...AUTO })).statusCode).toBe(200);
    expect((await audits('web_import_refused')).map((d) => (d as { reason: string }).reason).filter((r) => r.startsWith('upload_'))).toEqual(['upload_other_session', 'upload_missing', 'upload_missing', 'upload_missing', 'upload_missing']);
  });

  it('previews with the columns chosen without saving, then imports with them once, audited', async () => {
    const admin = await signedIn('admin');
    const file = { name: 'daftar-2016.xlsx', type: XLSX_TYPE, content: await register() };
    const token = tokenOf(await upload(admin, { _csrf: admin.csrf }, file));
    const preview = await post(admin, '/impor/kolom', { token, action: 'preview', ...AUTO });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('4 baris: 2 siap diimpor, 2 bermasalah.');
    expect(preview.body).toMatch(/<tr data-line="4">.*nomor HP tidak sah/su);
    expect(preview.body).toMatch(/<tr data-line="5">.*sektor tidak dikenal, kecamatan tidak dikenal/su);
    expect(preview.body).toContain('value="import"');
    expect(tokenOf(preview)).toBe(token);

    // Staff decide the register's "Kecamatan" and "Sektor" are not to be trusted: row 5 is then fine.
    const changed = await post(admin, '/impor/kolom', { token, action: 'preview', ...AUTO, map_sector: '', map_kecamatan: '' });
    expect(changed.body).toContain('4 baris: 3 siap diimpor, 1 bermasalah.');
    expect([chosenOn(changed, 'sector'), chosenOn(changed, 'kecamatan'), chosenOn(changed, 'phone')]).toEqual(['', '', '1']);
    expect(await importedCount()).toBe(0);

    const done = await post(admin, '/impor/kolom', { token, action: 'import', ...AUTO, map_sector: '', map_kecamatan: '' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('3 orang diimpor sebagai &quot;diundang, belum setuju&quot;; 1 baris dilewati. Belum ada pesan yang dikirim.');
    expect(await importedCount()).toBe(3);
    const rahmah = await t.app.database.db.selectFrom('people as p').leftJoin('sectors as s', 's.id', 'p.sector_id').select(['p.full_name', 'p.consent_pending', 'p.phone_verified', 'p.business_started_year', 'p.kecamatan_id', 's.code as sector']).where('p.phone_e164', '=', '+6281151002233').executeTakeFirstOrThrow();
    // Without the Sektor column the sector is read from the activity ("kain sasirangan": fesyen, by the city's words), as for a blank Sektor.
    expect(rahmah).toEqual({ full_name: 'Hj. Rahmah', consent_pending: true, phone_verified: false, business_started_year: 2016, kecamatan_id: null, sector: 'fesyen' });
    const columns = { name: 'Nama', phone: 'No HP', business: 'Nama Usaha', activity: 'Kegiatan', year: 'Tahun', omzet: 'Omzet' };
    expect(await audits('web_import_previewed')).toContainEqual({ file: 'daftar-2016.xlsx', rows: 4, imported: 0, skipped: 1, columns });
    expect(await audits('web_people_imported')).toEqual([{ file: 'daftar-2016.xlsx', rows: 4, imported: 3, skipped: 1, columns }]);

    // The upload is gone with the import: clicking again (or reloading) adds nobody twice.
    const again = await post(admin, '/impor/kolom', { token, action: 'import', ...AUTO });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Berkas unggahan tidak ditemukan');
    expect(await t.app.redis().exists(`${t.app.config.QUEUE_PREFIX}:import-upload:${token}`)).toBe(0);

    // Two clicks at once on another upload's import: one imports, the other finds the upload taken.
    const other = { name: 'susulan.csv', type: 'text/csv', content: Buffer.from('Nama;No HP\nNoor Aisyah;0812 5411 9900\nGusti Hamdan;0853 4800 1122\n') };
    const twin = tokenOf(await upload(admin, { _csrf: admin.csrf }, other));
    const both = await Promise.all([0, 1].map(() => post(admin, '/impor/kolom', { token: twin, action: 'import', map_name: '0', map_phone: '1' })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    expect(await importedCount()).toBe(5);

    // The same file uploaded again: the numbers are on record now.
    const second = await post(admin, '/impor/kolom', { token: tokenOf(await upload(admin, { _csrf: admin.csrf }, file)), action: 'import', ...AUTO });
    expect(second.body).toContain('4 baris: 0 siap diimpor, 4 bermasalah.');
    expect(second.body).toContain('nomor HP sudah terdaftar');
    expect(await importedCount()).toBe(5);
  });
});
