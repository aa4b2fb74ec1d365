import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.js';
import { maskPhones } from '../log.js';
import { auditActions, listAudit, recordAudit } from '../runtime/staff/audit.js';
import { addStaff, findStaff, listStaff, removeStaff, StaffInputError } from '../runtime/staff/directory.js';
import { formatLocalDateTime } from '../time.js';
import { html } from './html.js';
import type { Say } from './i18n.js';
import { layout, message, type PageContext } from './pages.js';

// Staf & audit (issue 13, admins only): the staff list, adding and removing staff with the
// same functions and audit entries as `staff add|remove` (runtime/staff/directory), and the
// audit log as `npm run cli -- audit` reads it (listAudit), filtered by staff member,
// action and days, a page at a time.

export interface StaffDeps {
  readonly app: App;
  readonly say: Say;
  readonly ctx: (request: FastifyRequest) => PageContext;
  readonly html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  readonly actor: (request: FastifyRequest) => string;
}

export const AUDIT_PAGE_SIZE = 50;
const admin = { config: { admin: true } };
const addForm = z.object({ name: z.string().max(120).default(''), phone: z.string().max(32).default(''), telegram_id: z.string().max(32).default('') });
const DAY = /^\d{4}-\d{2}-\d{2}$/u;
const auditQuery = z.object({
  staff: z.string().max(20).default(''),
  action: z.string().max(64).default(''),
  from: z.string().max(10).default(''),
  to: z.string().max(10).default(''),
  page: z.string().max(6).default('1'),
});

const validDay = (day: string) => DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);

