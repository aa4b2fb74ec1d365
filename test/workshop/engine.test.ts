import { describe, expect, it } from 'vitest';
import type { EngineEvent, TurnContext, TurnInput } from '../../src/engine/unions.js';
import type { Input } from '../../src/engine/core/vocabulary.js';
import type { WorkshopContext, WorkshopDetails, WorkshopSystemInput } from '../../src/engine/workshop/vocabulary.js';
import { context, keysOf, registered, typesOf } from '../support/engine.js';
import { checkinContext, opened } from '../checkin/fixtures.js';
import { play as playTurns } from '../support/engine.js';

// The workshop side of the engine, as tables: what a person or a staff member types, the
// events it makes and where they are afterwards. Seats are the runtime's; here they are a
// request for one.

// The fixtures' clock: 27 November 2026, 10.00 WITA.
const DIGITAL = { id: '3', title: 'Pemasaran Digital', startsAt: '2026-12-12T01:00:00.000Z', place: 'Aula Dinas' };
const PACKAGING = { id: '4', title: 'Desain Kemasan', startsAt: '2026-12-15T05:30:00.000Z', place: 'Gedung PKK' };

function workshops(overrides: Partial<WorkshopContext> = {}): WorkshopContext {
  return { timeZone: 'Asia/Makassar', defaultDurationMs: 3 * 3_600_000, open: [DIGITAL], mine: [], ...overrides };
}

const person = (ws: Partial<WorkshopContext> = {}, ctx: Partial<TurnContext> = {}) => context({ person: registered, workshops: workshops(ws), ...ctx });
const twoOpen = person({ open: [DIGITAL, PACKAGING] });

const details = (w: typeof DIGITAL): WorkshopDetails => ({ ...w, description: null, endsAt: new Date(Date.parse(w.startsAt) + 3 * 3_600_000).toISOString(), capacity: 30 });
const invited = (w: typeof DIGITAL): WorkshopSystemInput => ({ type: 'system', event: 'workshop_invited', workshop: details(w), timeZone: 'Asia/Makassar', telegramBot: 'WirabotBjmBot' });
const feedbackAsked: WorkshopSystemInput = { type: 'system', event: 'workshop_feedback_asked', workshop: details(DIGITAL) };
const link = (payload: string): Input => ({ type: 'message', kind: 'text', text: '/start', startPayload: payload });

const eventsOf = (events: readonly EngineEvent[]) => events.filter((e) => e.type !== 'message_created');

type Row = [title: string, inputs: (string | TurnInput)[], ctx: TurnContext, events: EngineEvent[], keys: string[]];

