import { describe, expect, it } from 'vitest';
import { loadCityVocabulary } from '../../src/city/load.js';
import { parseOfficeHours, isOfficeOpen, nextOpening, workingMs, type OfficeHours } from '../../src/engine/tickets/hours.js';
import type { TicketsContext } from '../../src/engine/tickets/vocabulary.js';
import type { EngineEvent, TurnContext } from '../../src/engine/unions.js';
import { context, keysOf, play, registered, sticker, typesOf } from '../support/engine.js';

// Questions to staff in the engine: who opens a ticket and how, what happens to messages
// while one is open (commands and answers to an open question still work), how it closes,
// and the staff commands. Office hours with a fixed clock.

const days = (parseOfficeHours('Senin–Jumat, 08.00–16.00 WITA') as { days: OfficeHours['days'] }).days;
const HOURS: OfficeHours = { text: 'Senin–Jumat, 08.00–16.00 WITA', days, holidays: ['2026-12-25'], timeZone: 'Asia/Makassar' };
const vocabulary = loadCityVocabulary();
// Friday 27 November 2026, 10.00 WITA: the office is open.
const OPEN_NOW = new Date('2026-11-27T02:00:00Z');

function withTickets(part: Partial<TicketsContext> = {}, overrides: Partial<TurnContext> = {}): TurnContext {
  return context({ now: OPEN_NOW, person: registered, tickets: { open: null, vocabulary, hours: HOURS, notices: {}, ...part }, ...overrides });
}
const openTicket = (no = 12) => withTickets({ open: { no } });
const ticketEvents = (events: readonly EngineEvent[]) => events.filter((e) => e.type.startsWith('ticket'));

describe('opening a question to staff', () => {
  it.each(['petugas', 'tanya petugas', 'admin', 'cs', 'Mau bicara dengan petugas', 'saya mau bicara dengan petugas dong', 'CS!'])('"%s" opens a ticket and says when staff answer', (typed) => {
    const { last } = play([typed], withTickets());
    expect(ticketEvents(last.events)).toEqual([{ type: 'ticket_opened', text: '', via: 'asked' }]);
    expect(keysOf(last.events)).toEqual(['tickets.opened_ask', 'tickets.hours_open']);
  });

  it('a question the FAQ cannot answer opens a ticket with that question', () => {
    const { last } = play(['bagaimana cara mengurus NIB?'], withTickets());
    expect(ticketEvents(last.events)).toEqual([{ type: 'ticket_opened', text: 'bagaimana cara mengurus NIB?', via: 'question' }]);
    expect(keysOf(last.events)).toEqual(['tickets.opened_question', 'tickets.hours_open']);
  });

  it('a question of a word or two is no question for staff', () => {
    for (const typed of ['halo?', 'apa?', 'kok gitu?']) {
      const { last } = play([typed], withTickets());
      expect(ticketEvents(last.events)).toEqual([]);
      // One rule with the flows (core/questions.ts): answered honestly, no ticket (was "not understood" and the menu).
      expect(keysOf(last.events)).toEqual(['understand.unanswered']);
    }
  });

  it('a question the FAQ answers is answered, with no ticket', () => {
    const { last } = play(['apakah ini gratis?'], withTickets());
    expect(ticketEvents(last.events)).toEqual([]);
    expect(keysOf(last.events)).toEqual(['tickets.faq_answer']);
    const said = last.events[0] as Extract<EngineEvent, { type: 'message_created' }>;
    expect(String(said.text[0]!.params!.answer)).toMatch(/^Gratis\./);
  });

  it('"petugas" with a ticket open opens no other: the person is asked to type the question', () => {
    const { last } = play(['petugas'], openTicket());
    expect(ticketEvents(last.events)).toEqual([]);
    expect(keysOf(last.events)).toEqual(['tickets.still_open']);
  });

  it('"selesai" means nothing special when no ticket is open', () => {
    const { last } = play(['selesai'], withTickets());
    expect(typesOf(last.events)).not.toContain('ticket_closed_by_person');
  });
});

