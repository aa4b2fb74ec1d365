import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { text } from '../../engine/core/text.js';
import type { Text } from '../../engine/core/vocabulary.js';
import type { TicketEvent } from '../../engine/tickets/vocabulary.js';
import type { QueueRegistry } from '../../jobs/queues.js';
import type { Logger } from '../../log.js';
import type { QueueableRow } from '../../outbox/queue.js';
import { queueAfterCommit } from '../core/after-commit.js';
import { actorOf, later, say, type Eraser, type HandlersFor, type TurnScope } from '../core/handlers.js';
import { recordAudit } from '../staff/audit.js';
import { faqFromTicket } from './faq-from-ticket.js';
import { answerTicket, closeTicket } from './actions.js';
import { noticeStaff, type TicketWords } from './notices.js';
import { age, insertTicket, insertTicketMessage, listTickets, openTicketOf, ticketHeader } from './store.js';

// Each ticket event as rows, in the turn's transaction; the notices and answers it causes are
// queued once the turn has committed. Staff actions are audited; so is a ticket being opened
// (by the person, so with no staff member).

export interface TicketHandlerDeps {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly log: Logger;
}

function words(scope: TurnScope): TicketWords {
  return { renderer: scope.renderer, facts: scope.facts };
}

function queue(scope: TurnScope, deps: TicketHandlerDeps, rows: readonly QueueableRow[]): void {
  if (rows.length > 0) later(scope, () => queueAfterCommit(deps.db, deps.queues, rows, deps.log));
}

function notice(no: number, who: Text, body: Text | string, key: 'tickets.notice' | 'tickets.notice_more'): { text: Text[] } {
  return { text: [text(key, { no, who, text: body }), text('tickets.notice_hint', { no })] };
}

