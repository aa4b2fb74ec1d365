import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { pdfText } from '../support/pdf.js';
import { registerXlsx } from '../support/register-file.js';
import { ADMIN_TELEGRAM, seedWeb, type WebFixture } from './fixture.js';

// The dashboard in real headless Chromium (Debian's, driven by the pinned playwright-core; no
// browser download), for an admin of the office: create a workshop on the Pelatihan page and
// download its attendance sheet (a real PDF with the office's name and the title) and its
// participants as XLSX; then import the office's 3,000-row register through the Impor page
// (upload, the columns pre-filled from the headers with one changed, preview, import). Screenshots go to SCREENSHOT_DIR.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? '/tmp';
const ROWS = 3000;

let t: TestApp;
let fx: WebFixture;
let server: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  t = await createTestApp('web-e2e-workshop-import');
  fx = await seedWeb(t.app.database.db);
  server = await buildWebServer(t.app);
  await server.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

/** Signs the admin in with the code sent to their Telegram chat, as staff do. */
async function signIn(page: Page): Promise<void> {
  await page.goto(`${base}/masuk`);
  await page.fill('#staff', ADMIN_TELEGRAM);
  await page.click('#send-code');
  await page.waitForSelector('text=Kode sudah dikirim');
  const sent = await t.app.database.db.selectFrom('outbound_messages').select('text').where('topic', '=', 'web_login').where('address', '=', ADMIN_TELEGRAM).orderBy('id', 'desc').executeTakeFirstOrThrow();
  await page.fill('#code', /WEB-[0-9A-Z]{4}-[0-9A-Z]{2}/.exec(sent.text!)![0]);
  await page.click('#sign-in-code');
  await page.waitForURL(`${base}/`);
}

