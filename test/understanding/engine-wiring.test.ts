import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../src/engine/core/state.js';
import type { EngineEvent, TurnContext, TurnInput } from '../../src/engine/unions.js';
import type { WorkshopContext, WorkshopSystemInput } from '../../src/engine/workshop/vocabulary.js';
import { SIGNUP_ANSWERS, context, keysOf, play, registered } from '../support/engine.js';

// Issue 10, wired: each question of sign-up, profile editing, HAPUS DATA, the invitation
// and the idle state, answered the way people here type. A value is stored only when it
// was meant; anything else is asked back, answered, or left alone.

type Registered = Extract<EngineEvent, { type: 'person_registered' }>;
type Updated = Extract<EngineEvent, { type: 'profile_updated' }>;

const at = (step: number) => SIGNUP_ANSWERS.slice(0, step);
const NAME = at(2);
const BUSINESS = at(3);
const SECTOR = at(4);
const KECAMATAN = at(5);
const PHONE = at(6);
const YEAR = at(7);
const OMZET = at(8);

function draftAfter(inputs: readonly string[]) {
  const { state, last } = play(inputs);
  const flow = state.flow;
  if (flow?.name !== 'signup') throw new Error(`not in sign-up: ${JSON.stringify(flow)}`);
  return { flow, last };
}

