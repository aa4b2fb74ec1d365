import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { loadCityVocabulary } from '../city/load.js';
import { text } from '../engine/core/text.js';
import { invitePlan, sendInvitations, type InvitePlan } from '../runtime/import/invite.js';
import { ImportFileError, importPeople, MAX_IMPORT_BYTES, previewImport, readRegisterFile, type ImportPreview } from '../runtime/import/register.js';
import { recordAudit } from '../runtime/staff/audit.js';
import { html, type Html } from './html.js';
import type { Say } from './i18n.js';
import { layout, message, type PageContext } from './pages.js';

// Impor (issue 13, admin only): upload the office's register as XLSX or CSV, see every row's
// problems, and import the valid rows as "diundang, belum setuju" — the same functions as
// `import people --file` (runtime/import). Nothing is sent to the people imported until staff
// send the invitation here (or `import invite`), with WhatsApp's ban risk and the day's limit shown.

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
        <p><button type="submit" name="action" value="preview">${say('import_preview_button')}</button>
        <button type="submit" name="action" value="import">${say('import_do_button')}</button></p>
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

  server.get('/impor', { config: { admin: true } }, async (request, reply) => deps.html(reply, await page(request, '')));

  server.post('/impor/undang', { config: { admin: true } }, async (request, reply) => {
    const raw = String((request.body as { limit?: unknown } | undefined)?.limit ?? '').trim();
    if (raw !== '' && (!/^\d{1,6}$/u.test(raw) || Number(raw) < 1)) return deps.html(reply, await page(request, message(words('invite.bad_limit'))), 400);
    const limit = raw === '' ? undefined : Number(raw);
    const result = await sendInvitations(app.services, clock(), limit === undefined ? {} : { limit });
    await recordAudit(db, { staffId: request.session!.staff.id, actor: deps.actor(request), action: 'web_import_invitations_sent', details: { invited: result.invited, limit: limit ?? null } }, clock());
    const outcome = result.invited === 0 && result.plan.remainingToday === 0 ? words('invite.limit_reached', { perDay: result.plan.perDay }) : words('invite.sent', { count: result.invited });
    return deps.html(reply, await page(request, message(outcome, 'info')));
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

    scope.post('/impor', { config: { admin: true } }, async (request, reply) => {
      const body = (request.body ?? {}) as { file?: unknown; action?: unknown };
      const file = body.file as Upload | undefined;
      const dryRun = body.action !== 'import';
      const audit = (action: string, details: Record<string, unknown>) => recordAudit(db, { staffId: request.session!.staff.id, actor: deps.actor(request), action, details }, clock());
      if (!file || typeof file !== 'object' || !Buffer.isBuffer(file.content) || file.content.length === 0) {
        return deps.html(reply, await page(request, message(say('import_no_file'))), 400);
      }
      const now = clock();
      let preview: ImportPreview;
      try {
        preview = await previewImport(db, vocab, await readRegisterFile(file.filename, file.content), now);
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        await audit('web_import_refused', { file: file.filename, reason: error.reason });
        return deps.html(reply, await page(request, message(words(`file.${error.reason}`, { detail: error.detail }))), error.reason === 'too_large' ? 413 : 400);
      }
      const result = await importPeople(db, preview, now, { dryRun });
      await audit(dryRun ? 'web_import_previewed' : 'web_people_imported', { file: file.filename, rows: preview.rows.length, imported: result.imported, skipped: result.skipped });
      const outcome = dryRun ? message(say('import_previewed'), 'info') : message(words('done', result), 'info');
      return deps.html(reply, await page(request, html`${outcome}${previewTable(preview)}`));
    });
    done();
  });
}
