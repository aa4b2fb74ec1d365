import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.js';
import type { Text } from '../engine/core/vocabulary.js';
import { queueAfterCommit } from '../runtime/core/after-commit.js';
import { recordAudit } from '../runtime/staff/audit.js';
import { answerTicket, closeTicket } from '../runtime/tickets/actions.js';
import { age, listTickets, ticketHeader, ticketThread } from '../runtime/tickets/store.js';
import { html } from './html.js';
import type { Say } from './i18n.js';
import { layout, message, type PageContext } from './pages.js';

// Pertanyaan: the questions people asked staff (issue 12) in the dashboard, with the same
// actions as the chat and `tickets list|show|reply|close` (runtime/tickets/actions): the
// answer is signed with the signed-in staff member's name and reaches the person through
// the outbox; closing tells the person. Both audited like the command line's.

export interface InboxDeps {
  readonly app: App;
  readonly say: Say;
  readonly ctx: (request: FastifyRequest) => PageContext;
  readonly html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  readonly actor: (request: FastifyRequest) => string;
}

export const ANSWER_MAX_LENGTH = 4000;
const answerForm = z.object({ text: z.string().max(ANSWER_MAX_LENGTH).default('') });
const DONE = { answered: 'inbox_answer_sent', closed: 'inbox_closed_ok' } as const;