describe('sign-up: the answer is read out of the whole message', () => {
  it.each([
    ['iya setuju', 'name'],
    ['inggih setuju ai', 'name'],
    ['y', 'name'],
    ['1', 'name'],
    ['bersedia bu', 'name'],
  ])('consent "%s" agrees', (answer, step) => {
    expect(draftAfter(['halo', answer]).flow.step).toBe(step);
  });

  it.each(['2', 'tidak setuju', 'kada hakun'])('consent "%s" refuses and nothing is kept', (answer) => {
    const { state, last } = play(['halo', answer]);
    expect(state.flow).toBeNull();
    expect(keysOf(last.events)).toEqual(['signup.consent_refused']);
  });

  it('an unclear consent repeats only the short question, never the whole consent text', () => {
    const { last } = play(['halo', 'hmm gimana ya']);
    expect(keysOf(last.events)).not.toContain('signup.consent');
    expect(keysOf(last.events).at(-1)).toBe('signup.consent_short');
  });

  it('"buat apa data saya?" at consent is answered from the FAQ, then the short question again', () => {
    const { state, last } = play(['halo', 'buat apa data saya?']);
    expect(keysOf(last.events)).toEqual(['faq.data_use', 'common.resume', 'signup.consent_short']);
    expect(state.flow).toMatchObject({ name: 'signup', step: 'consent' });
  });

  it.each([
    ['nama saya Siti Rahmah', 'Siti Rahmah'],
    ['ulun Rahmat', 'Rahmat'],
    ['Hj. Nurul Hidayah', 'Hj. Nurul Hidayah'],
  ])('name "%s" is stored as "%s"', (answer, name) => {
    expect(draftAfter([...NAME, answer]).flow.draft.name).toBe(name);
  });

  it.each([
    ['ya', 'understand.name.other_answer'],
    ['buat apa data saya?', 'faq.data_use'],
    // Issue 12: a question the FAQ cannot answer goes to staff; one of a word or two is answered honestly, no ticket.
    ['jam berapa sekarang?', 'tickets.opened_question'],
    ['apa?', 'understand.unanswered'],
  ])('"%s" at the name question is never a name', (answer, key) => {
    const { flow, last } = draftAfter([...NAME, answer]);
    expect(flow.step).toBe('name');
    expect(flow.draft.name).toBeUndefined();
    expect(keysOf(last.events)).toContain(key);
    expect(keysOf(last.events).at(-1)).toBe('signup.ask_name');
  });

  it('"kembali" at the name question is a command, not a name, and says so', () => {
    const { flow, last } = draftAfter([...NAME, 'kembali']);
    expect(flow.draft.name).toBeUndefined();
    expect(keysOf(last.events)).toEqual(['understand.command_name', 'signup.ask_name']);
  });

  it('the business name drops the lead-in', () => {
    expect(draftAfter([...BUSINESS, 'nama usahanya Amplang Bu Ijah']).flow.draft.business).toBe('Amplang Bu Ijah');
  });

  it.each([
    ['jualan kue bingka', 1, 'jualan kue bingka'],
    ['sy jual pulsa bu', 6, 'jual pulsa'],
    ['bengkel motor', 4, 'bengkel motor'],
    ['2', 2, undefined],
  ])('sector "%s" is stored with the person\'s own words', (answer, sectorId, activity) => {
    const { flow } = draftAfter([...SECTOR, answer]);
    expect(flow.step).toBe('kecamatan');
    expect(flow.draft.sectorId).toBe(sectorId);
    expect(flow.draft.activity).toBe(activity);
  });

  it('a sector that fits several is asked back with numbers, the words kept for the answer that follows', () => {
    const asked = draftAfter([...SECTOR, 'jual ikan']);
    expect(asked.flow.step).toBe('sector');
    expect(keysOf(asked.last.events)).toEqual(['understand.ask.ambiguous', 'signup.ask_sector']);
    expect(asked.last.events.some((e) => e.type === 'answer_missed')).toBe(true);
    const picked = draftAfter([...SECTOR, 'jual ikan', '6']);
    expect(picked.flow.draft).toMatchObject({ sectorId: 6, activity: 'jual ikan' });
  });

  it.each([
    ['Bjm Utara', 5],
    ['banjar selatan', 2],
    ['bjm tim', 4],
    ['Kelayan Barat', 2],
    ['Sungai Miai', 5],
    ['Pekapuran Raya', 4],
    ['Pelambuan', 1],
    ['3', 3],
  ])('kecamatan "%s" is understood', (answer, kecamatanId) => {
    const { flow } = draftAfter([...KECAMATAN, answer]);
    expect(flow.step).toBe('phone');
    expect(flow.draft.kecamatanId).toBe(kecamatanId);
  });

  it('a place outside the city is asked back, naming it', () => {
    const { flow, last } = draftAfter([...KECAMATAN, 'banjarbaru']);
    expect(flow.step).toBe('kecamatan');
    expect(keysOf(last.events)[0]).toBe('understand.ask.outside_city');
  });

  it.each([['no wa sy 0812-5123-4477', '+6281251234477']])('mobile "%s"', (answer, phone) => {
    expect(draftAfter([...PHONE, answer]).flow.draft.phone).toBe(phone);
  });

  it.each([['mulai thn 2018', 2018], ['dari tahun 2015 pak', 2015]])('year "%s"', (answer, year) => {
    expect(draftAfter([...YEAR, answer]).flow.draft.year).toBe(year);
  });

  it.each([
    ['omset sy kira2 6 juta', 6_000_000],
    ['sebulan bisa 10 juta', 10_000_000],
    ['7 juta 500', 7_500_000],
    ['juta setengah', 1_500_000],
  ])('omzet "%s" is %d', (answer, omzet) => {
    expect(draftAfter([...OMZET, answer]).flow.draft.omzet).toBe(omzet);
  });

  it('a bare "1" after "Maksud Bapak/Ibu Rp5.000.000? 1. Ya 2. Tidak" is the yes, never Rp1.000.000', () => {
    const { flow } = draftAfter([...OMZET, '5', '1']);
    expect(flow.step).toBe('summary');
    expect(flow.draft.omzet).toBe(5_000_000);
  });

  it('"2" to the same question asks for the full amount', () => {
    const { flow, last } = draftAfter([...OMZET, '5', '2']);
    expect(flow.step).toBe('omzet');
    expect(flow.draft.omzet).toBeUndefined();
    expect(keysOf(last.events)).toEqual(['money.reask', 'signup.ask_omzet']);
  });

  it('the activity is registered with the person', () => {
    const answers = [...SECTOR, 'jualan kue bingka', ...SIGNUP_ANSWERS.slice(5), 'ya'];
    const { last } = play(answers);
    const registeredEvent = last.events.find((e) => e.type === 'person_registered') as Registered;
    expect(registeredEvent.profile).toMatchObject({ sectorId: 1, activity: 'jualan kue bingka' });
  });
});