const rsvpRows: Row[] = [
  ['HADIR with one workshop open asks for a seat in it', ['HADIR'], person(), [{ type: 'rsvp_made', workshopId: '3' }], []],
  ['"Saya hadir 🙏" is HADIR too', ['Saya hadir 🙏'], person(), [{ type: 'rsvp_made', workshopId: '3' }], []],
  ['HADIR with two open and no invitation seen asks which', ['HADIR'], twoOpen, [], ['workshop.pick_attend']],
  ['after "which?", "2" picks the second', ['HADIR', '2'], twoOpen, [{ type: 'rsvp_made', workshopId: '4' }], []],
  ['after "which?", a title picks it', ['HADIR', 'kemasan'], twoOpen, [{ type: 'rsvp_made', workshopId: '4' }], []],
  ['after "which?", "9" is asked again', ['HADIR', '9'], twoOpen, [], ['workshop.pick_retry', 'workshop.pick_attend']],
  ['HADIR after the invitation of #4 means #4, though two are open', [invited(PACKAGING), 'HADIR'], twoOpen, [{ type: 'rsvp_made', workshopId: '4' }], []],
  ['"1" right after the invitation is its HADIR choice', [invited(PACKAGING), '1'], twoOpen, [{ type: 'rsvp_made', workshopId: '4' }], []],
  ['"1" after the invitation and then "menu" picks from the menu', [invited(DIGITAL), 'menu', '1'], person(), [], ['checkin.no_period']],
  // Issue 16 item 1: an invitation that is no longer the last message does not choose for the person.
  ['HADIR after an older invitation, with two open, asks which', [invited(PACKAGING), 'halo', 'HADIR'], twoOpen, [], ['workshop.pick_attend']],
  ['"1" right after a single invitation still books it', [invited(DIGITAL), '1'], person(), [{ type: 'rsvp_made', workshopId: '3' }], []],
  ['BATAL HADIR with two held, after an old invitation of one, asks which', [invited(DIGITAL), 'halo', 'BATAL HADIR'], person({ open: [DIGITAL, PACKAGING], mine: [{ workshopId: '3', status: 'confirmed' }, { workshopId: '4', status: 'confirmed' }] }), [], ['workshop.pick_withdraw']],
  ['after "which?" for BATAL HADIR, "1" withdraws from the first', [invited(DIGITAL), 'halo', 'BATAL HADIR', '1'], person({ open: [DIGITAL, PACKAGING], mine: [{ workshopId: '3', status: 'confirmed' }, { workshopId: '4', status: 'confirmed' }] }), [{ type: 'rsvp_cancelled', workshopId: '3' }], []],
  ['"HADIR 4" names the workshop outright', ['HADIR 4'], twoOpen, [{ type: 'rsvp_made', workshopId: '4' }], []],
  ['HADIR with nothing open says so', ['HADIR'], person({ open: [] }), [], ['workshop.none_open']],
  ['BATAL HADIR with one seat held gives it up', ['BATAL HADIR'], person({ open: [DIGITAL, PACKAGING], mine: [{ workshopId: '4', status: 'confirmed' }] }), [{ type: 'rsvp_cancelled', workshopId: '4' }], []],
  ['BATAL HADIR with two held asks which', ['BATAL HADIR'], person({ open: [DIGITAL, PACKAGING], mine: [{ workshopId: '3', status: 'confirmed' }, { workshopId: '4', status: 'waiting' }] }), [], ['workshop.pick_withdraw']],
  ['BATAL HADIR when registered nowhere says so', ['BATAL HADIR'], person(), [], ['workshop.none_registered']],
  ['"KODE 4821" is an attendance code', ['KODE 4821'], person(), [{ type: 'attendance_code_given', code: '4821' }], []],
  ['"kode: 48 21" too', ['kode: 48 21'], person(), [{ type: 'attendance_code_given', code: '4821' }], []],
  ['the Telegram deep link /start w4 is HADIR for #4', [link('w4')], twoOpen, [{ type: 'rsvp_made', workshopId: '4' }], []],
  // Issue 12: a question the FAQ cannot answer goes to staff (it was "answered honestly" before the tickets).
  ['"hadir jam berapa?" is not an RSVP: a question, passed to staff', ['hadir jam berapa?'], person(), [{ type: 'ticket_opened', text: 'hadir jam berapa?', via: 'question' }], ['tickets.opened_question', 'tickets.hours_unknown']],
  ['HADIR from someone not registered points to DAFTAR', ['HADIR'], context({ workshops: workshops() }), [], ['workshop.not_registered']],
  ['the deep link from someone not registered starts the sign-up', [link('w3')], context({ workshops: workshops() }), [], ['workshop.register_first', 'signup.welcome', 'signup.consent']],
];

describe('a person answering an invitation', () => {
  it.each(rsvpRows)('%s', (_title, inputs, ctx, events, keys) => {
    const { last } = playTurns(inputs, ctx);
    expect(eventsOf(last.events)).toEqual(events);
    expect(keysOf(last.events)).toEqual(keys);
  });

  it('the invitation says HADIR (or 1), and on Telegram carries the deep link', () => {
    const { last } = playTurns([invited(DIGITAL)], person({}, { channel: 'telegram' }));
    const message = last.events[0]!;
    expect(message.type === 'message_created' && message.choices).toEqual([{ key: 'workshop.choice_attend' }]);
    expect(keysOf(last.events)).toEqual(['workshop.invite', 'workshop.invite_details', 'workshop.invite_rsvp', 'workshop.invite_link']);
    expect(JSON.stringify(last.events)).toContain('https://t.me/WirabotBjmBot?start=w3');
    expect(last.state.workshop).toEqual({ seen: '3', choice: '3' });
  });

  it('a number during a check-in survey is a survey answer, not an RSVP', () => {
    const ctx = checkinContext({}, { workshops: workshops() });
    const { last, turns } = playTurns([opened, invited(DIGITAL), '2 juta'], ctx);
    // The invitation reaches someone mid-survey without the numbered choice, and the question follows it again.
    expect(keysOf(turns[1]!.events)).toEqual(['workshop.invite', 'workshop.invite_details', 'workshop.invite_rsvp_word', 'common.resume', 'common.literal']);
    expect(typesOf(last.events)).toContain('checkin_answered');
    const { last: counted } = playTurns([opened, '2 juta', invited(DIGITAL), '1'], ctx);
    expect(typesOf(counted.events)).toEqual(['checkin_answered', 'message_created']);
  });

  it('HADIR during a check-in asks for the seat, then the survey question again', () => {
    const ctx = checkinContext({}, { workshops: workshops() });
    const { last } = playTurns([opened, 'HADIR'], ctx);
    expect(eventsOf(last.events)).toEqual([{ type: 'rsvp_made', workshopId: '3' }]);
    expect(keysOf(last.events)).toEqual(['common.resume', 'common.literal']);
    expect(last.state.flow?.name).toBe('checkin');
  });
});

