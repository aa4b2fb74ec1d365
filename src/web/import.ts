import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { loadCityVocabulary } from '../city/load.js';
import { text } from '../engine/core/text.js';
import { invitePlan, sendInvitations, type InvitePlan } from '../runtime/import/invite.js';
import { mappingErrorText } from '../runtime/import/mapping-text.js';
import { IMPORT_FIELDS, ImportFileError, ImportMappingError, importPeople, mapColumns, MAX_IMPORT_BYTES, previewImport, readRegisterFile, sampleValues, type ColumnMap, type ImportPreview } from '../runtime/import/register.js';
import { recordAudit } from '../runtime/staff/audit.js';
import { html, type Html } from './html.js';
import { ImportUploads, type StoredUpload } from './import-uploads.js';
import type { Say } from './i18n.js';
import { layout, message, type PageContext } from './pages.js';
import { redirectSaying, secureCookies, takeSaid } from './said.js';

// Impor (issue 13, admin only): upload the office's register as XLSX or CSV, choose which
// column holds which field (pre-filled from the headers), see every row's problems, and
// import the valid rows as "diundang, belum setuju" — the same functions as `import people
// --file` (runtime/import). Nothing is sent to the people imported until staff send the
// invitation here (or `import invite`), with WhatsApp's ban risk and the day's limit shown.

export interface ImportDeps {
  readonly app: App;
  readonly say: Say;
  readonly ctx: (request: FastifyRequest) => PageContext;
  readonly html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  readonly actor: (request: FastifyRequest) => string;
}

interface Upload {
  readonly filename: string;
  readonly content: Buffer;
}

const SHOWN_PROBLEMS = 200;
const REQUIRED_FIELDS: readonly string[] = ['name', 'phone'];

/** Excel's name of the column: A … Z, AA … */
function columnLetter(i: number): string {
  let n = i + 1;
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The form's `map_<field>` choices: '' for none, else a column number. */
function chosenMapping(body: Record<string, unknown>): ColumnMap {
  const columns: ColumnMap = {};
  for (const field of IMPORT_FIELDS) {
    const raw = body[`map_${field}`];
    if (raw === undefined || raw === '') continue;
    if (typeof raw !== 'string' || !/^\d{1,4}$/u.test(raw)) throw new ImportMappingError('column_unknown', [field]);
    columns[field] = Number(raw);
  }
  return columns;
}

/** Uploads anywhere in the dashboard: one file, buffered within the size limit, fields in the body. */
export async function importMultipart(server: FastifyInstance): Promise<void> {
  await server.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, fieldSize: 1024 },
    async onFile(part) {
      (part as unknown as { value: Upload }).value = { filename: part.filename, content: await part.toBuffer() };
    },
  });
}