export function ticketHandlers(deps: TicketHandlerDeps): HandlersFor<TicketEvent> {
  return {
    async ticket_opened(scope, event) {
      const no = await insertTicket(scope.trx, scope.personId, scope.identity.id, scope.now);
      scope.facts.ticketNo = String(no);
      if (event.text.trim() !== '') await insertTicketMessage(scope.trx, { ticketNo: no, author: 'person', text: event.text }, scope.now);
      const header = (await ticketHeader(scope.trx, no))!;
      const body = event.text.trim() !== '' ? event.text : text('tickets.asked_for_staff');
      queue(scope, deps, await noticeStaff(scope.trx, words(scope), no, notice(no, header.who, body, 'tickets.notice'), 'opened'));
      await recordAudit(scope.trx, { staffId: null, actor: `person:${scope.identity.channel}`, action: 'ticket_opened', details: { ticket: no, via: event.via } }, scope.now);
    },

    async ticket_message_added(scope, event) {
      // Only to the asker's own open ticket (the number came from this turn's context).
      const open = await openTicketOf(scope.trx, scope.personId, scope.identity.id);
      if (open !== event.ticketNo) return;
      const id = await insertTicketMessage(scope.trx, { ticketNo: open, author: 'person', text: event.text, media: event.media ?? null }, scope.now);
      const header = (await ticketHeader(scope.trx, open))!;
      const body = event.media ? text(`tickets.media.${event.media}`) : event.text;
      queue(scope, deps, await noticeStaff(scope.trx, words(scope), open, notice(open, header.who, body, 'tickets.notice_more'), `more:${id}`, header.takenBy));
    },

    async ticket_closed_by_person(scope, event) {
      const open = await openTicketOf(scope.trx, scope.personId, scope.identity.id);
      if (open !== event.ticketNo) return;
      await closeTicket(scope.trx, words(scope), open, 'person', scope.now);
      await recordAudit(scope.trx, { staffId: null, actor: `person:${scope.identity.channel}`, action: 'ticket_closed', details: { ticket: open, by: 'person' } }, scope.now);
    },

    async ticket_answered(scope, event) {
      const outcome = await answerTicket(scope.trx, words(scope), event, scope.now);
      const no = event.ticketNo;
      switch (outcome.kind) {
        case 'not_found':
          return say(scope, { text: [text('tickets.not_found', { no })] });
        case 'closed':
          return say(scope, { text: [text('tickets.already_closed', { no })] });
        case 'taken':
          return say(scope, { text: [text('tickets.taken_already', { no, staff: outcome.by })] });
        case 'sent':
          queue(scope, deps, outcome.rows);
          say(scope, { text: [text('tickets.answer_sent', { no, who: outcome.who })] });
          await recordAudit(scope.trx, { staffId: event.staffId, actor: actorOf(scope), action: 'ticket_answered', details: { ticket: no } }, scope.now);
      }
    },

    async ticket_closed_by_staff(scope, event) {
      const no = event.ticketNo;
      const outcome = await closeTicket(scope.trx, words(scope), no, `staff:${event.staffId}`, scope.now);
      if (outcome.kind === 'not_found') return say(scope, { text: [text('tickets.not_found', { no })] });
      if (outcome.kind === 'already') return say(scope, { text: [text('tickets.already_closed', { no })] });
      queue(scope, deps, outcome.rows);
      say(scope, { text: [text('tickets.closed_ok', { no })] });
      await recordAudit(scope.trx, { staffId: event.staffId, actor: actorOf(scope), action: 'ticket_closed', details: { ticket: no, by: 'staff' } }, scope.now);
    },

    async tickets_listed(scope, event) {
      const open = await listTickets(scope.trx, { openOnly: true, limit: 30 });
      if (open.length === 0) say(scope, { text: [text('tickets.list_none')] });
      else {
        const line = (t: (typeof open)[number]) =>
          text('tickets.list_line', { no: t.no, who: t.who, age: age(t.openedAt, scope.now), state: t.takenByName ? text('tickets.state_taken', { staff: t.takenByName }) : text('tickets.state_waiting') });
        const lines = open.map((t) => scope.renderer.render(scope.lang, line(t), scope.facts)).join('\n');
        say(scope, { text: [text('tickets.list', { count: open.length, lines })] });
      }
      await recordAudit(scope.trx, { staffId: event.staffId, actor: actorOf(scope), action: 'tickets_listed', details: {} }, scope.now);
    },

    async ticket_made_faq(scope, event) {
      const no = event.ticketNo;
      const made = await faqFromTicket(scope.trx, no, (t) => scope.renderer.render(scope.lang, t, scope.facts));
      if (made.kind === 'not_found') return say(scope, { text: [text('tickets.not_found', { no })] });
      if (made.kind === 'unanswered') return say(scope, { text: [text('tickets.faq_needs_answer', { no })] });
      say(scope, { text: [text('tickets.faq_made', { no, id: made.entry.id, keywords: made.entry.keywords.join(', ') })] });
      await recordAudit(scope.trx, { staffId: event.staffId, actor: actorOf(scope), action: 'ticket_made_faq', details: { ticket: no, faq: made.entry.id } }, scope.now);
    },
  };
}

/**
 * `HAPUS DATA`: what the person wrote in their tickets, and the notices staff received
 * about them, are erased; the tickets are closed. The numbers and times stay (figures).
 */
export const eraseTickets: Eraser = async (scope, personId) => {
  // A registered person's tickets from any of their chats; else this chat's.
  const theirs = personId
    ? scope.trx.selectFrom('tickets').select('id').where('person_id', '=', personId)
    : scope.trx.selectFrom('tickets').select('id').where('identity_id', '=', scope.identity.id);
  await scope.trx.updateTable('ticket_messages').set({ text: null, media: null }).where('ticket_id', 'in', theirs).execute();
  const notices = scope.trx.selectFrom('ticket_notices').select('outbound_id').where('ticket_id', 'in', theirs);
  await scope.trx.updateTable('outbound_messages').set({ text: null, choices: '[]' }).where('id', 'in', notices).execute();
  await scope.trx.updateTable('faq_entries').set({ question: '–' }).where('source_ticket_id', 'in', theirs).execute();
  await scope.trx
    .updateTable('tickets')
    .set({ status: 'closed', closed_at: scope.now, closed_by: 'erased' })
    .where('id', 'in', theirs)
    .where('status', '=', 'open')
    .execute();
};