describe('reminders', () => {
  const reminder = (beforeMs: number): WorkshopSystemInput => ({ type: 'system', event: 'workshop_reminder', workshop: details(DIGITAL), timeZone: 'Asia/Makassar', beforeMs });

  it.each([
    [24 * 3_600_000, { key: 'workshop.lead_tomorrow' }],
    [2 * 3_600_000, { key: 'workshop.lead_hours', params: { count: 2 } }],
    [30 * 60_000, { key: 'workshop.lead_minutes', params: { count: 30 } }],
    [3_000, { key: 'workshop.lead_soon' }],
  ])('%i ms before says when, and the workshop is the one BATAL HADIR now means', (beforeMs, lead) => {
    const { last } = playTurns([reminder(beforeMs)], person({ open: [DIGITAL, PACKAGING] }));
    const message = last.events[0]!;
    expect(message.type === 'message_created' && message.text).toEqual([
      { key: 'workshop.reminder', params: { title: 'Pemasaran Digital', lead, when: '12 Desember 2026, 09.00–12.00 WITA', place: 'Aula Dinas' } },
    ]);
    expect(last.state.workshop).toEqual({ seen: '3' });
  });
});

describe('the feedback question after a workshop', () => {
  it('asks 1 to 5, then a comment, and records both', () => {
    const { turns } = playTurns([feedbackAsked, '⭐⭐⭐⭐', 'Materinya bagus, tolong ada lanjutan'], person());
    expect(keysOf(turns[0]!.events)).toEqual(['workshop.feedback_ask_rating']);
    expect(eventsOf(turns[1]!.events)).toEqual([{ type: 'workshop_rated', workshopId: '3', rating: 4 }]);
    expect(keysOf(turns[1]!.events)).toEqual(['workshop.feedback_ask_comment']);
    expect(eventsOf(turns[2]!.events)).toEqual([{ type: 'workshop_commented', workshopId: '3', comment: 'Materinya bagus, tolong ada lanjutan' }]);
    expect(turns[2]!.state.flow).toBeNull();
  });

  it.each([
    ['5', 5],
    ['lima', 5],
    ['nilai 3', 3],
    ['2 dari 5', 2],
  ])('"%s" is a rating of %i', (typed, rating) => {
    const { last } = playTurns([feedbackAsked, typed], person());
    expect(eventsOf(last.events)).toEqual([{ type: 'workshop_rated', workshopId: '3', rating }]);
  });

  it('"7" is asked again; "lewati" skips the comment', () => {
    expect(keysOf(playTurns([feedbackAsked, '7'], person()).last.events)).toEqual(['workshop.feedback_rating_retry', 'workshop.feedback_ask_rating']);
    const { last } = playTurns([feedbackAsked, '5', 'lewati'], person());
    expect(eventsOf(last.events)).toEqual([]);
    expect(keysOf(last.events)).toEqual(['workshop.feedback_thanks']);
  });

  it('someone busy when it arrives is asked once they are free', () => {
    const { turns } = playTurns(['ubah nama', feedbackAsked, 'Siti Rahmawati'], person());
    expect(turns[1]!.events).toEqual([]);
    expect(keysOf(turns[2]!.events).at(-1)).toBe('workshop.feedback_ask_rating');
    expect(turns[2]!.state.flow).toMatchObject({ name: 'workshop_feedback', workshopId: '3', step: 'rating' });
  });
});

// ── staff ──────────────────────────────────────────────────────────────────

const rina = { id: '7', name: 'Rina' };
const staff = (ws: Partial<WorkshopContext> = {}) => context({ staff: rina, workshops: workshops(ws) });
const untilWhen = ['/pelatihan', 'Pemasaran Digital untuk UMKM', 'lewati'];

type StaffRow = [title: string, inputs: string[], keys: string[], step: string | null];