export function registerStaff(server: FastifyInstance, deps: StaffDeps): void {
  const { app, say } = deps;
  const db = app.database.db;
  const clock = app.services.clock;
  const tz = app.config.TZ;
  const audit = (request: FastifyRequest, action: string, details: Record<string, unknown>) =>
    recordAudit(db, { staffId: request.session?.staff.id ?? null, actor: deps.actor(request), action, details }, clock());

  const staffList = async (request: FastifyRequest, reply: FastifyReply, note: { error?: string; info?: string; form?: z.infer<typeof addForm> } = {}, status = 200) => {
    const staff = await listStaff(db);
    const me = request.session?.staff.id;
    const form = note.form ?? { name: '', phone: '', telegram_id: '' };
    const csrf = request.session?.csrfToken ?? '';
    const body = html`<h1>${say('staff_title')}</h1>
      ${message(note.error ?? null)}${message(note.info ?? null, 'info')}
      <p><a href="/staf/audit">${say('staff_audit_link')}</a></p>
      <div class="table-wrap"><table id="staff"><thead><tr><th>#</th><th>${say('col_name')}</th><th>${say('col_role')}</th><th>${say('col_phone')}</th><th>${say('col_telegram')}</th><th></th></tr></thead><tbody>
      ${staff.map(
        (s) => html`<tr data-staff="${s.id}"><td>${s.id}</td><td>${s.name}</td><td>${say(`role_${s.role}`)}</td><td>${s.phone_e164 ?? say('none')}</td><td>${s.telegram_user_id ?? say('none')}</td><td>${
          s.id === me
            ? ''
            : html`<form method="post" action="/staf/${s.id}/hapus"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${say('staff_remove')}</button></form>`
        }</td></tr>`,
      )}
      </tbody></table></div>
      <section class="card narrow"><h2>${say('staff_add_title')}</h2>
        <form method="post" action="/staf/tambah"><input type="hidden" name="_csrf" value="${csrf}">
          <label>${say('col_name')}<input name="name" value="${form.name}" required maxlength="120"></label>
          <label>${say('staff_add_phone')}<input name="phone" value="${form.phone}" inputmode="tel" maxlength="32"></label>
          <label>${say('staff_add_telegram')}<input name="telegram_id" value="${form.telegram_id}" inputmode="numeric" maxlength="32"></label>
          <p class="muted">${say('staff_add_help')}</p>
          <button type="submit">${say('staff_add')}</button>
        </form></section>`;
    await audit(request, 'web_staff_listed', {});
    return deps.html(reply, layout(deps.ctx(request), say('staff_title'), body), status);
  };

  server.get('/staf', admin, (request, reply) => staffList(request, reply));

  server.post('/staf/tambah', admin, async (request, reply) => {
    const parsed = addForm.safeParse(request.body ?? {});
    if (!parsed.success) return staffList(request, reply, { error: say('staff_add_invalid') }, 400);
    const form = parsed.data;
    if (form.name.trim() === '') return staffList(request, reply, { error: say('staff_add_no_name'), form }, 400);
    if (form.phone.trim() === '' && form.telegram_id.trim() === '') return staffList(request, reply, { error: say('staff_add_no_ids'), form }, 400);
    try {
      const staff = await addStaff(db, { name: form.name, ...(form.phone.trim() ? { phone: form.phone } : {}), ...(form.telegram_id.trim() ? { telegramId: form.telegram_id } : {}) });
      await audit(request, 'staff_added', { staffId: staff.id, name: staff.name, phone: staff.phone_e164, telegramId: staff.telegram_user_id });
      return staffList(request, reply, { info: say('staff_added', { id: staff.id, name: staff.name }) });
    } catch (error) {
      if (!(error instanceof StaffInputError)) throw error;
      const reason = /^already staff/u.test(error.message) ? say('staff_add_clash') : /phone/u.test(error.message) ? say('staff_add_bad_phone') : say('staff_add_bad_telegram');
      return staffList(request, reply, { error: reason, form }, 400);
    }
  });

  server.post<{ Params: { id: string } }>('/staf/:id/hapus', admin, async (request, reply) => {
    const id = /^\d{1,12}$/u.test(request.params.id) ? request.params.id : null;
    const staff = id ? await findStaff(db, `#${id}`) : undefined;
    if (!staff) return staffList(request, reply, { error: say('staff_not_found', { ref: request.params.id }) }, 404);
    // The last way in for this admin: someone else removes them, never they themselves.
    if (staff.id === request.session?.staff.id) return staffList(request, reply, { error: say('staff_remove_self') }, 400);
    await removeStaff(db, staff.id, clock());
    await audit(request, 'staff_removed', { staffId: staff.id, name: staff.name });
    return staffList(request, reply, { info: say('staff_removed', { id: staff.id, name: staff.name }) });
  });

  server.get('/staf/audit', admin, async (request, reply) => {
    const q = auditQuery.safeParse(request.query ?? {});
    const allStaff = await listStaff(db, true);
    const actions = await auditActions(db);
    const filter = q.success ? q.data : { staff: '', action: '', from: '', to: '', page: '1' };
    const problems: string[] = [];
    if (!q.success) problems.push(say('audit_bad_filter'));
    if (filter.staff && !allStaff.some((s) => s.id === filter.staff)) problems.push(say('audit_bad_staff'));
    if (filter.action && !actions.includes(filter.action)) problems.push(say('audit_bad_action'));
    for (const day of [filter.from, filter.to]) if (day && !validDay(day)) problems.push(say('audit_bad_date', { day }));
    if (filter.from && filter.to && validDay(filter.from) && validDay(filter.to) && filter.from > filter.to) problems.push(say('audit_bad_range'));
    const page = /^\d{1,6}$/u.test(filter.page) && Number(filter.page) >= 1 ? Number(filter.page) : null;
    if (page === null) problems.push(say('audit_bad_page'));

    const rows =
      problems.length > 0 || page === null
        ? []
        : await listAudit(db, {
            limit: AUDIT_PAGE_SIZE + 1,
            offset: (page - 1) * AUDIT_PAGE_SIZE,
            timeZone: tz,
            ...(filter.staff ? { staffId: filter.staff } : {}),
            ...(filter.action ? { action: filter.action } : {}),
            ...(filter.from ? { fromDay: filter.from } : {}),
            ...(filter.to ? { toDay: filter.to } : {}),
          });
    const more = rows.length > AUDIT_PAGE_SIZE;
    const shown = rows.slice(0, AUDIT_PAGE_SIZE);
    const link = (p: number) =>
      `/staf/audit?${new URLSearchParams({ ...(filter.staff ? { staff: filter.staff } : {}), ...(filter.action ? { action: filter.action } : {}), ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}), page: String(p) })}`;
    const body = html`<h1>${say('audit_title')}</h1>
      <form method="get" action="/staf/audit" class="filters">
        <label>${say('audit_staff')}<select name="staff"><option value="">${say('audit_all')}</option>${allStaff.map((s) => html`<option value="${s.id}"${s.id === filter.staff ? html` selected` : ''}>#${s.id} ${s.name}</option>`)}</select></label>
        <label>${say('audit_action')}<select name="action"><option value="">${say('audit_all')}</option>${actions.map((a) => html`<option value="${a}"${a === filter.action ? html` selected` : ''}>${a}</option>`)}</select></label>
        <label>${say('audit_from')}<input type="date" name="from" value="${filter.from}"></label>
        <label>${say('audit_to')}<input type="date" name="to" value="${filter.to}"></label>
        <button type="submit">${say('audit_apply')}</button>
      </form>
      ${problems.map((p) => message(p))}
      ${
        problems.length === 0
          ? html`<div class="table-wrap"><table id="audit"><thead><tr><th>${say('audit_col_at')}</th><th>${say('audit_staff')}</th><th>${say('audit_col_via')}</th><th>${say('audit_action')}</th><th>${say('audit_col_details')}</th></tr></thead><tbody>
            ${shown.map((r) => html`<tr data-audit="${r.id}"><td>${formatLocalDateTime(r.at, tz)}</td><td>${r.staffName ?? say('none')}</td><td>${r.actor}</td><td>${r.action}</td><td>${details(r.details)}</td></tr>`)}
            </tbody></table></div>
            ${shown.length === 0 ? html`<p class="muted">${say('audit_none')}</p>` : ''}
            <p class="pager">${page !== null && page > 1 ? html`<a href="${link(page - 1)}">${say('previous')}</a>` : ''} ${say('audit_page', { page: page ?? 1 })} ${more && page !== null ? html`<a href="${link(page + 1)}">${say('next')}</a>` : ''}</p>`
          : ''
      }`;
    return deps.html(reply, layout(deps.ctx(request), say('audit_title'), body), problems.length > 0 ? 400 : 200);
  });
}

/** One line, phone numbers masked, long texts cut: as `npm run cli -- audit` shows them. */
function details(value: Record<string, unknown>): string {
  const line = maskPhones(JSON.stringify(value)).replace(/\\n/g, ' ');
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