export function registerInbox(server: FastifyInstance, deps: InboxDeps): void {
  const { app, say } = deps;
  const db = app.database.db;
  const clock = app.services.clock;
  const words = { renderer: app.renderer, facts: app.services.facts };
  const render = (t: Text | string) => (typeof t === 'string' ? t : app.renderer.render('id', t, app.services.facts));

  /** The ticket number in the address, or null (`12` or `#12`, as on the command line). */
  const ticketNo = (raw: string): number | null => {
    const no = /^#?(\d{1,12})$/u.exec(raw.trim())?.[1];
    return no ? Number(no) : null;
  };
  const problem = (request: FastifyRequest, reply: FastifyReply, text: string, status: number) =>
    deps.html(reply, layout(deps.ctx(request), say('inbox_title'), html`<section class="card narrow">${message(text)}<p><a href="/pertanyaan">${say('inbox_back')}</a></p></section>`), status);

  server.get('/pertanyaan', async (request, reply) => {
    const rows = await listTickets(db, { openOnly: false, limit: 200 });
    const channels = new Map(
      rows.length === 0
        ? []
        : (
            await db
              .selectFrom('tickets as t')
              .leftJoin('identities as i', 'i.id', 't.identity_id')
              .select(['t.id', 'i.channel'])
              .where('t.id', 'in', rows.map((r) => String(r.no)))
              .execute()
          ).map((r) => [Number(r.id), r.channel]),
    );
    // Open ones first (oldest waiting first), then the closed ones, newest first.
    const open = rows.filter((r) => r.status === 'open').sort((a, b) => a.no - b.no);
    const closed = rows.filter((r) => r.status !== 'open');
    const now = clock();
    const ctx = deps.ctx(request);
    return deps.html(
      reply,
      layout(
        ctx,
        say('inbox_title'),
        html`<h1>${say('inbox_title')}</h1>
        <p class="muted" id="inbox-count">${say('inbox_count', { open: open.length, total: rows.length })}</p>
        <div class="table-wrap"><table id="tickets"><thead><tr>
          <th>${say('col_id')}</th><th>${say('inbox_col_status')}</th><th>${say('inbox_col_age')}</th><th>${say('inbox_col_who')}</th><th>${say('col_channel')}</th><th>${say('inbox_col_taken')}</th><th>${say('inbox_col_question')}</th>
        </tr></thead><tbody>
        ${[...open, ...closed].map(
          (t) => html`<tr data-ticket="${t.no}"><td><a href="/pertanyaan/${t.no}">#${t.no}</a></td><td><span class="status status-${t.status}">${say(`inbox_status_${t.status}`)}</span></td>
            <td>${render(age(t.openedAt, now))}</td><td>${render(t.who)}</td><td>${channels.get(t.no) ?? say('none')}</td><td>${t.takenByName ?? say('inbox_waiting')}</td><td>${render(t.firstText).slice(0, 80)}</td></tr>`,
        )}
        </tbody></table></div>${rows.length === 0 ? html`<p class="muted">${say('inbox_none')}</p>` : ''}`,
      ),
    );
  });

  server.get<{ Params: { no: string }; Querystring: { ok?: string } }>('/pertanyaan/:no', async (request, reply) => {
    const no = ticketNo(request.params.no);
    if (no === null) return problem(request, reply, say('inbox_bad_number', { raw: request.params.no.slice(0, 40) }), 400);
    const ticket = await ticketHeader(db, no);
    if (!ticket) return problem(request, reply, say('inbox_not_found', { no }), 404);
    const [thread, channel] = await Promise.all([
      ticketThread(db, no),
      ticket.identityId ? db.selectFrom('identities').select('channel').where('id', '=', ticket.identityId).executeTakeFirst() : undefined,
    ]);
    await recordAudit(db, { staffId: request.session!.staff.id, actor: deps.actor(request), action: 'ticket_viewed', details: { ticket: no, by: 'web' } }, clock());
    const ctx = deps.ctx(request);
    const done = request.query.ok === 'answered' || request.query.ok === 'closed' ? say(DONE[request.query.ok], { no, who: render(ticket.who) }) : null;
    const open = ticket.status === 'open' && !ticket.erased;
    const csrf = html`<input type="hidden" name="_csrf" value="${ctx.session!.csrfToken}">`;
    const when = (d: Date) => new Intl.DateTimeFormat('id-ID', { timeZone: ctx.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d);
    return deps.html(
      reply,
      layout(
        ctx,
        say('inbox_ticket_title', { no }),
        html`<h1>${say('inbox_ticket_title', { no })}</h1>${message(done, 'info')}
        <section class="card"><table class="kv"><tbody>
          <tr><th>${say('inbox_col_who')}</th><td id="ticket-who">${render(ticket.who)}</td></tr>
          <tr><th>${say('col_channel')}</th><td>${channel?.channel ?? say('none')}</td></tr>
          <tr><th>${say('inbox_col_status')}</th><td id="ticket-status">${say(`inbox_status_${ticket.status}`)}</td></tr>
          <tr><th>${say('inbox_col_opened')}</th><td>${when(ticket.openedAt)} · ${render(age(ticket.openedAt, clock()))}</td></tr>
          <tr><th>${say('inbox_col_taken')}</th><td>${ticket.takenByName ?? say('inbox_waiting')}</td></tr>
        </tbody></table></section>
        <section class="card"><h2>${say('inbox_messages')}</h2><ol class="thread" id="thread">
          ${thread.map(
            (m) => html`<li class="${m.author}"><div class="muted">${m.author === 'person' ? say('inbox_asker') : (m.staffName ?? say('none'))} · ${when(m.at)}</div><blockquote class="bubble">${render(m.text)}</blockquote></li>`,
          )}
        </ol>${thread.length === 0 ? html`<p class="muted">${say('no_data')}</p>` : ''}</section>
        ${
          open
            ? html`<section class="card"><h2>${say('inbox_reply')}</h2>
          <form method="post" action="/pertanyaan/${no}/balas" class="stack">${csrf}
            <label>${say('inbox_reply_text')}<textarea name="text" id="reply-text" rows="5" maxlength="${ANSWER_MAX_LENGTH}" required></textarea></label>
            <p class="muted">${say('inbox_reply_hint', { name: ctx.session!.staff.name })}</p>
            <button type="submit" id="reply">${say('inbox_reply_button')}</button>
          </form>
          <form method="post" action="/pertanyaan/${no}/tutup">${csrf}<button type="submit" class="secondary" id="close">${say('inbox_close_button')}</button></form></section>`
            : html`<p class="muted">${say('inbox_is_closed')}</p>`
        }
        <p><a href="/pertanyaan">${say('inbox_back')}</a></p>`,
      ),
    );
  });

  server.post<{ Params: { no: string } }>('/pertanyaan/:no/balas', async (request, reply) => {
    const no = ticketNo(request.params.no);
    if (no === null) return problem(request, reply, say('inbox_bad_number', { raw: request.params.no.slice(0, 40) }), 400);
    const body = answerForm.safeParse(request.body);
    const answer = body.success ? body.data.text.trim() : '';
    if (answer === '') return problem(request, reply, say('inbox_reply_empty', { max: ANSWER_MAX_LENGTH }), 400);
    const staff = request.session!.staff;
    const outcome = await db.transaction().execute(async (trx) => {
      const done = await answerTicket(trx, words, { ticketNo: no, staffId: staff.id, staffName: staff.name, text: answer }, clock());
      if (done.kind === 'sent') await recordAudit(trx, { staffId: staff.id, actor: deps.actor(request), action: 'ticket_answered', details: { ticket: no, by: 'web' } }, clock());
      return done;
    });
    if (outcome.kind === 'not_found') return problem(request, reply, say('inbox_not_found', { no }), 404);
    if (outcome.kind === 'closed') return problem(request, reply, say('inbox_already_closed', { no }), 409);
    if (outcome.kind === 'taken') return problem(request, reply, say('inbox_taken', { no, staff: outcome.by }), 409);
    await queueAfterCommit(db, app.queues, outcome.rows, app.log);
    return reply.redirect(`/pertanyaan/${no}?ok=answered`, 303);
  });

  server.post<{ Params: { no: string } }>('/pertanyaan/:no/tutup', async (request, reply) => {
    const no = ticketNo(request.params.no);
    if (no === null) return problem(request, reply, say('inbox_bad_number', { raw: request.params.no.slice(0, 40) }), 400);
    const staff = request.session!.staff;
    const outcome = await db.transaction().execute(async (trx) => {
      const done = await closeTicket(trx, words, no, `staff:${staff.id}`, clock());
      if (done.kind === 'closed') await recordAudit(trx, { staffId: staff.id, actor: deps.actor(request), action: 'ticket_closed', details: { ticket: no, by: 'web' } }, clock());
      return done;
    });
    if (outcome.kind === 'not_found') return problem(request, reply, say('inbox_not_found', { no }), 404);
    if (outcome.kind === 'already') return problem(request, reply, say('inbox_already_closed', { no }), 409);
    await queueAfterCommit(db, app.queues, outcome.rows, app.log);
    return reply.redirect(`/pertanyaan/${no}?ok=closed`, 303);
  });
}
