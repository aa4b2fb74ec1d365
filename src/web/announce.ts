import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.js';
import { ANNOUNCEMENT_MAX_LENGTH, parseAnnouncement } from '../engine/broadcast/announcement.js';
import { text } from '../engine/core/text.js';
import { segmentProblem } from '../engine/segments/parse.js';
import type { SegmentSpec } from '../engine/segments/types.js';
import type { ChannelName } from '../channels/types.js';
import { pacingFor } from '../outbox/pace.js';
import { queueFanout } from '../runtime/broadcast/fanout.js';
import { bulkMsPerMessage, deliveryCounts, durationText, failures, previewData, skippedTotal } from '../runtime/broadcast/report.js';
import { readScheduleTime } from '../runtime/broadcast/schedule.js';
import { cancelBroadcast, createBroadcast, staffChat } from '../runtime/broadcast/store.js';
import { formatLocalDateTime } from '../time.js';
import { recordAudit } from '../runtime/staff/audit.js';
import { html, type Html } from './html.js';
import type { Say } from './i18n.js';
import { layout, message, type PageContext } from './pages.js';

// Pengumuman: compose with {nama}/{usaha}, a segment in the words staff type in chat and on
// the command line, a live recipient count, the preview as the first recipient reads it,
// sending with confirmation, and live delivery counts. The broadcast actions are the chat's
// and the command line's own (runtime/broadcast); nothing here sends by itself.

export interface AnnounceDeps {
  readonly app: App;
  readonly say: Say;
  readonly ctx: (request: FastifyRequest) => PageContext;
  readonly html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  readonly actor: (request: FastifyRequest) => string;
}

const form = z.object({
  text: z.string().max(ANNOUNCEMENT_MAX_LENGTH * 2).default(''),
  segment: z.string().max(500).default(''),
  /** Optional: when to send it, as staff type it (`25/12/2026 08.00`, WITA). */
  at: z.string().max(100).default(''),
  confirm: z.string().optional(),
});
type Draft = { text: string; segment: string; at: string };
const EMPTY: Draft = { text: '', segment: '', at: '' };

