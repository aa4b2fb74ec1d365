import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ADMIN_TELEGRAM, seedWeb } from './fixture.js';
import { sendQueueName } from '../../src/outbox/queue.js';
import type { Outbound, SendResult } from '../../src/channels/types.js';
import { insertTelegramCrowd } from '../support/seed.js';

// The dashboard in real headless Chromium (Debian's, driven by the pinned playwright-core;
// no browser download): sign in with a code from the staff chat, see the charts drawn with
// data, search a person and open their page, send an announcement and watch its delivery
// counts rise. Screenshots go to SCREENSHOT_DIR.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? '/tmp';

let t: TestApp;
let server: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  t = await createTestApp('web-e2e');
  await seedWeb(t.app.database.db);
  await insertTelegramCrowd(t.app.database.db, 30, 7_300_000_000, 'Warga');
  // Telegram, a little slowly, so the delivery counts are seen rising.
  let sent = 0;
  const slowTelegram = { channel: 'telegram' as const, async send(_m: Outbound): Promise<SendResult> {
    await new Promise((resolve) => setTimeout(resolve, 60));
    return { platformMessageId: `e2e-${++sent}` };
  } };
  await t.app.startTurnWorkers(1);
  t.app.startSender(sendQueueName('telegram', 'bulk'), slowTelegram);
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

it('signs in with a code, draws the charts with data, finds a person, and sends an announcement whose delivery counts rise', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const offsite: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(base) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) offsite.push(request.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${base}/`);
  expect(page.url()).toBe(`${base}/masuk`);
  await page.fill('#staff', ADMIN_TELEGRAM);
  await page.click('#send-code');
  await page.waitForSelector('text=Kode sudah dikirim');
  const sent = await t.app.database.db.selectFrom('outbound_messages').select('text').where('topic', '=', 'web_login').where('address', '=', ADMIN_TELEGRAM).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const code = /WEB-[0-9A-Z]{4}-[0-9A-Z]{2}/.exec(sent.text!)![0];
  await page.fill('#code', code);
  await page.click('#sign-in-code');
  await page.waitForURL(`${base}/`);

  // Every chart is drawn on a canvas from its JSON; the registrations chart has bars.
  await page.waitForSelector('[data-chart="registrations"][data-drawn]');
  for (const id of ['registrations', 'response_rate', 'growth_kecamatan', 'growth_sector', 'median_omzet', 'funnel']) {
    await page.waitForSelector(`[data-chart="${id}"][data-drawn] canvas`);
    expect(Number(await page.getAttribute(`[data-chart="${id}"]`, 'data-drawn')), id).toBeGreaterThan(0);
  }
  // Pixels were painted: a drawn canvas is not one flat colour.
  const painted = await page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-chart="growth_sector"] canvas')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return colours.size;
  });
  expect(painted).toBeGreaterThan(5);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/wirabot-web-overview.png`, fullPage: true });

  await page.click('a[href="/orang"]');
  await page.fill('#q', 'bingka');
  await page.click('#search');
  await page.waitForSelector('#people-count:has-text("1 pelaku usaha")');
  expect(await page.locator('#people tbody tr').count()).toBe(1);
  await page.click('#people tbody a');
  await page.waitForSelector('#omzet-chart[data-drawn] canvas');
  expect(await page.textContent('h1')).toContain('Siti Aminah');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/wirabot-web-person.png`, fullPage: true });

  // On a phone the same pages work.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/orang?q=siti`);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/wirabot-web-phone.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Pengumuman: live recipient count, preview, confirmation, delivery counts rising.
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${base}/pengumuman`);
  await page.fill('#announce-text', 'Halo {nama}, pelatihan pemasaran dibuka minggu depan.');
  await page.fill('#announce-segment', 'semua');
  await page.waitForSelector('#recipient-count[data-total="31"]');
  await page.click('#preview');
  await page.waitForSelector('#preview-text');
  expect(await page.textContent('#preview-text')).toMatch(/^Halo (Siti Aminah|Warga 1), pelatihan pemasaran dibuka minggu depan\.$/);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/wirabot-web-preview.png`, fullPage: true });
  await page.check('#confirm');
  await page.click('#send');
  await page.waitForSelector('#delivery');
  const seen: number[] = [];
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const value = Number(await page.textContent('[data-count="sent"]'));
    if (seen.at(-1) !== value) seen.push(value);
    if (value === 31) break;
    await page.waitForTimeout(100);
  }
  expect(seen.at(-1)).toBe(31);
  expect(seen.filter((v) => v > 0 && v < 31).length).toBeGreaterThan(0);
  expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/wirabot-web-delivery.png`, fullPage: true });

  expect(errors).toEqual([]);
  expect(offsite).toEqual([]);
}, 60_000);
