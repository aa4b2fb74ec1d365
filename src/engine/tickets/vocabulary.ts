import type { Vocabulary } from '../parse/vocabulary.js';
import type { OfficeHours } from './hours.js';

// Questions to staff: a person's question (a ticket) goes to staff, a staff member answers
// it, and the answer goes back through the bot. The ticket's number is the database's, so
// the engine names an open ticket by the number the context gives it.

export type TicketEvent =
  /** A question to staff: `petugas`, or a question the FAQ cannot answer. The runtime numbers it and tells staff. */
  | { readonly type: 'ticket_opened'; readonly text: string; readonly via: 'asked' | 'question' }
  /** A message (or media, by kind) added to the person's open ticket. */
  | { readonly type: 'ticket_message_added'; readonly ticketNo: number; readonly text: string; readonly media?: string }
  /** `selesai`: the person closes their ticket. */
  | { readonly type: 'ticket_closed_by_person'; readonly ticketNo: number }
  /** `/balas 12 …` or a reply to a notice: the runtime decides who takes it and delivers it. */
  | { readonly type: 'ticket_answered'; readonly ticketNo: number; readonly text: string; readonly staffId: string; readonly staffName: string }
  /** `/tutup 12`. */
  | { readonly type: 'ticket_closed_by_staff'; readonly ticketNo: number; readonly staffId: string }
  /** `/pertanyaan`: the open tickets with their age. */
  | { readonly type: 'tickets_listed'; readonly staffId: string }
  /** `/faq 12`: the ticket's question and answer become an FAQ entry. */
  | { readonly type: 'ticket_made_faq'; readonly ticketNo: number; readonly staffId: string };

export interface TicketsContext {
  /** The person's open ticket, if any. */
  readonly open: { readonly no: number } | null;
  /** The city's words with the FAQ from the database: how a question is recognised and answered. */
  readonly vocabulary: Vocabulary | null;
  readonly hours: OfficeHours;
  /** A staff chat: the platform id of each notice it received → its ticket's number. */
  readonly notices: Readonly<Record<string, number>>;
}
