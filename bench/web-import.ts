import os from 'node:os';
import { parseArgs } from 'node:util';
import type { InjectOptions } from 'fastify';
import { createApp } from '../src/app.js';
import { DEV_ID_HASH_KEY, loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { createSession } from '../src/web/auth.js';
import { buildWebServer } from '../src/web/server.js';
import { registerXlsx } from '../test/support/register-file.js';
import { dropQueueKeys, freshDatabase, mb, REDIS_URL, trackPeakMemory } from './support.js';

// `npm run bench:web-import [-- --rows 3000]`: the office's register as an XLSX of that many
// rows, uploaded to the dashboard's Impor page as an admin's browser would (multipart POST
// /impor with the session cookie and CSRF token), its columns left as the page pre-filled them
// (POST /impor/kolom): the preview, then the import. Prints the seconds of each (target: under 10 s for 3,000 rows) and the process's peak memory.

const { values } = parseArgs({ options: { rows: { type: 'string', default: '3000' } } });
const ROWS = Number(values.rows);

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }): { body: Buffer; type: string } {
  const boundary = '----wirabotbench7123456789';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

async function main(): Promise<void> {
  const database = await freshDatabase('webimport');
  const prefix = `bench-web-import-${Date.now()}`;
  const config = loadConfig({ DATABASE_URL: database.url, ID_HASH_KEY: DEV_ID_HASH_KEY, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' });
  const app = await createApp(config, { log: createLogger('warn') });
  const { db } = app.database;
  const staff = await db.insertInto('staff').values({ name: 'Bench', telegram_user_id: '7123456789', role: 'admin' }).returning('id').executeTakeFirstOrThrow();
  const token = await createSession(db, staff.id, 'password', new Date(), { idleMs: 3_600_000, maxMs: 3_600_000 });
  const { csrf_token: csrf } = await db.selectFrom('web_sessions').select('csrf_token').executeTakeFirstOrThrow();
  const server = await buildWebServer(app);

  let started = performance.now();
  const file = await registerXlsx(ROWS);
  console.log(`register: ${ROWS} rows, ${(file.length / 1024).toFixed(0)} KB XLSX, written in ${((performance.now() - started) / 1000).toFixed(2)} s`);

  const people = async () => Number((await db.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const cookie = `wirabot_session=${token}`;
  const timed = async (step: string, request: InjectOptions) => {
    const at = performance.now();
    const res = await server.inject(request);
    if (res.statusCode !== 200) throw new Error(`${step} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    return { seconds: (performance.now() - at) / 1000, body: res.body, summary: /id="import-summary">([^<]*)</.exec(res.body)?.[1] ?? '?' };
  };
  const upload = async () => {
    const { body, type } = multipart({ _csrf: csrf }, { name: 'daftar-umkm-binaan.xlsx', content: file });
    return timed('upload', { method: 'POST', url: '/impor', payload: body, headers: { cookie, 'content-type': type } });
  };
  // The columns as the page pre-filled them, sent back as the browser would.
  const mapped = async (action: 'preview' | 'import', page: string) => {
    const form = new URLSearchParams({ _csrf: csrf, action, token: /name="token" value="([^"]+)"/.exec(page)?.[1] ?? '' });
    for (const [, field, select] of page.matchAll(/<select id="map-(\w+)" name="map_\w+">([\s\S]*?)<\/select>/gu)) form.set(`map_${field}`, /<option value="(\d*)" selected>/u.exec(select!)?.[1] ?? '');
    return timed(action, { method: 'POST', url: '/impor/kolom', payload: form.toString(), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
  };

  const memory = trackPeakMemory();
  const before = await people();
  started = performance.now();
  const uploaded = await upload();
  const preview = await mapped('preview', uploaded.body);
  const done = await mapped('import', preview.body);
  const total = (performance.now() - started) / 1000;
  const peak = memory.stop();
  const added = (await people()) - before;

  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  console.log(`upload (read the file once, keep it, columns shown): ${uploaded.seconds.toFixed(2)} s`);
  console.log(`preview (check with the columns, nothing saved): ${preview.seconds.toFixed(2)} s — ${preview.summary}`);
  console.log(`import (check, save): ${done.seconds.toFixed(2)} s — ${added} people added`);
  console.log(`upload to imported, three steps: ${total.toFixed(2)} s; peak memory (RSS) ${mb(peak)}`);
  if (added !== ROWS) console.log(`WARNING: ${ROWS - added} rows were not imported`);

  await server.close();
  await app.close();
  await dropQueueKeys(prefix);
  await database.drop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
