import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Text } from '../../engine/core/vocabulary.js';
import { addFaq, type FaqRow } from './faq.js';
import { ticketThread } from './store.js';

// `/faq 12`: an answered ticket becomes an FAQ entry — its first question and the last
// answer — matched by the question's most telling words, so the next person asking much
// the same gets the answer at once. Staff refine it with `faq add` / `faq remove`.

const STOP = new Set([
  'saya', 'kami', 'bapak', 'ibu', 'untuk', 'dengan', 'yang', 'apakah', 'bagaimana', 'gimana', 'caranya', 'kalau', 'kalo',
  'bisa', 'boleh', 'mau', 'ingin', 'tanya', 'mohon', 'tolong', 'info', 'dong', 'kapan', 'berapa', 'dimana', 'mana', 'sudah',
  'belum', 'ada', 'tidak', 'gak', 'nggak', 'itu', 'ini', 'juga', 'atau', 'dari', 'pada', 'dalam', 'punya', 'usaha', 'what', 'how',
]);

/** The question's most telling words (up to three, longest first). */
export function keywordsOf(question: string): string[] {
  const words = question.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/u);
  const telling = [...new Set(words.filter((w) => w.length >= 3 && !STOP.has(w)))];
  return telling.sort((a, b) => b.length - a.length).slice(0, 3);
}

export type FaqFromTicket = { readonly kind: 'not_found' } | { readonly kind: 'unanswered' } | { readonly kind: 'made'; readonly entry: FaqRow };

export async function faqFromTicket(db: Kysely<Database>, ticketNo: number, render: (t: Text) => string): Promise<FaqFromTicket> {
  const exists = await db.selectFrom('tickets').select('id').where('id', '=', String(ticketNo)).executeTakeFirst();
  if (!exists) return { kind: 'not_found' };
  const thread = await ticketThread(db, ticketNo);
  const question = thread.find((m) => m.author === 'person' && typeof m.text === 'string');
  const answer = thread.filter((m) => m.author === 'staff').at(-1);
  if (!question || !answer) return { kind: 'unanswered' };
  const asked = typeof question.text === 'string' ? question.text : render(question.text);
  const keywords = keywordsOf(asked);
  if (keywords.length === 0) return { kind: 'unanswered' };
  const entry = await addFaq(db, {
    question: asked,
    answer: typeof answer.text === 'string' ? answer.text : render(answer.text),
    keywords,
    // All of the words together, so the entry answers this question, not every message with one of them.
    match: [keywords.map((k) => [k])],
    sourceTicketId: String(ticketNo),
  });
  return { kind: 'made', entry };
}