const creationRows: StaffRow[] = [
  ['"/pelatihan" asks for the title', ['/pelatihan'], ['workshop.ask_title'], 'title'],
  ['the title is kept and a description asked', ['/pelatihan', 'Pemasaran Digital untuk UMKM'], ['workshop.ask_description'], 'description'],
  ['"lewati" skips the description; the date is asked with an example', untilWhen, ['workshop.ask_when', 'workshop.example_when'], 'when'],
  ['a date in the past is refused with an example', [...untilWhen, '20/11/2026 09.00'], ['workshop.when_past', 'workshop.ask_when', 'workshop.example_when'], 'when'],
  ['"kemarin" is no date: asked again with an example', [...untilWhen, 'kemarin 09.00'], ['workshop.when_invalid', 'workshop.ask_when', 'workshop.example_when'], 'when'],
  ['31 February is refused with an example', [...untilWhen, '31/02/2027 09.00'], ['workshop.when_impossible', 'workshop.ask_when', 'workshop.example_when'], 'when'],
  ['a date without a time is refused with an example', [...untilWhen, '12/12/2026'], ['workshop.when_missing_time', 'workshop.ask_when', 'workshop.example_when'], 'when'],
  ['an end before the start is refused', [...untilWhen, '12/12/2026 12.00-09.00'], ['workshop.when_end_before_start', 'workshop.ask_when', 'workshop.example_when'], 'when'],
  ['"12/12/2026 09.00" is taken and the place asked', [...untilWhen, '12/12/2026 09.00'], ['workshop.ask_place'], 'place'],
  ['"besok 09.00" is taken', [...untilWhen, 'besok 09.00'], ['workshop.ask_place'], 'place'],
  ['"Sabtu 13.30" is taken', [...untilWhen, 'Sabtu 13.30'], ['workshop.ask_place'], 'place'],
  ['a capacity of zero is refused', [...untilWhen, '12/12/2026 09.00', 'Aula Dinas', '0'], ['workshop.capacity_invalid', 'workshop.ask_capacity'], 'capacity'],
  ['a good capacity shows the summary', [...untilWhen, '12/12/2026 09.00', 'Aula Dinas', 'tiga puluh'], ['workshop.create_summary'], 'confirm'],
  ['"batal" at the summary drops it', [...untilWhen, '12/12/2026 09.00', 'Aula Dinas', '30', 'batal'], ['workshop.create_dropped', 'staff.menu'], null],
  ['"menu" mid-flow shows the menu and the question again', [...untilWhen, 'menu'], ['staff.menu', 'common.resume', 'workshop.ask_when', 'workshop.example_when'], 'when'],
];

describe('a staff member creating a workshop in chat', () => {
  it.each(creationRows)('%s', (_title, inputs, keys, step) => {
    const { last } = playTurns(inputs, staff());
    expect(keysOf(last.events)).toEqual(keys);
    expect(last.state.staffFlow?.step ?? null).toBe(step);
  });

  it('"ya" at the summary creates it with the times in WITA', () => {
    const { last } = playTurns([...untilWhen, '12/12/2026 09.00', 'Aula Dinas', '30', 'ya'], staff());
    expect(last.events).toEqual([
      {
        type: 'workshop_created',
        staffId: '7',
        workshop: { title: 'Pemasaran Digital untuk UMKM', description: null, startsAt: '2026-12-12T01:00:00.000Z', endsAt: '2026-12-12T04:00:00.000Z', place: 'Aula Dinas', capacity: 30 },
      },
    ] satisfies EngineEvent[]);
  });

  it('an end time typed with the start is kept', () => {
    const { last } = playTurns(['/pelatihan', 'Kemasan', 'Desain kemasan produk', 'besok 13.30-16.00', 'Gedung PKK', '20', 'ya'], staff());
    expect(last.events[0]).toMatchObject({ workshop: { description: 'Desain kemasan produk', startsAt: '2026-11-28T05:30:00.000Z', endsAt: '2026-11-28T08:00:00.000Z' } });
  });
});