describe('while a ticket is open', () => {
  it('a message goes to the ticket, not "Maaf, saya belum mengerti"', () => {
    const { last } = play(['NIB saya hilang, bagaimana ini'], openTicket());
    expect(ticketEvents(last.events)).toEqual([{ type: 'ticket_message_added', ticketNo: 12, text: 'NIB saya hilang, bagaimana ini' }]);
    expect(keysOf(last.events)).toEqual(['tickets.added']);
  });

  it('commands still work: menu, BERHENTI, HAPUS DATA, bahasa', () => {
    expect(keysOf(play(['menu'], openTicket()).last.events)).toEqual(['menu.help', 'menu.registered']);
    expect(typesOf(play(['BERHENTI'], openTicket()).last.events)).toContain('announcements_stopped');
    const erase = play(['HAPUS DATA'], openTicket()).last;
    expect(keysOf(erase.events)).toEqual(['erase.confirm']);
    expect(erase.state.flow?.name).toBe('erase_confirm');
    expect(keysOf(play(['batal'], openTicket()).last.events)).toEqual(['cancel.nothing', 'menu.registered']);
    expect(ticketEvents(play(['menu', 'batal', 'LAPOR', 'BERHENTI', 'HAPUS DATA'], openTicket()).turns.flatMap((t) => t.events))).toEqual([]);
  });

  it('"selesai" closes it', () => {
    const { last } = play(['selesai'], openTicket(7));
    expect(ticketEvents(last.events)).toEqual([{ type: 'ticket_closed_by_person', ticketNo: 7 }]);
    expect(keysOf(last.events)).toEqual(['tickets.closed_by_person']);
  });

  it('a photo is noted in the ticket, and the person is asked to type the question', () => {
    const { last } = play([{ ...sticker, media: 'photo' }], openTicket());
    expect(ticketEvents(last.events)).toEqual([{ type: 'ticket_message_added', ticketNo: 12, text: '', media: 'photo' }]);
    expect(keysOf(last.events)).toEqual(['tickets.media_noted']);
  });

  it('mid sign-up, answers still go to sign-up and only the rest to the ticket', () => {
    const guest = (ctx: TurnContext): TurnContext => ({ ...ctx, person: null });
    const atName = play(['halo', 'ya'], guest(withTickets())).state;
    expect(atName.flow?.name).toBe('signup');
    // An answer to the name question is sign-up's.
    const named = play(['Siti Aminah'], guest(openTicket()), atName).last;
    expect(ticketEvents(named.events)).toEqual([]);
    expect(keysOf(named.events)).toEqual(['signup.ask_business']);
    const atSector = play(['Kopi Siti'], guest(openTicket()), named.state).state;
    // At the sector question, something that is no sector goes to the ticket, then the question again.
    const asked = play(['kapan NIB saya jadi ya?'], guest(openTicket()), atSector).last;
    expect(ticketEvents(asked.events)).toEqual([{ type: 'ticket_message_added', ticketNo: 12, text: 'kapan NIB saya jadi ya?' }]);
    expect(keysOf(asked.events)[0]).toBe('tickets.added');
    expect(keysOf(asked.events)).toContain('signup.ask_sector');
    expect(asked.state.flow).toEqual(atSector.flow);
    // And a sector is still the answer.
    const sector = play(['kuliner'], guest(openTicket()), atSector).last;
    expect(ticketEvents(sector.events)).toEqual([]);
    expect(keysOf(sector.events)).toContain('signup.ask_kecamatan');
  });
});