describe('profile editing', () => {
  const me = context({ person: { ...registered, activity: 'jualan kopi' } });
  const edit = (inputs: string[]) => play(inputs, me);

  it.each([
    ['ubah bidang usaha', 'signup.ask_sector'],
    ['ubah tahun mulai usaha', 'signup.ask_year'],
    ['ubah nomor hp', 'signup.ask_phone'],
    ['ubah omset', 'signup.ask_omzet'],
  ])('"%s" asks the field itself', (command, key) => {
    expect(keysOf(edit([command]).last.events)).toEqual([key]);
  });

  it('"ubah" then "Tahun mulai usaha" (the label the profile shows) asks the year', () => {
    expect(keysOf(edit(['ubah', 'Tahun mulai usaha']).last.events)).toEqual(['signup.ask_year']);
  });

  it('"ubah" then a number picks the field in the order shown', () => {
    expect(keysOf(edit(['ubah', '3']).last.events)).toEqual(['signup.ask_sector']);
  });

  it('a new sector is saved with the new words for it', () => {
    const { last } = edit(['ubah bidang usaha', 'skrg buka laundry']);
    const updated = last.events.find((e) => e.type === 'profile_updated') as Updated;
    expect(updated).toMatchObject({ field: 'sector', value: 4, activity: expect.stringContaining('laundry') });
  });

  it('a bare figure as the new omzet is confirmed, and "1" is the yes', () => {
    const { last } = edit(['ubah omzet', '8', '1']);
    expect(last.events.find((e) => e.type === 'profile_updated')).toEqual({ type: 'profile_updated', field: 'omzet', value: 8_000_000 });
  });

  it('the profile shows the activity', () => {
    const { last } = edit(['profil']);
    const params = last.events.flatMap((e) => (e.type === 'message_created' ? e.text : [])).find((t) => t.key === 'profile.view')?.params;
    expect(params).toMatchObject({ activity: 'jualan kopi' });
  });
});

describe('HAPUS DATA confirmation', () => {
  const me = context({ person: registered });
  it.each(['iya hapus aja', 'ya', '1'])('"%s" erases', (answer) => {
    const { last } = play(['HAPUS DATA', answer], me);
    expect(last.events.some((e) => e.type === 'personal_data_erased')).toBe(true);
  });
  it.each(['gak jadi', 'tidak', '2'])('"%s" keeps the data', (answer) => {
    const { last } = play(['HAPUS DATA', answer], me);
    expect(last.events.some((e) => e.type === 'personal_data_erased')).toBe(false);
    expect(keysOf(last.events)[0]).toBe('erase.kept');
  });
  it('"hmm" asks again and erases nothing', () => {
    const { state, last } = play(['HAPUS DATA', 'hmm'], me);
    expect(state.flow).toEqual({ name: 'erase_confirm' });
    expect(last.events.some((e) => e.type === 'personal_data_erased')).toBe(false);
  });
});

const DIGITAL = { id: '3', title: 'Pemasaran Digital', startsAt: '2026-12-12T01:00:00.000Z', place: 'Aula Dinas' };
const workshops = (open = [DIGITAL]): WorkshopContext => ({ timeZone: 'Asia/Makassar', defaultDurationMs: 3 * 3_600_000, open, mine: [] });
const invited: WorkshopSystemInput = {
  type: 'system',
  event: 'workshop_invited',
  workshop: { ...DIGITAL, description: null, endsAt: '2026-12-12T04:00:00.000Z', capacity: 30 },
  timeZone: 'Asia/Makassar',
  telegramBot: 'WirabotBjmBot',
};

describe('RSVP right after an invitation', () => {
  const me: TurnContext = context({ person: registered, workshops: workshops() });
  const afterInvitation = (answer: string) => play([invited as TurnInput, answer], me);

  it.each(['ikut', 'sy ikut bu', 'hadir insyaallah', 'hadir kak insya Allah', 'ok hadir', 'daftar pak', '1'])('"%s" asks for a seat', (answer) => {
    expect(afterInvitation(answer).last.events.filter((e) => e.type !== 'message_created')).toEqual([{ type: 'rsvp_made', workshopId: '3' }]);
  });

  it('"ok" alone is asked back, the invitation still open', () => {
    const { state, last } = afterInvitation('ok');
    expect(last.events.some((e) => e.type === 'rsvp_made')).toBe(false);
    expect(keysOf(last.events)).toEqual(['workshop.rsvp_reask']);
    expect(state.workshop?.choice).toBe('3');
  });
});