const staffRows: [string, string[], Partial<WorkshopContext>, EngineEvent[], string[]][] = [
  ['"/pelatihan umumkan 3" asks who is invited', ['/pelatihan umumkan 3'], {}, [], ['workshop.ask_segment']],
  ['a segment asks for the preview', ['/pelatihan umumkan 3', 'kecamatan=utara, status=stagnan'], {}, [{ type: 'workshop_preview_requested', staffId: '7', workshopId: '3', segment: { filters: [{ kind: 'kecamatan', values: [5] }, { kind: 'status', values: ['stagnan'] }] } }], []],
  ['the new segment kind: not attended any workshop yet', ['/pelatihan umumkan 3', 'pelatihan=belum pernah ikut'], {}, [{ type: 'workshop_preview_requested', staffId: '7', workshopId: '3', segment: { filters: [{ kind: 'workshop', values: ['belum'] }] } }], []],
  ['"ya" at the preview sends the invitations', ['/pelatihan umumkan 3', 'semua', 'ya'], {}, [{ type: 'workshop_announcement_confirmed', staffId: '7', workshopId: '3', segment: { filters: [] } }], []],
  ['"ubah" at the preview asks the recipients again', ['/pelatihan umumkan 3', 'semua', 'ubah'], {}, [], ['workshop.ask_segment']],
  ['"/pelatihan umumkan" with one open means that one', ['/pelatihan umumkan'], {}, [], ['workshop.ask_segment']],
  ['"/pelatihan umumkan" with two open asks for the number', ['/pelatihan umumkan'], { open: [DIGITAL, PACKAGING] }, [], ['workshop.usage_announce']],
  ['"/pelatihan umumkan 9" for no open workshop says so', ['/pelatihan umumkan 9'], {}, [], ['workshop.staff_not_open']],
  ['"/pelatihan batalkan 3" asks first', ['/pelatihan batalkan 3'], {}, [], ['workshop.cancel_confirm']],
  ['"ya" cancels it', ['/pelatihan batalkan 3', 'ya'], {}, [{ type: 'workshop_cancel_confirmed', staffId: '7', workshopId: '3' }], []],
  ['"tidak" keeps it', ['/pelatihan batalkan 3', 'tidak'], {}, [], ['workshop.cancel_kept', 'staff.menu']],
  ['"/pelatihan ubah 3 judul Kelas Foto Produk" renames it', ['/pelatihan ubah 3 judul Kelas Foto Produk'], {}, [{ type: 'workshop_change_requested', staffId: '7', workshopId: '3', change: { field: 'title', title: 'Kelas Foto Produk' } }], []],
  ['"/pelatihan ubah 3 kapasitas 40"', ['/pelatihan ubah 3 kapasitas 40'], {}, [{ type: 'workshop_change_requested', staffId: '7', workshopId: '3', change: { field: 'capacity', capacity: 40 } }], []],
  ['"/pelatihan ubah 3 waktu 13/12/2026 10.00" keeps the length', ['/pelatihan ubah 3 waktu 13/12/2026 10.00'], {}, [{ type: 'workshop_change_requested', staffId: '7', workshopId: '3', change: { field: 'time', startsAt: '2026-12-13T02:00:00.000Z', endsAt: null } }], []],
  ['"/pelatihan ubah 3 waktu 20/11/2026 10.00" is in the past', ['/pelatihan ubah 3 waktu 20/11/2026 10.00'], {}, [], ['workshop.when_past', 'workshop.usage_change']],
  ['"/pelatihan ubah 3 tempat Gedung PKK"', ['/pelatihan ubah 3 tempat Gedung PKK'], {}, [{ type: 'workshop_change_requested', staffId: '7', workshopId: '3', change: { field: 'place', place: 'Gedung PKK' } }], []],
  ['"/pelatihan ubah 3" alone shows examples', ['/pelatihan ubah 3'], {}, [], ['workshop.usage_change']],
  ['"/pelatihan kode 3"', ['/pelatihan kode 3'], {}, [{ type: 'workshop_code_requested', staffId: '7', workshopId: '3' }], []],
  ['"/pelatihan hadir 3 BJM-000123"', ['/pelatihan hadir 3 BJM-000123'], {}, [{ type: 'workshop_attendance_marked', staffId: '7', workshopId: '3', memberNo: 'BJM-000123' }], []],
  ['"/rekap 3" is the workshop report', ['/rekap 3'], {}, [{ type: 'workshop_report_requested', staffId: '7', workshopId: '3' }], []],
  ['"/rekap" alone is still the announcements recap', ['/rekap'], {}, [{ type: 'broadcast_recap_requested', staffId: '7' }], []],
  ['"/pelatihan daftar" lists them', ['/pelatihan daftar'], {}, [{ type: 'workshop_list_requested', staffId: '7' }], []],
  ['"/pelatihan bantuan" explains the commands', ['/pelatihan bantuan'], {}, [], ['workshop.staff_help']],
];

describe('staff commands for workshops', () => {
  it.each(staffRows)('%s', (_title, inputs, ws, events, keys) => {
    const { last } = playTurns(inputs, staff(ws));
    expect(eventsOf(last.events)).toEqual(events);
    expect(keysOf(last.events)).toEqual(keys);
  });

  it('staff typing HADIR are not booked a seat', () => {
    const { last } = playTurns(['HADIR'], staff());
    expect(eventsOf(last.events)).toEqual([]);
  });
});