/** `dd/mm/yyyy` in WITA, `days` from today. */
function typedDay(days: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Makassar', day: '2-digit', month: '2-digit', year: 'numeric' })
      .formatToParts(new Date(Date.now() + days * 86_400_000))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year}`;
}

const people = async () => Number((await t.app.database.db.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

it('creates a workshop and downloads its attendance sheet (a real PDF with the office and the title) and its participants as XLSX', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await signIn(page);

  await page.click('a[href="/pelatihan"]');
  await page.fill('#create input[name="title"]', 'Foto Produk dengan HP');
  await page.fill('#create input[name="date"]', `${typedDay(10)} 09.00-12.00`);
  await page.fill('#create input[name="place"]', 'Aula Diskopumker, Jl. Pramuka');
  await page.fill('#create input[name="capacity"]', '25');
  await page.fill('#create textarea[name="description"]', 'Untuk pelaku usaha kuliner dan kerajinan');
  await page.click('#create-workshop');
  await page.waitForSelector('h1:has-text("Foto Produk dengan HP")');
  const id = /^#(\d+) /.exec((await page.textContent('h1'))!)![1]!;
  const stored = await t.app.database.db.selectFrom('workshops').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  expect(stored).toMatchObject({ title: 'Foto Produk dengan HP', place: 'Aula Diskopumker, Jl. Pramuka', capacity: 25 });

  // Siti takes a seat (in chat, in real life), so the sheet has a line to sign.
  const at = new Date();
  await t.app.database.db.insertInto('workshop_rsvps').values({ workshop_id: id, person_id: fx.sitiId, status: 'confirmed', created_at: at, updated_at: at, confirmed_at: at }).execute();
  // Reloading the new workshop's page (after the form, the browser is on a GET) creates nothing more.
  await page.reload();
  expect(await t.app.database.db.selectFrom('workshops').select('id').where('title', '=', 'Foto Produk dengan HP').execute()).toHaveLength(1);
  await page.waitForSelector('#participants tbody tr');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/wirabot-web-workshop.png`, fullPage: true });

  const [sheet] = await Promise.all([page.waitForEvent('download'), page.click('#sheet')]);
  expect(sheet.suggestedFilename()).toBe(`daftar-hadir-pelatihan-${id}.pdf`);
  const pdf = await readFile((await sheet.path())!);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.subarray(-8).toString('latin1')).toContain('%%EOF');
  expect(pdf.length).toBeGreaterThan(1500);
  expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  const shown = pdfText(pdf);
  expect(shown).toContain(t.app.config.ORG_NAME);
  expect(shown).toContain(`Daftar Hadir Pelatihan #${id}`);
  expect(shown).toContain('Foto Produk dengan HP');
  expect(shown).toContain('Siti Aminah');

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#participants-xlsx')]);
  expect(xlsx.suggestedFilename()).toBe(`peserta-pelatihan-${id}.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await xlsx.path())!);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  expect(rows.map((r) => r.slice(0, 4))).toEqual([
    ['No.', 'Status', 'Hadir', 'Nama'],
    [1, 'terdaftar', 'tidak', 'Siti Aminah'],
  ]);

  // The finished workshop of the fixture: Siti was present; her October report is "before",
  // nothing after November yet, and the table says so.
  await page.click('a[href="/pelatihan"]');
  await page.click('text=Pemasaran Digital');
  await page.waitForSelector('#growth-people');
  expect(await page.textContent('#growth-people tbody tr')).toContain('Rp3.500.000 · berkembang (Oktober 2026)');
  expect(await page.textContent('#growth-people tbody tr')).toContain('belum ada data');
  await page.locator('#growth').screenshot({ path: `${SCREENSHOT_DIR}/wirabot-web-workshop-growth.png` });
  expect(errors).toEqual([]);
}, 60_000);

it('imports a 3,000-row register XLSX through the Impor page: upload, map the columns (one changed), preview, import; the people count rises by 3,000', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await signIn(page);
  const file = { name: 'Daftar UMKM Binaan 2016-2025.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await registerXlsx(ROWS) };
  const before = await people();

  await page.click('a[href="/impor"]');
  await page.setInputFiles('#import-form input[type="file"]', file);
  await page.click('#import-upload');
  await page.waitForSelector('#map-form');
  // The file's columns with samples, and each field pre-filled from the headers ("Nama Lengkap", "No HP/WA", "Omzet per Bulan" …).
  expect(await page.textContent('#map-form')).toContain('Berkas Daftar UMKM Binaan 2016-2025.xlsx: 3.000 baris, 9 kolom.');
  expect(await page.textContent('#import-columns tr[data-column="2"]')).toMatch(/^C\s*No HP\/WA\s*081250000000 · 0812 5000 0001 · \+62 812-5000-0002$/u);
  expect(await Promise.all(['name', 'phone', 'business', 'activity', 'sector', 'kecamatan', 'year', 'omzet'].map((f) => page.inputValue(`#map-${f}`)))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/wirabot-web-import-map.png`, fullPage: true });

  // The office decides the "Nama Usaha" column (owner's surname appended) is not worth keeping.
  await page.selectOption('#map-business', '');
  await page.click('#map-form button[value="preview"]');
  await page.waitForSelector('#import-summary');
  expect(await page.textContent('#import-summary')).toBe('3.000 baris: 3.000 siap diimpor, 0 bermasalah.');
  expect(await page.textContent('body')).toContain('Pratinjau: belum ada yang disimpan.');
  // The preview keeps the choice: the import goes with it.
  expect(await page.inputValue('#map-business')).toBe('');
  expect(await people()).toBe(before);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/wirabot-web-import-preview.png`, fullPage: true });

  const started = Date.now();
  await page.click('#map-form button[value="import"]');
  await page.waitForSelector('text=orang diimpor', { timeout: 30_000 });
  const seconds = (Date.now() - started) / 1000;
  expect(await page.textContent('body')).toContain('3.000 orang diimpor sebagai "diundang, belum setuju"; 0 baris dilewati.');
  expect(await people()).toBe(before + ROWS);
  expect(seconds).toBeLessThan(20);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/wirabot-web-import-done.png`, fullPage: true });

  // Imported as "diundang, belum setuju": no chat, nothing queued to them; with the columns chosen (no business name).
  const imported = await t.app.database.db.selectFrom('people').select(['consent_pending', 'phone_verified', 'business_name', 'business_activity']).where('imported_at', 'is not', null).execute();
  expect(imported).toHaveLength(ROWS);
  expect(imported.every((p) => p.consent_pending && !p.phone_verified && p.business_name === null && p.business_activity !== null)).toBe(true);
  const audit = await t.app.database.db.selectFrom('audit_log').select('details').where('action', '=', 'web_people_imported').executeTakeFirstOrThrow();
  expect(audit.details).toMatchObject({ file: file.name, rows: ROWS, imported: ROWS, skipped: 0, columns: { name: 'Nama Lengkap', phone: 'No HP/WA', activity: 'Jenis Usaha', omzet: 'Omzet per Bulan' } });
  expect(audit.details).not.toHaveProperty('columns.business');

  // The same file again: every number is now on record, nothing is added twice.
  await page.setInputFiles('#import-form input[type="file"]', file);
  await page.click('#import-upload');
  await page.waitForSelector('#map-form');
  await page.click('#map-form button[value="preview"]');
  await page.waitForSelector('#import-problems');
  expect(await page.textContent('#import-summary')).toBe('3.000 baris: 0 siap diimpor, 3.000 bermasalah.');
  await page.click('#map-form button[value="import"]');
  await page.waitForSelector('text=baris dilewati');
  expect(await page.textContent('body')).toContain('0 orang diimpor sebagai "diundang, belum setuju"; 3.000 baris dilewati.');
  expect(await people()).toBe(before + ROWS);
  expect(errors).toEqual([]);
}, 120_000);
