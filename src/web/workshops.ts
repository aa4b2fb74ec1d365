import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import PDFDocument from 'pdfkit';
import { z } from 'zod';
import type { App } from '../app.js';
import type { ChannelName } from '../channels/types.js';
import { CliInputError } from '../cli/input.js';
import { text } from '../engine/core/text.js';
import type { Text } from '../engine/core/vocabulary.js';
import type { WorkshopChange } from '../engine/workshop/vocabulary.js';
import { segmentProblem } from '../engine/segments/parse.js';
import type { SegmentSpec } from '../engine/segments/types.js';
import { readNewWorkshop } from '../engine/workshop/create.js';
import { workshopWhen } from '../engine/workshop/messages.js';
import type { WorkshopRow } from '../db/workshop-schema.js';
import { pacingFor } from '../outbox/pace.js';
import { queueRows } from '../outbox/queue.js';
import { staffChat } from '../runtime/broadcast/store.js';
import { recordAudit } from '../runtime/staff/audit.js';
import { cancelAction, changeAction, codeAction, createAction, type ActionContext, type ActionResult } from '../runtime/workshop/actions.js';
import { readChanges } from '../runtime/workshop/cli.js';
import { createInvitation } from '../runtime/workshop/fanout.js';
import { queueInvitation, randomAttendanceCode, scheduleWorkshop, telegramBotName } from '../runtime/workshop/jobs.js';
import { workshopParticipants, type Participant } from '../runtime/workshop/participants.js';
import { workshopGrowth } from '../runtime/workshop/growth.js';
import { invitationPreview, seatCounts, workshopReportData } from '../runtime/workshop/report.js';
import { html, type Html } from './html.js';
import type { Say } from './i18n.js';
import { layout, message, type PageContext } from './pages.js';
import { redirectSaying, secureCookies, takeSaid } from './said.js';
import { sendParticipants } from './workshop-export.js';
import { growthSection } from './workshop-growth.js';

// Pelatihan: the workshops with their seats; create, change, cancel (with confirmation),
// invite a segment (preview, then send), participants with names and phones, the attendance
// code, ratings and comments, and the attendance sheet as PDF. Every change runs through the
// actions chat and `workshop …` on the command line use (runtime/workshop), audited there.

export interface WorkshopDeps {
  readonly app: App;
  readonly say: Say;
  readonly ctx: (request: FastifyRequest) => PageContext;
  readonly html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  readonly actor: (request: FastifyRequest) => string;
}

const createForm = z.object({
  title: z.string().max(500).default(''),
  date: z.string().max(100).default(''),
  place: z.string().max(500).default(''),
  capacity: z.string().max(20).default(''),
  description: z.string().max(2000).default(''),
});
type CreateDraft = z.infer<typeof createForm>;
const changeForm = z.object({ title: z.string().max(500).default(''), date: z.string().max(100).default(''), place: z.string().max(500).default(''), capacity: z.string().max(20).default('') });
const confirmForm = z.object({ confirm: z.string().max(10).optional(), segment: z.string().max(500).default('') });