describe('the idle state', () => {
  const me: TurnContext = context({ person: registered, workshops: workshops() });
  const idle = (message: string, ctx = me, start?: ConversationState) => play([message], ctx, start).last;

  it.each(['pelatihan', 'ada pelatihan apa?', 'info pelatihan dong'])('"%s" lists the open workshops and how to join', (message) => {
    const last = idle(message);
    expect(keysOf(last.events)).toEqual(['workshop.idle_open']);
    const list = last.events.flatMap((e) => (e.type === 'message_created' ? e.text : []))[0]?.params?.list;
    expect(String(list)).toContain('Pemasaran Digital');
  });

  it('with no workshop open it says so', () => {
    expect(keysOf(idle('pelatihan', context({ person: registered, workshops: workshops([]) })).events)).toEqual(['workshop.idle_none_open']);
  });

  it.each([
    ['makasih', 'understand.idle_smalltalk'],
    ['👍', 'understand.idle_smalltalk'],
    ['halo', 'understand.idle_greeting'],
  ])('"%s" gets a short friendly answer, not "belum mengerti" and the menu', (message, key) => {
    const last = idle(message);
    expect(keysOf(last.events)).toEqual([key]);
  });

  it('"ini gratis?" is answered from the FAQ', () => {
    expect(keysOf(idle('ini gratis?').events)).toEqual(['faq.free']);
  });

  // Issue 12: a question the FAQ cannot answer goes to staff (it was "answered honestly" before the tickets).
  it('a question the FAQ cannot answer goes to staff', () => {
    const last = idle('kapan bantuan modal cair?');
    expect(last.events).toContainEqual({ type: 'ticket_opened', text: 'kapan bantuan modal cair?', via: 'question' });
    expect(keysOf(last.events)).toEqual(['tickets.opened_question', 'tickets.hours_unknown']);
  });

  it('a "question" of a word or two opens no ticket: it is answered honestly', () => {
    const last = idle('kok gitu?');
    expect(last.events.some((e) => e.type === 'ticket_opened')).toBe(false);
    expect(keysOf(last.events)).toEqual(['understand.unanswered']);
  });

  it('gibberish still gets the menu, and is kept as a miss of the idle question', () => {
    const last = idle('qwrtp zxv');
    expect(keysOf(last.events)).toEqual(['common.not_understood', 'menu.registered']);
    expect(last.events).toContainEqual({ type: 'answer_missed', question: 'idle', text: 'qwrtp zxv' });
  });
});

describe('numbers on every numbered question of sign-up', () => {
  const summary = [...SIGNUP_ANSWERS];

  it('after "tidak" at the summary, "1" picks the first field shown (the name), it does not register', () => {
    const { state, last } = play([...summary, 'tidak', '1']);
    expect(last.events.some((e) => e.type === 'person_registered')).toBe(false);
    expect(state.flow).toMatchObject({ name: 'signup', step: 'name', backToSummary: true });
    expect(keysOf(last.events)).toEqual(['signup.ask_name']);
  });

  it('"6" picks the year, and the new year goes back to the summary', () => {
    const { state } = play([...summary, 'tidak', '6', '2015']);
    expect(state.flow).toMatchObject({ name: 'signup', step: 'summary', draft: { year: 2015 } });
  });

  it('"bidang usaha" at the summary asks the sector again', () => {
    const { state } = play([...summary, 'bidang usaha']);
    expect(state.flow).toMatchObject({ name: 'signup', step: 'sector', backToSummary: true });
  });

  it('a number that is not a field is asked back, nothing registered', () => {
    const { state, last } = play([...summary, 'tidak', '9']);
    expect(last.events.some((e) => e.type === 'person_registered')).toBe(false);
    expect(state.flow).toMatchObject({ name: 'signup', step: 'summary', choosingField: true });
  });
});