export function registerAnnouncements(server: FastifyInstance, deps: AnnounceDeps): void {
  const { app, say } = deps;
  const db = app.database.db;
  const render = (t: Parameters<App['renderer']['render']>[1]) => app.renderer.render('id', t);

  /** The draft read as the chat reads it, or the first problem in the chat's words. */
  async function read(draft: Draft): Promise<{ ok: true; text: string; segment: SegmentSpec; at: Date | null } | { ok: false; problem: string }> {
    const parsedText = parseAnnouncement(draft.text);
    if (parsedText.kind !== 'ok') {
      const problem =
        parsedText.kind === 'too_long'
          ? text('staff.text_too_long', { max: ANNOUNCEMENT_MAX_LENGTH })
          : parsedText.kind === 'unknown_placeholders'
            ? text('staff.text_unknown_placeholders', { names: parsedText.names.map((n) => `{${n}}`).join(', ') })
            : text('staff.text_no_words');
      return { ok: false, problem: render(problem) };
    }
    const refs = await app.services.references.get();
    const parsedSegment = app.services.segments.parse(draft.segment, refs);
    if (parsedSegment.kind !== 'ok') return { ok: false, problem: render(segmentProblem(parsedSegment)) };
    let at: Date | null = null;
    if (draft.at.trim() !== '') {
      const when = readScheduleTime(draft.at, new Date(), app.config.TZ);
      if (!when.ok) return { ok: false, problem: render(when.problem) };
      at = when.at;
    }
    return { ok: true, text: parsedText.value, segment: parsedSegment.spec, at };
  }

  const everyoneRefused = (request: FastifyRequest, segment: SegmentSpec) => segment.filters.length === 0 && request.session!.staff.role !== 'admin';

  server.get('/pengumuman', async (request, reply) => deps.html(reply, await composePage(deps.ctx(request), EMPTY, null)));

  server.get<{ Querystring: { segment?: string } }>('/api/pengumuman/penerima', async (request, reply) => {
    const typed = String(request.query.segment ?? '').slice(0, 500);
    const refs = await app.services.references.get();
    const parsed = app.services.segments.parse(typed, refs);
    if (parsed.kind !== 'ok') return reply.code(400).send({ error: render(segmentProblem(parsed)) });
    const perChannel = await app.services.segments.countRecipients(db, parsed.spec);
    const total = [...perChannel.values()].reduce((a, b) => a + b, 0);
    return { total, perChannel: Object.fromEntries(perChannel), text: say('announce_recipients', { count: total }), segment: app.services.segments.describe(parsed.spec, refs, render) };
  });

  server.post('/pengumuman/pratinjau', async (request, reply) => {
    const body = form.safeParse(request.body);
    const draft: Draft = body.success ? body.data : EMPTY;
    const read_ = await read(draft);
    if (!read_.ok) return deps.html(reply, await composePage(deps.ctx(request), draft, read_.problem), 400);
    if (everyoneRefused(request, read_.segment)) return deps.html(reply, await composePage(deps.ctx(request), draft, say('everyone_admin_only')), 403);
    const refs = await app.services.references.get();
    const preview = await previewData(db, read_.text, read_.segment, refs, render, app.services.segments);
    await recordAudit(db, { staffId: request.session!.staff.id, actor: deps.actor(request), action: 'broadcast_previewed', details: { segment: read_.segment, recipients: preview.total } });
    return deps.html(reply, previewPage(deps.ctx(request), draft, preview, read_.at));
  });

  server.post('/pengumuman/kirim', async (request, reply) => {
    const body = form.safeParse(request.body);
    const draft: Draft = body.success ? body.data : EMPTY;
    const read_ = await read(draft);
    if (!read_.ok) return deps.html(reply, await composePage(deps.ctx(request), draft, read_.problem), 400);
    if (everyoneRefused(request, read_.segment)) return deps.html(reply, await composePage(deps.ctx(request), draft, say('everyone_admin_only')), 403);
    if (!body.success || body.data.confirm !== 'ya') return deps.html(reply, await composePage(deps.ctx(request), draft, say('confirm_missing')), 400);
    const staffId = request.session!.staff.id;
    const id = await createBroadcast(db, { staffId, actor: deps.actor(request), text: read_.text, segment: read_.segment, notifyIdentityId: await staffChat(db, staffId), lang: 'id', scheduledAt: read_.at });
    // A scheduled one waits in its row; the broadcast check starts it once its time has come.
    if (!read_.at) await queueFanout(app.queues, id);
    return reply.redirect(`/pengumuman/${id}`, 303);
  });

  server.post<{ Params: { id: string } }>('/pengumuman/:id/batal', async (request, reply) => {
    if (!/^\d{1,12}$/.test(request.params.id)) return deps.html(reply, layout(deps.ctx(request), say('not_found'), message(say('bad_input', { what: 'id' }))), 400);
    const result = await cancelBroadcast(db, { id: request.params.id, staffId: request.session!.staff.id, actor: deps.actor(request) });
    if (result.kind === 'not_found') return deps.html(reply, layout(deps.ctx(request), say('not_found'), message(say('not_found'))), 404);
    if (result.kind === 'too_late') {
      const problem = say(result.status === 'cancelled' ? 'announce_schedule_already_cancelled' : 'announce_schedule_too_late', { id: request.params.id });
      return deps.html(reply, layout(deps.ctx(request), say('broadcast_title', { id: request.params.id }), message(problem)), 409);
    }
    return reply.redirect(`/pengumuman/${request.params.id}`, 303);
  });

  server.get<{ Params: { id: string } }>('/pengumuman/:id', async (request, reply) => {
    if (!/^\d{1,12}$/.test(request.params.id)) return deps.html(reply, layout(deps.ctx(request), say('not_found'), message(say('bad_input', { what: 'id' }))), 400);
    const broadcast = await db.selectFrom('broadcasts').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!broadcast) return deps.html(reply, layout(deps.ctx(request), say('not_found'), message(say('not_found'))), 404);
    const refs = await app.services.references.get();
    const [counts, failed] = await Promise.all([deliveryCounts(db, broadcast.id), failures(db, broadcast.id, 200)]);
    await recordAudit(db, { staffId: request.session!.staff.id, actor: deps.actor(request), action: 'broadcast_status_viewed', details: { broadcastId: broadcast.id } });
    return deps.html(
      reply,
      statusPage(
        deps.ctx(request),
        { id: broadcast.id, text: broadcast.text, segment: app.services.segments.describe(broadcast.segment as SegmentSpec, refs, render), recipients: broadcast.recipients, status: broadcast.status, scheduledAt: broadcast.scheduled_at },
        countsJson(counts),
        failed,
      ),
    );
  });

  server.get<{ Params: { id: string } }>('/api/pengumuman/:id', async (request, reply) => {
    if (!/^\d{1,12}$/.test(request.params.id)) return reply.code(400).send({ error: 'bad_id' });
    const broadcast = await db.selectFrom('broadcasts').select(['id', 'status', 'recipients']).where('id', '=', request.params.id).executeTakeFirst();
    if (!broadcast) return reply.code(404).send({ error: 'not_found' });
    return { id: broadcast.id, status: broadcast.status, recipients: broadcast.recipients, ...countsJson(await deliveryCounts(db, broadcast.id)) };
  });

  async function composePage(ctx: PageContext, draft: Draft, error: string | null): Promise<string> {
    const recent = await db.selectFrom('broadcasts').select(['id', 'created_at', 'segment', 'recipients', 'text', 'status', 'scheduled_at']).orderBy('id', 'desc').limit(20).execute();
    const refs = await app.services.references.get();
    const rows = await Promise.all(recent.map(async (b) => ({ ...b, counts: countsJson(await deliveryCounts(db, b.id)), described: app.services.segments.describe(b.segment as SegmentSpec, refs, render) })));
    return layout(
      ctx,
      say('announce_title'),
      html`<h1>${say('announce_title')}</h1>${message(error)}
      <form method="post" action="/pengumuman/pratinjau" class="card stack" id="compose">
        <input type="hidden" name="_csrf" value="${ctx.session!.csrfToken}">
        <label>${say('announce_text')}<textarea name="text" id="announce-text" rows="6" maxlength="${ANNOUNCEMENT_MAX_LENGTH}" required>${draft.text}</textarea></label>
        <p class="muted">${say('announce_text_hint')}</p>
        <label>${say('announce_segment')}<input name="segment" id="announce-segment" value="${draft.segment}" placeholder="${say('announce_segment_hint')}" required></label>
        <p class="muted">${say('announce_segment_hint')}</p>
        <p id="recipient-count" class="info" aria-live="polite"></p>
        <label>${say('announce_schedule_at')}<input name="at" id="announce-at" value="${draft.at}" placeholder="25/12/2026 08.00" autocomplete="off"></label>
        <p class="muted">${say('announce_schedule_hint')}</p>
        <button type="submit" id="preview">${say('announce_preview')}</button>
      </form>
      <section class="card"><h2>${say('history_title')}</h2><div class="table-wrap"><table id="broadcasts"><thead><tr>
        <th>${say('col_id')}</th><th>${say('col_created')}</th><th>${say('col_segment')}</th><th>${say('col_recipients')}</th><th>${say('col_sent')}</th><th>${say('col_failed')}</th><th>${say('col_waiting')}</th><th>${say('announce_schedule_col')}</th></tr></thead><tbody>
        ${rows.map((b) => html`<tr><td><a href="/pengumuman/${b.id}">#${b.id}</a></td><td>${when(b.created_at, ctx.timeZone)}</td><td>${b.described}</td><td>${b.recipients ?? say('none')}</td><td>${b.counts.sent}</td><td>${b.counts.failed}</td><td>${b.counts.waiting}</td><td>${scheduleCell(ctx, b)}</td></tr>`)}
      </tbody></table></div></section>`,
      ['/assets/app.js'],
    );
  }

  /** A scheduled broadcast's time and its cancel button; a cancelled one says so. */
  function scheduleCell(ctx: PageContext, b: { id: string; status: string; scheduled_at: Date | null }): Html | string {
    if (b.status === 'cancelled') return say('announce_schedule_cancelled');
    if (b.status !== 'scheduled' || !b.scheduled_at) return b.scheduled_at ? formatLocalDateTime(b.scheduled_at, ctx.timeZone) : '';
    return html`<span class="scheduled">${say('announce_scheduled_for', { at: formatLocalDateTime(b.scheduled_at, ctx.timeZone) })}</span>
      <form method="post" action="/pengumuman/${b.id}/batal" class="inline"><input type="hidden" name="_csrf" value="${ctx.session!.csrfToken}"><button type="submit" class="secondary" data-cancel="${b.id}">${say('announce_schedule_cancel')}</button></form>`;
  }

  function previewPage(ctx: PageContext, draft: Draft, preview: Awaited<ReturnType<typeof previewData>>, at: Date | null): string {
    const channels: Html[] = [...preview.perChannel.entries()].map(([channel, count]) => {
      const eta = render(durationText(count * bulkMsPerMessage(pacingFor(channel as ChannelName, 'bulk', app.config))));
      return html`<li>${render(text(`broadcast.channel_${channel}`))}: ${count} · ${eta}</li>`;
    });
    const hidden = html`<input type="hidden" name="_csrf" value="${ctx.session!.csrfToken}"><input type="hidden" name="text" value="${draft.text}"><input type="hidden" name="segment" value="${draft.segment}"><input type="hidden" name="at" value="${draft.at}">`;
    return layout(
      ctx,
      say('preview_title'),
      html`<h1>${say('preview_title')}</h1><section class="card">
        <p id="preview-recipients"><strong>${say('preview_recipients', { count: preview.total, segment: preview.segment })}</strong></p>
        ${preview.total === 0 ? message(say('preview_nobody')) : ''}
        <p>${say('preview_first')}</p>
        <blockquote class="bubble" id="preview-text">${preview.firstText}</blockquote>
        <p>${say('preview_channels')}</p><ul>${channels}</ul>
        ${at ? html`<p id="preview-schedule"><strong>${say('announce_scheduled_for', { at: formatLocalDateTime(at, ctx.timeZone) })}</strong></p>` : ''}
        <form method="post" action="/pengumuman/kirim" class="stack">${hidden}
          ${preview.total > 0 ? html`<label class="check"><input type="checkbox" name="confirm" value="ya" id="confirm" required> ${say('confirm_label')}</label>
          <button type="submit" id="send">${say('send_button', { count: preview.total })}</button>` : ''}
        </form>
        <form method="post" action="/pengumuman/ubah">${hidden}<button type="submit" class="secondary">${say('change')}</button></form>
      </section>`,
    );
  }

  server.post('/pengumuman/ubah', async (request, reply) => {
    const body = form.safeParse(request.body);
    return deps.html(reply, await composePage(deps.ctx(request), body.success ? body.data : EMPTY, null));
  });

  function statusPage(ctx: PageContext, b: { id: string; text: string; segment: string; recipients: number | null; status: string; scheduledAt: Date | null }, counts: ReturnType<typeof countsJson>, failed: Awaited<ReturnType<typeof failures>>): string {
    return layout(
      ctx,
      say('broadcast_title', { id: b.id }),
      html`<h1>${say('broadcast_title', { id: b.id })}</h1>
      <section class="card"><p>${b.segment}</p><blockquote class="bubble">${b.text}</blockquote>
        ${b.status === 'scheduled' || b.status === 'cancelled' ? html`<p id="schedule">${scheduleCell(ctx, { id: b.id, status: b.status, scheduled_at: b.scheduledAt })}</p>` : ''}</section>
      <section class="card" id="delivery" data-broadcast="${b.id}"><h2>${say('live_counts')}</h2>
        <table class="kv"><tbody>
          <tr><th>${say('col_recipients')}</th><td data-count="recipients">${b.recipients ?? say('none')}</td></tr>
          <tr><th>${say('col_sent')}</th><td data-count="sent">${counts.sent}</td></tr>
          <tr><th>${say('col_waiting')}</th><td data-count="waiting">${counts.waiting}</td></tr>
          <tr><th>${say('col_failed')}</th><td data-count="failed">${counts.failed}</td></tr>
          <tr><th>${say('col_skipped')}</th><td data-count="skipped">${counts.skipped}</td></tr>
        </tbody></table></section>
      <section class="card"><h2>${say('failures_title')}</h2><div class="table-wrap"><table><thead><tr><th>${say('col_member_no')}</th><th>${say('col_name')}</th><th>${say('col_channel')}</th><th>${say('col_reason')}</th><th>${say('col_attempts')}</th></tr></thead><tbody>
        ${failed.map((f) => html`<tr><td>${f.memberNo ?? say('none')}</td><td>${f.name ?? say('none')}</td><td>${f.channel}</td><td>${f.reason ?? say('none')}</td><td>${f.attempts}</td></tr>`)}
      </tbody></table></div>${failed.length === 0 ? html`<p class="muted">${say('no_data')}</p>` : ''}</section>`,
      ['/assets/app.js'],
    );
  }
}

function countsJson(counts: Awaited<ReturnType<typeof deliveryCounts>>) {
  return { sent: counts.sent, failed: counts.failed, waiting: counts.waiting, skipped: skippedTotal(counts), total: counts.total };
}

function when(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