export function registerWorkshops(server: FastifyInstance, deps: WorkshopDeps): void {
  const { app, say } = deps;
  const db = app.database.db;
  const { config } = app;
  const facts = app.services.facts;
  const clock = app.services.clock;
  const render = (t: Text) => app.renderer.render('id', t, facts);
  const word = (key: string) => render(text(key));

  const staffId = (request: FastifyRequest) => request.session!.staff.id;

  /** Runs an action in one transaction; queues its notices and reschedules its jobs once committed (as the CLI does). */
  async function act(request: FastifyRequest, action: (actx: ActionContext) => Promise<ActionResult>): Promise<ActionResult> {
    const telegramBot = await telegramBotName(config, app.log)();
    const result = await db.transaction().execute((trx) =>
      action({ db: trx, renderer: app.renderer, facts, lang: 'id', now: clock(), timeZone: config.TZ, staffId: staffId(request), actor: deps.actor(request), telegramBot }),
    );
    await queueRows(db, app.queues, result.notices);
    if (result.reschedule) await scheduleWorkshop(db, app.queues, config.WORKSHOP_REMINDERS, result.reschedule);
    return result;
  }
  /** The action's reply to staff as text, without the chat's *bold* marks. */
  const replyText = (result: ActionResult, parts?: number) =>
    app.renderer.renderMessage('id', { ...result.reply, text: result.reply.text.slice(0, parts) }, facts).text.replace(/\*([^*\n]+)\*/g, '$1');

  async function find(id: string): Promise<WorkshopRow | undefined> {
    if (!/^\d{1,12}$/.test(id)) return undefined;
    return db.selectFrom('workshops').selectAll().where('id', '=', id).executeTakeFirst();
  }
  const isOpen = (w: WorkshopRow) => w.status !== 'cancelled' && w.starts_at > clock();
  // After an action that changed something: to the workshop's page by GET (said.ts).
  const secure = secureCookies(config);
  const toPage = (reply: FastifyReply, w: WorkshopRow, said: string) => redirectSaying(reply, `/pelatihan/${w.id}`, said, secure);
  const notFound = (request: FastifyRequest, reply: FastifyReply) => deps.html(reply, layout(deps.ctx(request), say('not_found'), message(say('not_found'))), 404);

  // The list and the form to create one -----------------------------------------------------

  server.get('/pelatihan', async (request, reply) => deps.html(reply, await listPage(deps.ctx(request), emptyDraft(), null)));

  server.post('/pelatihan', async (request, reply) => {
    const body = createForm.safeParse(request.body);
    const draft = body.success ? body.data : emptyDraft();
    const read = readNewWorkshop({ title: draft.title, when: draft.date, place: draft.place, capacity: draft.capacity, description: draft.description.trim() === '' ? undefined : draft.description }, clock(), { timeZone: config.TZ, defaultDurationMs: config.WORKSHOP_DURATION });
    if (!body.success || read.kind !== 'ok') {
      const problem = read.kind === 'ok' ? say('bad_input', { what: 'form' }) : [...read.reasons, text('workshop.example_when')].map(render).join('\n');
      return deps.html(reply, await listPage(deps.ctx(request), draft, problem), 400);
    }
    const notify = await staffChat(db, staffId(request));
    const result = await act(request, (actx) => createAction(actx, read.workshop, notify));
    // To the new workshop's page by GET, so reloading it does not create the workshop again.
    return reply.redirect(`/pelatihan/${result.workshop!.id}?dibuat=1`, 303);
  });

  // One workshop -----------------------------------------------------------------------------

  server.get<{ Params: { id: string }; Querystring: { dibuat?: string } }>('/pelatihan/:id', async (request, reply) => {
    const workshop = await find(request.params.id);
    if (!workshop) return notFound(request, reply);
    // Only the action's confirmation: the chat's next step (a command to type) is the form on this page.
    const when = workshopWhen(workshop.starts_at, workshop.ends_at, config.TZ);
    const created = request.query.dibuat === '1' ? render(text('workshop.created', { id: workshop.id, title: workshop.title, when, place: workshop.place, capacity: workshop.capacity })).replace(/\*([^*\n]+)\*/g, '$1') : null;
    const said = takeSaid(request, reply, `/pelatihan/${workshop.id}`);
    return deps.html(reply, await detailPage(request, workshop, [created, said].filter((x) => x !== null).join('\n\n') || null));
  });

  server.post<{ Params: { id: string } }>('/pelatihan/:id/ubah', async (request, reply) => {
    const workshop = await find(request.params.id);
    if (!workshop) return notFound(request, reply);
    const body = changeForm.safeParse(request.body);
    if (!body.success) return deps.html(reply, await detailPage(request, workshop, null, say('bad_input', { what: 'form' })), 400);
    const typed = Object.fromEntries(Object.entries(body.data).filter(([, v]) => v.trim() !== '')) as { title?: string; date?: string; place?: string; capacity?: string };
    let changes: WorkshopChange[];
    try {
      changes = readChanges(typed, { now: clock(), render }, config.TZ);
    } catch (error) {
      if (!(error instanceof CliInputError)) throw error;
      return deps.html(reply, await detailPage(request, workshop, null, error.words ? render(error.words) : error.message), 400);
    }
    if (changes.length === 0) return deps.html(reply, await detailPage(request, workshop, null, word('workshop.cli.nothing_to_change')), 400);
    const said: string[] = [];
    let after = workshop;
    for (const change of changes) {
      const result = await act(request, (actx) => changeAction(actx, workshop.id, change));
      said.push(replyText(result));
      after = result.workshop ?? after;
    }
    return toPage(reply, after, said.join('\n\n'));
  });

  server.post<{ Params: { id: string } }>('/pelatihan/:id/batal', async (request, reply) => {
    const workshop = await find(request.params.id);
    if (!workshop) return notFound(request, reply);
    if (!isOpen(workshop)) return deps.html(reply, await detailPage(request, workshop, null, render(text('workshop.staff_not_open', { id: workshop.id }))), 400);
    const body = confirmForm.safeParse(request.body);
    if (!body.success || body.data.confirm !== 'ya') {
      const seats = await seatCounts(db, workshop.id);
      const preview = render(text('workshop.cancel_preview', { id: workshop.id, title: workshop.title, when: workshopWhen(workshop.starts_at, workshop.ends_at, config.TZ), confirmed: seats.confirmed, waiting: seats.waiting }));
      return deps.html(reply, cancelPage(deps.ctx(request), workshop, preview));
    }
    const result = await act(request, (actx) => cancelAction(actx, workshop.id));
    return toPage(reply, workshop, replyText(result));
  });

  server.post<{ Params: { id: string } }>('/pelatihan/:id/kode', async (request, reply) => {
    const workshop = await find(request.params.id);
    if (!workshop) return notFound(request, reply);
    const result = await act(request, (actx) => codeAction(actx, workshop.id, randomAttendanceCode));
    return toPage(reply, workshop, replyText(result));
  });

  // Inviting a segment: the preview first, then sending with confirmation.

  async function readSegment(request: FastifyRequest, workshop: WorkshopRow): Promise<{ ok: true; segment: SegmentSpec; typed: string } | { ok: false; problem: string; status: number }> {
    if (!isOpen(workshop)) return { ok: false, problem: render(text('workshop.staff_not_open', { id: workshop.id })), status: 400 };
    const body = confirmForm.safeParse(request.body);
    const typed = body.success ? body.data.segment : '';
    const refs = await app.services.references.get();
    const parsed = app.services.segments.parse(typed, refs);
    if (parsed.kind !== 'ok') return { ok: false, problem: render(segmentProblem(parsed)), status: 400 };
    // Inviting everyone is for admins, as announcing to everyone is.
    if (parsed.spec.filters.length === 0 && request.session!.staff.role !== 'admin') return { ok: false, problem: say('everyone_admin_only'), status: 403 };
    return { ok: true, segment: parsed.spec, typed };
  }

  server.post<{ Params: { id: string } }>('/pelatihan/:id/undang', async (request, reply) => {
    const workshop = await find(request.params.id);
    if (!workshop) return notFound(request, reply);
    const read = await readSegment(request, workshop);
    if (!read.ok) return deps.html(reply, await detailPage(request, workshop, null, read.problem), read.status);
    const settings = {
      refs: await app.services.references.get(),
      facts,
      timeZone: config.TZ,
      telegramBot: await telegramBotName(config, app.log)(),
      pacing: (channel: ChannelName) => pacingFor(channel, 'bulk', config),
      segments: app.services.segments,
    };
    const preview = await invitationPreview(db, app.renderer, 'id', workshop, read.segment, settings, false);
    await recordAudit(db, { staffId: staffId(request), actor: deps.actor(request), action: 'workshop_previewed', details: { workshopId: workshop.id, segment: read.segment } }, clock());
    const total = [...(await app.services.segments.countRecipients(db, read.segment)).values()].reduce((a, b) => a + b, 0);
    return deps.html(reply, invitePage(deps.ctx(request), workshop, read.typed, app.renderer.renderMessage('id', preview.message, facts).text, total));
  });

  server.post<{ Params: { id: string } }>('/pelatihan/:id/undang/kirim', async (request, reply) => {
    const workshop = await find(request.params.id);
    if (!workshop) return notFound(request, reply);
    const read = await readSegment(request, workshop);
    if (!read.ok) return deps.html(reply, await detailPage(request, workshop, null, read.problem), read.status);
    const body = confirmForm.safeParse(request.body);
    if (!body.success || body.data.confirm !== 'ya') return deps.html(reply, await detailPage(request, workshop, null, say('confirm_missing')), 400);
    const notify = await staffChat(db, staffId(request));
    const invitationId = await createInvitation(db, { workshopId: workshop.id, staffId: staffId(request), actor: deps.actor(request), segment: read.segment, notifyIdentityId: notify, lang: 'id' }, clock());
    await queueInvitation(app.queues, invitationId);
    return toPage(reply, workshop, render(text('workshop.cli.inviting', { id: workshop.id })));
  });

  // The attendance sheet: who has a seat, with a column to sign in.

  server.get<{ Params: { id: string } }>('/pelatihan/:id/daftar-hadir.pdf', async (request, reply) => {
    const workshop = await find(request.params.id);
    if (!workshop) return notFound(request, reply);
    const people = (await workshopParticipants(db, workshop.id)).filter((p) => p.status === 'confirmed');
    await recordAudit(db, { staffId: staffId(request), actor: deps.actor(request), action: 'workshop_attendance_sheet_downloaded', details: { workshopId: workshop.id, rows: people.length } }, clock());
    const pdf = await attendanceSheet(workshop, people);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="daftar-hadir-pelatihan-${workshop.id}.pdf"`).header('cache-control', 'no-store').send(pdf);
  });

  // The participants for Excel: registered, waiting, present, with names and phones.

  server.get<{ Params: { id: string; format: string } }>('/pelatihan/:id/peserta/unduh/:format', async (request, reply) => {
    const { format } = request.params;
    const workshop = await find(request.params.id);
    if (!workshop) return notFound(request, reply);
    if (format !== 'csv' && format !== 'xlsx') return deps.html(reply, await detailPage(request, workshop, null, say('bad_input', { what: 'format' })), 400);
    const status = (s: 'confirmed' | 'waiting') => word(`workshop.cli.status_${s}`);
    const headers = { no: say('ws_col_no'), status: say('ws_col_status'), present: say('ws_col_present'), name: word('workshop.cli.col_name'), member: word('workshop.cli.col_member'), phone: word('workshop.cli.col_phone') };
    return sendParticipants(reply, workshop, format, { db, words: { headers, status, yes: say('ws_yes'), no: say('ws_no') }, audit: { staffId: staffId(request), actor: deps.actor(request), now: clock() } });
  });

  function attendanceSheet(w: WorkshopRow, people: readonly Participant[]): Promise<Buffer> {
    const doc = new PDFDocument({ size: 'A4', margin: 40, compress: false, info: { Title: say('ws_sheet_title', { id: w.id }), Author: config.ORG_NAME } });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    const left = 40;
    const widths = [30, 170, 90, 110, 115];
    const headers = [say('ws_col_no'), word('workshop.cli.col_name'), word('workshop.cli.col_member'), word('workshop.cli.col_phone'), say('ws_col_signature')];
    doc.font('Helvetica-Bold').fontSize(13).text(config.ORG_NAME, { align: 'center' });
    doc.moveDown(0.3).fontSize(12).text(say('ws_sheet_title', { id: w.id }), { align: 'center' });
    doc.font('Helvetica').fontSize(10).moveDown(0.5);
    doc.text(`${word('workshop.cli.col_title')}: ${w.title}`).text(`${word('workshop.cli.col_when')}: ${workshopWhen(w.starts_at, w.ends_at, config.TZ)}`).text(`${word('workshop.cli.col_place')}: ${w.place}`);
    doc.moveDown(0.8);
    const rowHeight = 28;
    const row = (cells: readonly string[], bold: boolean) => {
      if (doc.y + rowHeight > doc.page.height - 60) doc.addPage();
      const y = doc.y;
      let x = left;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
      cells.forEach((cell, i) => {
        doc.rect(x, y, widths[i]!, rowHeight).stroke();
        doc.text(cell, x + 4, y + 9, { width: widths[i]! - 8, height: rowHeight - 10, ellipsis: true });
        x += widths[i]!;
      });
      doc.x = left;
      doc.y = y + rowHeight;
    };
    row(headers, true);
    people.forEach((p, i) => row([String(i + 1), p.name, p.memberNo ?? '-', p.phone ?? '-', ''], false));
    doc.moveDown(2).font('Helvetica').text(say('ws_sheet_footer', { count: people.length }), left);
    doc.end();
    return done;
  }

  // Pages ------------------------------------------------------------------------------------

  async function listPage(ctx: PageContext, draft: CreateDraft, error: string | null): Promise<string> {
    const rows = await db.selectFrom('workshops').selectAll().orderBy('starts_at', 'desc').orderBy('id', 'desc').limit(200).execute();
    const now = clock();
    const withSeats = await Promise.all(rows.map(async (w) => ({ w, seats: await seatCounts(db, w.id) })));
    const state = (w: WorkshopRow) => word(`workshop.cli.state_${w.status === 'cancelled' ? 'cancelled' : w.ends_at <= now ? 'done' : w.starts_at <= now ? 'running' : 'open'}`);
    const csrf = ctx.session!.csrfToken;
    return layout(
      ctx,
      say('ws_title'),
      html`<h1>${say('ws_title')}</h1>${message(error)}
      <section class="card"><div class="table-wrap"><table id="workshops"><thead><tr>
        ${['col_no', 'col_title', 'col_when', 'col_place', 'col_seats', 'col_waiting', 'col_state'].map((k) => html`<th>${word(`workshop.cli.${k}`)}</th>`)}
      </tr></thead><tbody>
        ${withSeats.map(({ w, seats }) => html`<tr data-workshop="${w.id}"><td><a href="/pelatihan/${w.id}">#${w.id}</a></td><td><a href="/pelatihan/${w.id}">${w.title}</a></td><td>${workshopWhen(w.starts_at, w.ends_at, ctx.timeZone)}</td><td>${w.place}</td><td>${seats.confirmed}/${w.capacity}</td><td>${seats.waiting}</td><td>${state(w)}</td></tr>`)}
      </tbody></table></div>${rows.length === 0 ? html`<p class="muted">${say('no_data')}</p>` : ''}</section>
      <form method="post" action="/pelatihan" class="card stack" id="create">
        <h2>${say('ws_create')}</h2>
        <input type="hidden" name="_csrf" value="${csrf}">
        <label>${word('workshop.cli.col_title')}<input name="title" value="${draft.title}" required maxlength="120"></label>
        <label>${word('workshop.cli.col_when')}<input name="date" value="${draft.date}" placeholder="${say('ws_date_hint')}" required></label>
        <p class="muted">${say('ws_date_hint')}</p>
        <label>${word('workshop.cli.col_place')}<input name="place" value="${draft.place}" required maxlength="200"></label>
        <label>${say('ws_capacity')}<input name="capacity" value="${draft.capacity}" inputmode="numeric" required></label>
        <label>${say('ws_description')}<textarea name="description" rows="3" maxlength="1000">${draft.description}</textarea></label>
        <button type="submit" id="create-workshop">${say('ws_create_button')}</button>
      </form>`,
    );
  }

  async function detailPage(request: FastifyRequest, w: WorkshopRow, info: string | null, error: string | null = null): Promise<string> {
    const ctx = deps.ctx(request);
    const people = await workshopParticipants(db, w.id);
    await recordAudit(db, { staffId: staffId(request), actor: deps.actor(request), action: 'workshop_participants_viewed', details: { workshopId: w.id } }, clock());
    const report = await workshopReportData(db, w, config.TZ);
    const growth = await workshopGrowth(db, w, config.TZ);
    const csrf = html`<input type="hidden" name="_csrf" value="${ctx.session!.csrfToken}">`;
    const open = isOpen(w);
    const status = (p: Participant) => word(`workshop.cli.status_${p.status}`) + (p.present ? `, ${word('workshop.cli.status_present')}` : '');
    const number = { confirmed: 0, waiting: 0 };
    const pre = (t: string | null, kind: 'error' | 'info'): Html => (t ? html`<pre class="${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${t}</pre>` : html``);
    return layout(
      ctx,
      w.title,
      html`<h1>#${w.id} ${w.title}</h1>${pre(error, 'error')}${pre(info, 'info')}
      <section class="card"><table class="kv"><tbody>
        <tr><th>${word('workshop.cli.col_when')}</th><td>${workshopWhen(w.starts_at, w.ends_at, ctx.timeZone)}</td></tr>
        <tr><th>${word('workshop.cli.col_place')}</th><td>${w.place}</td></tr>
        <tr><th>${word('workshop.cli.col_seats')}</th><td id="seats">${report.seats.confirmed}/${w.capacity}</td></tr>
        <tr><th>${word('workshop.cli.col_waiting')}</th><td>${report.seats.waiting}</td></tr>
        <tr><th>${say('ws_invited')}</th><td>${report.invited}</td></tr>
        <tr><th>${say('ws_present')}</th><td>${report.present.length}</td></tr>
        <tr><th>${say('ws_rating')}</th><td id="rating">${report.ratings.average === null ? say('none') : say('ws_rating_value', { average: report.ratings.average.toFixed(1).replace('.', ','), count: report.ratings.count })}</td></tr>
        ${w.status === 'cancelled' ? html`<tr><th>${word('workshop.cli.col_state')}</th><td class="warn">${word('workshop.cli.state_cancelled')}</td></tr>` : ''}
      </tbody></table>
      <p><a href="/pelatihan/${w.id}/daftar-hadir.pdf" id="sheet">${say('ws_sheet_download')}</a></p>
      <form method="post" action="/pelatihan/${w.id}/kode" class="inline">${csrf}<button type="submit" id="code">${say('ws_code_button')}</button></form></section>
      <section class="card"><h2>${say('ws_participants')}</h2><div class="table-wrap"><table id="participants"><thead><tr>
        ${['col_no', 'col_name', 'col_member', 'col_phone', 'col_status'].map((k) => html`<th>${word(`workshop.cli.${k}`)}</th>`)}</tr></thead><tbody>
        ${people.map((p) => html`<tr><td>${++number[p.status]}</td><td>${p.name}</td><td>${p.memberNo ?? '-'}</td><td>${p.phone ?? '-'}</td><td>${status(p)}</td></tr>`)}
      </tbody></table></div>${people.length === 0 ? html`<p class="muted">${say('no_data')}</p>` : ''}
      <p><a href="/pelatihan/${w.id}/peserta/unduh/csv" id="participants-csv">${say('ws_participants_download_csv')}</a> · <a href="/pelatihan/${w.id}/peserta/unduh/xlsx" id="participants-xlsx">${say('ws_participants_download_xlsx')}</a></p></section>
      ${growthSection(say, (s) => word(`segment.status_${s}`), growth)}
      <section class="card"><h2>${say('ws_comments')}</h2><ul id="comments">${report.comments.map((c) => html`<li>${c}</li>`)}</ul>${report.comments.length === 0 ? html`<p class="muted">${say('no_data')}</p>` : ''}</section>
      ${
        open
          ? html`<form method="post" action="/pelatihan/${w.id}/undang" class="card stack" id="invite"><h2>${say('ws_invite')}</h2>${csrf}
        <label>${say('announce_segment')}<input name="segment" placeholder="${say('announce_segment_hint')}" required maxlength="500"></label>
        <p class="muted">${say('announce_segment_hint')}</p>
        <button type="submit">${say('announce_preview')}</button></form>
      <form method="post" action="/pelatihan/${w.id}/ubah" class="card stack" id="change"><h2>${say('ws_change')}</h2>${csrf}
        <p class="muted">${say('ws_change_hint')}</p>
        <label>${word('workshop.cli.col_title')}<input name="title" placeholder="${w.title}" maxlength="120"></label>
        <label>${word('workshop.cli.col_when')}<input name="date" placeholder="${say('ws_date_hint')}"></label>
        <label>${word('workshop.cli.col_place')}<input name="place" placeholder="${w.place}" maxlength="200"></label>
        <label>${say('ws_capacity')}<input name="capacity" placeholder="${w.capacity}" inputmode="numeric"></label>
        <button type="submit">${say('ws_change_button')}</button></form>
      <form method="post" action="/pelatihan/${w.id}/batal" class="card stack" id="cancel">${csrf}<button type="submit" class="secondary">${say('ws_cancel_button')}</button></form>`
          : ''
      }
      <p><a href="/pelatihan">${say('ws_back')}</a></p>`,
    );
  }

  function cancelPage(ctx: PageContext, w: WorkshopRow, preview: string): string {
    return layout(
      ctx,
      say('ws_cancel_title', { id: w.id }),
      html`<h1>${say('ws_cancel_title', { id: w.id })}</h1><section class="card"><pre id="cancel-preview">${preview}</pre>
      <form method="post" action="/pelatihan/${w.id}/batal" class="stack"><input type="hidden" name="_csrf" value="${ctx.session!.csrfToken}">
        <label class="check"><input type="checkbox" name="confirm" value="ya" required> ${say('ws_cancel_confirm')}</label>
        <button type="submit" id="cancel-yes">${say('ws_cancel_button')}</button></form>
      <p><a href="/pelatihan/${w.id}">${say('ws_back')}</a></p></section>`,
    );
  }

  function invitePage(ctx: PageContext, w: WorkshopRow, segment: string, preview: string, total: number): string {
    return layout(
      ctx,
      say('ws_invite'),
      html`<h1>${say('ws_invite')} · #${w.id}</h1><section class="card"><pre id="invite-preview" class="bubble">${preview}</pre>
      ${
        total > 0
          ? html`<form method="post" action="/pelatihan/${w.id}/undang/kirim" class="stack"><input type="hidden" name="_csrf" value="${ctx.session!.csrfToken}"><input type="hidden" name="segment" value="${segment}">
        <label class="check"><input type="checkbox" name="confirm" value="ya" required> ${say('confirm_label')}</label>
        <button type="submit" id="invite-send">${say('send_button', { count: total })}</button></form>`
          : message(say('preview_nobody'))
      }
      <p><a href="/pelatihan/${w.id}">${say('ws_back')}</a></p></section>`,
    );
  }
}

function emptyDraft(): CreateDraft {
  return { title: '', date: '', place: '', capacity: '', description: '' };
}
