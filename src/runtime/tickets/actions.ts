import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { text } from '../../engine/core/text.js';
import type { OutgoingMessage, Text } from '../../engine/core/vocabulary.js';
import { dedupeKey } from '../../outbox/dedupe-key.js';
import { BULK_PRIORITY, type QueueableRow } from '../../outbox/queue.js';
import { insertBulk, type BulkMessage } from '../../outbox/write.js';
import { staffChats, tellAsker, type TicketWords } from './notices.js';
import { insertTicketMessage, ticketHeader } from './store.js';

// What staff do to a ticket, the same in chat and on the command line: answer it (the first
// to answer takes it) and close it.

export type AnswerOutcome =
  | { readonly kind: 'not_found' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'taken'; readonly by: string }
  | { readonly kind: 'sent'; readonly who: Text; readonly rows: readonly QueueableRow[] };

/**
 * A staff member's answer. The ticket row is locked first, so of two answers at once the
 * second waits and then sees who took it: the first to answer takes the question, the
 * others are told who did, and only the one who took it answers it again.
 */
export async function answerTicket(
  db: Kysely<Database>,
  words: TicketWords,
  answer: { ticketNo: number; staffId: string; staffName: string; text: string },
  now: Date,
): Promise<AnswerOutcome> {
  const ticket = await ticketHeader(db, answer.ticketNo, true);
  if (!ticket) return { kind: 'not_found' };
  if (ticket.status === 'closed' || ticket.erased) return { kind: 'closed' };
  if (ticket.takenBy && ticket.takenBy !== answer.staffId) return { kind: 'taken', by: ticket.takenByName ?? '' };
  const first = ticket.takenBy === null;
  await db
    .updateTable('tickets')
    .set({ taken_by_staff_id: answer.staffId, first_answer_at: ticket.firstAnswerAt ?? now })
    .where('id', '=', String(answer.ticketNo))
    .execute();
  const messageId = await insertTicketMessage(db, { ticketNo: answer.ticketNo, author: 'staff', staffId: answer.staffId, text: answer.text }, now);
  const reply: OutgoingMessage = { text: [text('tickets.answer', { no: answer.ticketNo, answer: answer.text, staff: answer.staffName })] };
  const rows = [...(await tellAsker(db, words, ticket, reply, `answer:${messageId}`))];
  if (first) rows.push(...(await tellOthersTaken(db, words, answer.ticketNo, answer.staffId, answer.staffName)));
  return { kind: 'sent', who: ticket.who, rows };
}

/** The staff who were told about the ticket, other than the one who took it, learn who did. */
async function tellOthersTaken(db: Kysely<Database>, words: TicketWords, ticketNo: number, staffId: string, staffName: string): Promise<QueueableRow[]> {
  const others = (await staffChats(db)).filter((c) => c.staffId !== staffId);
  const notified = new Set((await db.selectFrom('ticket_notices').select('staff_id').where('ticket_id', '=', String(ticketNo)).execute()).map((r) => r.staff_id));
  const messages: BulkMessage[] = others
    .filter((c) => notified.has(c.staffId))
    .map((chat) => ({
      identityId: chat.identityId,
      personId: null,
      channel: chat.channel,
      address: chat.address,
      text: words.renderer.renderMessage(chat.lang, { text: [text('tickets.taken_by', { no: ticketNo, staff: staffName })] }, words.facts).text,
      ...dedupeKey(['ticket', ticketNo, 'taken', chat.staffId], { topic: 'ticket' }),
      priority: BULK_PRIORITY.reminder,
    }));
  return insertBulk(db, messages);
}

export type CloseOutcome = { readonly kind: 'not_found' } | { readonly kind: 'already' } | { readonly kind: 'closed'; readonly rows: readonly QueueableRow[] };

/** Closes a ticket (`by`: `person`, `staff:<id>`, `cli`); the person is told when staff closed it. */
export async function closeTicket(db: Kysely<Database>, words: TicketWords, ticketNo: number, by: string, now: Date): Promise<CloseOutcome> {
  const ticket = await ticketHeader(db, ticketNo, true);
  if (!ticket) return { kind: 'not_found' };
  if (ticket.status === 'closed') return { kind: 'already' };
  await db.updateTable('tickets').set({ status: 'closed', closed_at: now, closed_by: by }).where('id', '=', String(ticketNo)).execute();
  if (by === 'person' || ticket.erased) return { kind: 'closed', rows: [] };
  const rows = await tellAsker(db, words, ticket, { text: [text('tickets.closed_by_staff', { no: ticketNo })] }, 'closed');
  return { kind: 'closed', rows };
}