describe('staff', () => {
  const asStaff = (part: Partial<TicketsContext> = {}) => withTickets(part, { person: null, staff: { id: '3', name: 'Rina' } });

  it('/balas 12 … answers the ticket', () => {
    const { last } = play(['/balas 12 Silakan datang ke kantor hari Senin.'], asStaff());
    expect(ticketEvents(last.events)).toEqual([{ type: 'ticket_answered', ticketNo: 12, text: 'Silakan datang ke kantor hari Senin.', staffId: '3', staffName: 'Rina' }]);
  });

  it('a Telegram reply to the notice answers that ticket', () => {
    const reply = { type: 'message' as const, kind: 'text' as const, text: 'Bisa, gratis.', replyTo: '5551' };
    const { last } = play([reply], asStaff({ notices: { '5551': 44 } }));
    expect(ticketEvents(last.events)).toEqual([{ type: 'ticket_answered', ticketNo: 44, text: 'Bisa, gratis.', staffId: '3', staffName: 'Rina' }]);
  });

  it('/tutup, /pertanyaan and /faq', () => {
    expect(ticketEvents(play(['/tutup 12'], asStaff()).last.events)).toEqual([{ type: 'ticket_closed_by_staff', ticketNo: 12, staffId: '3' }]);
    expect(ticketEvents(play(['/pertanyaan'], asStaff()).last.events)).toEqual([{ type: 'tickets_listed', staffId: '3' }]);
    expect(ticketEvents(play(['/faq 12'], asStaff()).last.events)).toEqual([{ type: 'ticket_made_faq', ticketNo: 12, staffId: '3' }]);
  });

  it('/balas without a number or text says how to write it', () => {
    for (const typed of ['/balas', '/balas 12', '/balas halo']) {
      const { last } = play([typed], asStaff());
      expect(ticketEvents(last.events)).toEqual([]);
      expect(keysOf(last.events)[0]).toBe('tickets.staff_usage');
    }
  });

  it('/balas from someone who is not staff is an unknown command and reveals nothing', () => {
    const { last } = play(['/balas 12 ini jawaban'], withTickets());
    expect(ticketEvents(last.events)).toEqual([]);
    expect(keysOf(last.events)).toEqual(['common.unknown_command', 'menu.registered']);
    const reply = { type: 'message' as const, kind: 'text' as const, text: 'jawaban', replyTo: '5551' };
    expect(ticketEvents(play([reply], withTickets({ notices: { '5551': 44 } })).last.events)).toEqual([]);
  });
});

describe('office hours (WITA, fixed clock)', () => {
  it('reads OFFICE_HOURS as staff write it', () => {
    expect(parseOfficeHours('Senin–Kamis 07.30–16.00; Jumat 07.30–11.00')).toMatchObject({ days: [null, { open: 450, close: 960 }, { open: 450, close: 960 }, { open: 450, close: 960 }, { open: 450, close: 960 }, { open: 450, close: 660 }, null] });
    expect(parseOfficeHours('kadang-kadang')).toMatch(/cannot read/);
  });

  it('open on a working day, closed at night, at weekends and on holidays', () => {
    expect(isOfficeOpen(HOURS, new Date('2026-11-27T02:00:00Z'))).toBe(true); // Fri 10.00
    expect(isOfficeOpen(HOURS, new Date('2026-11-27T08:30:00Z'))).toBe(false); // Fri 16.30
    expect(isOfficeOpen(HOURS, new Date('2026-11-28T02:00:00Z'))).toBe(false); // Sat
    expect(isOfficeOpen(HOURS, new Date('2026-12-25T02:00:00Z'))).toBe(false); // Christmas, a Friday
  });

  it('outside office hours the person is told when staff will answer', () => {
    // Friday 27 November 2026, 20.00 WITA: staff answer from Monday 30 November, 08.00.
    const { last } = play(['petugas'], withTickets({}, { now: new Date('2026-11-27T12:00:00Z') }));
    const closed = last.events.flatMap((e) => (e.type === 'message_created' ? e.text : [])).find((t) => t.key === 'tickets.hours_closed');
    expect(closed?.params).toEqual({ hours: HOURS.text, when: '30 November 2026, 08.00 WITA' });
    // Thursday 24 December, 17.00: the 25th is a holiday, so Monday 28 December.
    expect(nextOpening(HOURS, new Date('2026-12-24T09:00:00Z'))).toEqual(new Date('2026-12-28T00:00:00Z'));
  });

  it('working time counts only office hours', () => {
    // Friday 15.00 to Monday 09.00: one hour on Friday, one on Monday.
    expect(workingMs(HOURS, new Date('2026-11-27T07:00:00Z'), new Date('2026-11-30T01:00:00Z'))).toBe(2 * 3_600_000);
  });
});
