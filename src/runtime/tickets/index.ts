import { loadCityVocabulary } from '../../city/load.js';
import type { Config } from '../../config.js';
import { parseOfficeHours, type OfficeHours } from '../../engine/tickets/hours.js';
import { tickets as engine } from '../../engine/tickets/index.js';
import type { TicketEvent } from '../../engine/tickets/vocabulary.js';
import type { Capability } from '../core/capability.js';
import { registerTicketCommands } from './cli.js';
import { ticketsLoader } from './context.js';
import { FaqVocabulary } from './faq.js';
import { eraseTickets, ticketHandlers } from './handlers.js';
import { startTicketWorkers } from './jobs.js';
import { ticketFigures } from './store.js';

// Questions to staff: a person's question reaches a staff member, and the answer goes back
// through the bot. Tickets, their notices and answers, reminders, the FAQ in the database,
// and the command line.

export function officeHours(config: Config): OfficeHours {
  const read = parseOfficeHours(config.OFFICE_HOURS);
  // The config has checked it already.
  if (typeof read === 'string') throw new Error(`OFFICE_HOURS ${read}`);
  return { text: config.OFFICE_HOURS, days: read.days, holidays: config.OFFICE_HOLIDAYS, timeZone: config.TZ };
}

export const tickets: Capability<TicketEvent> = {
  name: 'tickets',
  engine,
  cli: registerTicketCommands,
  async status(db, now) {
    const figures = await ticketFigures(db, now);
    return [{ key: 'tickets.cli.status', params: { open: figures.open, median: figures.medianFirstAnswerMs === null ? '–' : formatDuration(figures.medianFirstAnswerMs) } }];
  },
  async gauges(db, now) {
    const figures = await ticketFigures(db, now);
    return { open_questions: figures.open, ...(figures.medianFirstAnswerMs === null ? {} : { question_first_answer_median_seconds: Math.round(figures.medianFirstAnswerMs / 1000) }) };
  },
  setUp(s) {
    const hours = officeHours(s.config);
    const vocabulary = new FaqVocabulary(loadCityVocabulary(process.env.CITY || 'banjarmasin'), s.facts, s.changes);
    return {
      handlers: ticketHandlers({ db: s.db, queues: s.queues, log: s.log }),
      context: ticketsLoader({ hours, vocabulary }),
      erase: eraseTickets,
      startWorkers: () => startTicketWorkers({ services: s, hours, after: s.config.TICKET_REMIND_AFTER }),
    };
  },
};

/** `2 j 15 m`, `40 m`: a median wait. */
function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} j ${minutes % 60} m` : `${Math.floor(hours / 24)} h ${hours % 24} j`;
}