export function registerImport(server: FastifyInstance, deps: ImportDeps): void {
  const { app, say } = deps;
  const db = app.database.db;
  const clock = app.services.clock;
  const vocab = loadCityVocabulary(app.config.CITY);
  const words = (key: string, params?: Record<string, string | number>) => app.renderer.render('id', text(`import.${key}`, params));
  const uploads = new ImportUploads(app.redis(), app.config.QUEUE_PREFIX);
  const render = (t: Parameters<typeof app.renderer.render>[1]) => app.renderer.render('id', t);

  const inviteSection = (csrf: string, plan: InvitePlan): Html =>
    html`<section class="card" id="invite">
        <h2>${say('import_invite_title')}</h2>
        <p class="error" role="note" id="invite-warning">${words('invite.ban_warning', { perDay: plan.perDay })}</p>
        ${app.config.WHATSAPP_ENABLED ? '' : html`<p class="muted" id="invite-whatsapp-off">${words('invite.whatsapp_off')}</p>`}
        <p id="invite-figures">${words('invite.figures', { ...plan })}</p>
        <p id="invite-days">${plan.waiting === 0 ? words('invite.nobody_waiting') : words('invite.days', { days: plan.days, minutes: plan.minutesPerDay })}</p>
        ${
          plan.waiting > 0 && plan.remainingToday > 0
            ? html`<form method="post" action="/impor/undang">
          <input type="hidden" name="_csrf" value="${csrf}">
          <label>${say('import_invite_limit')} <input type="number" name="limit" min="1" max="${plan.remainingToday}" placeholder="${plan.remainingToday}"></label>
          <p><button type="submit">${say('import_invite_button', { count: Math.min(plan.remainingToday, plan.waiting) })}</button></p>
        </form>`
            : ''
        }
      </section>`;

  const page = async (request: FastifyRequest, body: Html | string) => {
    const ctx = deps.ctx(request);
    const plan = await invitePlan({ db, config: app.config }, clock());
    return layout(
      ctx,
      say('import_title'),
      html`<h1>${say('import_title')}</h1>
      <p class="muted">${say('import_intro')}</p>
      <form method="post" action="/impor" enctype="multipart/form-data" class="card" id="import-form">
        <input type="hidden" name="_csrf" value="${ctx.session?.csrfToken ?? ''}">
        <label>${say('import_file')} <input type="file" name="file" accept=".xlsx,.csv" required></label>
        <p><button type="submit" id="import-upload">${words('map.upload_button')}</button></p>
      </form>
      ${body}
      ${inviteSection(ctx.session?.csrfToken ?? '', plan)}`,
    );
  };

  const previewTable = (preview: ImportPreview): Html => {
    const bad = preview.rows.filter((r) => r.problems.length > 0);
    return html`<p id="import-summary">${words('summary', { rows: preview.rows.length, valid: preview.valid, invalid: preview.invalid })}</p>
      ${
        bad.length === 0
          ? ''
          : html`<div class="table-wrap"><table id="import-problems"><thead><tr><th>${words('col_line')}</th><th>${words('col_name')}</th><th>${words('col_phone')}</th><th>${words('col_problems')}</th></tr></thead><tbody>
        ${bad.slice(0, SHOWN_PROBLEMS).map((r) => html`<tr data-line="${r.line}"><td>${r.line}</td><td>${r.name}</td><td>${r.phone}</td><td>${r.problems.map((p) => words(`problem.${p}`)).join(', ')}</td></tr>`)}
        </tbody></table></div>${bad.length > SHOWN_PROBLEMS ? html`<p class="muted">${words('more', { count: bad.length - SHOWN_PROBLEMS })}</p>` : ''}`
      }`;
  };

  /** The file's columns with sample values, and for each field a choice of column; `previewed` offers the import too. */
  const mappingForm = (request: FastifyRequest, token: string, upload: StoredUpload, columns: ColumnMap, previewed: boolean): Html => {
    const { headers } = upload.table;
    const samples = sampleValues(upload.table);
    const headerText = (i: number) => (headers[i]?.trim() ? headers[i]!.trim() : words('map.untitled'));
    return html`<form method="post" action="/impor/kolom" class="card" id="map-form">
        <input type="hidden" name="_csrf" value="${request.session?.csrfToken ?? ''}">
        <input type="hidden" name="token" value="${token}">
        <h2>${words('map.title')}</h2>
        <p class="muted">${words('map.file_rows', { file: upload.filename, rows: upload.table.rows.length, columns: headers.length })} ${words('map.intro')}</p>
        <div class="table-wrap"><table id="import-columns"><thead><tr><th>${words('map.col_column')}</th><th>${words('map.col_header')}</th><th>${words('map.col_samples')}</th></tr></thead><tbody>
        ${headers.map((_, i) => html`<tr data-column="${i}"><td>${columnLetter(i)}</td><td>${headerText(i)}</td><td>${(samples[i] ?? []).join(' · ')}</td></tr>`)}
        </tbody></table></div>
        <table id="import-mapping"><thead><tr><th>${words('map.col_field')}</th><th>${words('map.col_choice')}</th></tr></thead><tbody>
        ${IMPORT_FIELDS.map(
          (field) => html`<tr><th><label for="map-${field}">${words(`map.field.${field}`)}${REQUIRED_FIELDS.includes(field) ? ` (${words('map.required')})` : ''}</label></th>
          <td><select id="map-${field}" name="map_${field}"><option value="">${words('map.none')}</option>
          ${headers.map((_, i) => html`<option value="${i}"${columns[field] === i ? html` selected` : ''}>${columnLetter(i)}: ${headerText(i)}</option>`)}
          </select></td></tr>`,
        )}
        </tbody></table>
        <p><button type="submit" name="action" value="preview">${words('map.preview_button')}</button>
        ${previewed ? html`<button type="submit" name="action" value="import">${say('import_do_button')}</button>` : ''}</p>
      </form>`;
  };

  server.get('/impor', { config: { admin: true } }, async (request, reply) => {
    const said = takeSaid(request, reply, '/impor');
    return deps.html(reply, await page(request, said === null ? '' : message(said, 'info')));
  });

  server.post('/impor/undang', { config: { admin: true } }, async (request, reply) => {
    const raw = String((request.body as { limit?: unknown } | undefined)?.limit ?? '').trim();
    if (raw !== '' && (!/^\d{1,6}$/u.test(raw) || Number(raw) < 1)) return deps.html(reply, await page(request, message(words('invite.bad_limit'))), 400);
    const limit = raw === '' ? undefined : Number(raw);
    const result = await sendInvitations(app.services, clock(), limit === undefined ? {} : { limit });
    await recordAudit(db, { staffId: request.session!.staff.id, actor: deps.actor(request), action: 'web_import_invitations_sent', details: { invited: result.invited, limit: limit ?? null } }, clock());
    const outcome = result.invited === 0 && result.plan.remainingToday === 0 ? words('invite.limit_reached', { perDay: result.plan.perDay }) : words('invite.sent', { count: result.invited });
    // To the page by GET: reloading it must not send more invitations.
    return redirectSaying(reply, '/impor', outcome, secureCookies(app.config));
  });

  // The multipart parser itself is registered in server.ts before the CSRF check
  // (importMultipart), so the form's _csrf field is read like any other form's.
  void server.register((scope, _options, done) => {
    scope.setErrorHandler(async (error: { statusCode?: number; code?: string; message: string }, request, reply) => {
      const tooLarge = error.code === 'FST_REQ_FILE_TOO_LARGE' || error.statusCode === 413;
      if (tooLarge) await recordAudit(db, { staffId: request.session?.staff.id ?? null, actor: deps.actor(request), action: 'web_import_refused', details: { reason: 'too_large' } }, clock());
      const status = tooLarge ? 413 : (error.statusCode ?? 500) < 500 ? (error.statusCode ?? 400) : 500;
      if (status === 500) app.log.error({ err: error.message, url: request.url }, 'import failed');
      return deps.html(reply, await page(request, message(tooLarge ? words('file.too_large') : status === 500 ? say('server_error') : say('bad_input', { what: error.message }))), status);
    });

    // Step 1: the file, read once and kept for the next steps; the columns to choose.
    scope.post('/impor', { config: { admin: true } }, async (request, reply) => {
      const body = (request.body ?? {}) as { file?: unknown };
      const file = body.file as Upload | undefined;
      const session = request.session!;
      const audit = (action: string, details: Record<string, unknown>) => recordAudit(db, { staffId: session.staff.id, actor: deps.actor(request), action, details }, clock());
      if (!file || typeof file !== 'object' || !Buffer.isBuffer(file.content) || file.content.length === 0) {
        return deps.html(reply, await page(request, message(say('import_no_file'))), 400);
      }
      let upload: StoredUpload;
      try {
        upload = { sessionId: session.sessionId, filename: file.filename, table: await readRegisterFile(file.filename, file.content) };
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        await audit('web_import_refused', { file: file.filename, reason: error.reason });
        return deps.html(reply, await page(request, message(words(`file.${error.reason}`, { detail: error.detail }))), error.reason === 'too_large' ? 413 : 400);
      }
      const token = await uploads.put(upload);
      await audit('web_import_uploaded', { file: file.filename, rows: upload.table.rows.length });
      const auto = mapColumns(upload.table.headers);
      const note = auto.missing.length > 0 ? message(words('map.auto_missing', { detail: auto.missing.map((f) => words(`map.field.${f}`)).join(', ') }), 'info') : '';
      return deps.html(reply, await page(request, html`${note}${mappingForm(request, token, upload, auto.columns, false)}`));
    });
    done();
  });

  // Step 2 and 3: the preview with the columns chosen, then the import with the same ones.
  server.post('/impor/kolom', { config: { admin: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const session = request.session!;
    const token = typeof body['token'] === 'string' ? body['token'] : '';
    const dryRun = body['action'] !== 'import';
    const audit = (action: string, details: Record<string, unknown>) => recordAudit(db, { staffId: session.staff.id, actor: deps.actor(request), action, details }, clock());
    const found = await uploads.find(token, session.sessionId);
    if (found.kind !== 'ok') {
      await audit('web_import_refused', { reason: found.kind === 'missing' ? 'upload_missing' : 'upload_other_session' });
      return deps.html(reply, await page(request, message(words(found.kind === 'missing' ? 'map.upload_missing' : 'map.upload_other_session'))), found.kind === 'missing' ? 400 : 403);
    }
    const { upload } = found;
    const now = clock();
    let chosen: ColumnMap | null = null;
    let preview: ImportPreview;
    try {
      chosen = chosenMapping(body);
      preview = await previewImport(db, vocab, upload.table, now, chosen);
    } catch (error) {
      if (!(error instanceof ImportMappingError)) throw error;
      const problem = message(mappingErrorText({ render }, error, upload.table.headers));
      return deps.html(reply, await page(request, html`${problem}${mappingForm(request, token, upload, chosen ?? mapColumns(upload.table.headers).columns, false)}`), 400);
    }
    // The import takes the upload away first: a second click finds nothing to import twice.
    if (!dryRun && (await uploads.find(token, session.sessionId, true)).kind !== 'ok') {
      return deps.html(reply, await page(request, message(words('map.upload_missing'))), 400);
    }
    const result = await importPeople(db, preview, now, { dryRun });
    const columns = Object.fromEntries(IMPORT_FIELDS.flatMap((f) => (preview.columns[f] === undefined ? [] : [[f, upload.table.headers[preview.columns[f]!] ?? '']])));
    await audit(dryRun ? 'web_import_previewed' : 'web_people_imported', { file: upload.filename, rows: preview.rows.length, imported: result.imported, skipped: result.skipped, columns });
    const outcome = dryRun ? message(say('import_previewed'), 'info') : message(words('done', result), 'info');
    return deps.html(reply, await page(request, html`${outcome}${dryRun ? mappingForm(request, token, upload, preview.columns, true) : ''}${previewTable(preview)}`));
  });
}
