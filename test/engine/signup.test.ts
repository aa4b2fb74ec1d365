import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/unions.js';
import { SIGNUP_ANSWERS, context, keysOf, play, sticker, typesOf } from '../support/engine.js';

// Table-driven: given the answers so far, this reply produces these messages, events and step.

type Row = [title: string, before: string[], input: string, keys: string[], events: string[], step: string | null];

const reachSummary = SIGNUP_ANSWERS;

const rows: Row[] = [
  ['any first message starts sign-up with a welcome and the consent question', [], 'halo', ['signup.welcome', 'signup.consent'], ['message_created', 'message_created'], 'consent'],
  ['/start also starts sign-up', [], '/start', ['signup.welcome', 'signup.consent'], ['message_created', 'message_created'], 'consent'],
  ['"daftar" also starts sign-up', [], 'daftar', ['signup.welcome', 'signup.consent'], ['message_created', 'message_created'], 'consent'],
  ['a Banjar "inggih" agrees and the name is asked', ['halo'], 'inggih', ['signup.consent_thanks', 'signup.ask_name'], ['message_created'], 'name'],
  ['"kada" refuses consent: the chat is forgotten (consent_refused) and nothing is stored', ['halo'], 'kada', ['signup.consent_refused'], ['consent_refused', 'message_created'], null],
  ['an unclear consent answer asks again with the short question only', ['halo'], 'mungkin', ['understand.yes_no.unclear', 'signup.consent_short'], ['message_created'], 'consent'],
  ['a name of digits only is refused with an example', ['halo', 'ya'], '12345', ['understand.name.other_answer', 'signup.ask_name'], ['answer_missed', 'message_created'], 'name'],
  ['a good name moves on to the business name', ['halo', 'ya'], 'Siti Aminah', ['signup.ask_business'], ['message_created'], 'business'],
  ['the business name is taken as typed, then the sector list', ['halo', 'ya', 'Siti'], 'Kopi & Roti Asli', ['signup.ask_sector'], ['message_created'], 'sector'],
  ['a sector with a typo is understood', reachSummary.slice(0, 4), 'kulner', ['signup.ask_kecamatan'], ['message_created'], 'kecamatan'],
  ['a sector by number is understood', reachSummary.slice(0, 4), '2', ['signup.ask_kecamatan'], ['message_created'], 'kecamatan'],
  ['an unknown sector is answered with an example', reachSummary.slice(0, 4), 'roket', ['understand.sector.unclear', 'signup.ask_sector'], ['answer_missed', 'message_created'], 'sector'],
  ['"banjarmasin" alone is too general and asks for the kecamatan or kelurahan', reachSummary.slice(0, 5), 'banjarmasin', ['understand.ask.too_general', 'signup.ask_kecamatan'], ['answer_missed', 'message_created'], 'kecamatan'],
  ['"utara" picks Banjarmasin Utara', reachSummary.slice(0, 5), 'utara', ['signup.ask_phone'], ['message_created'], 'phone'],
  ['a bad phone number is answered with an example', reachSummary.slice(0, 6), '12', ['understand.phone.other_answer', 'signup.ask_phone'], ['answer_missed', 'message_created'], 'phone'],
  ['a phone number moves on to the year', reachSummary.slice(0, 6), '+62 812 3456 7890', ['signup.ask_year'], ['message_created'], 'year'],
  ['a year in the future is refused', reachSummary.slice(0, 7), '2030', ['understand.ask.year_unclear', 'signup.ask_year'], ['answer_missed', 'message_created'], 'year'],
  ['"sejak 2019" is understood', reachSummary.slice(0, 7), 'sejak 2019', ['signup.ask_omzet'], ['message_created'], 'omzet'],
  ['a range of omzet asks for one number', reachSummary.slice(0, 8), '3-4 juta', ['understand.ask.range', 'signup.ask_omzet'], ['message_created'], 'omzet'],
  ['"banyak" as omzet asks again with an example', reachSummary.slice(0, 8), 'banyak', ['understand.ask.unclear', 'signup.ask_omzet'], ['answer_missed', 'message_created'], 'omzet'],
  ['a bare "5" is confirmed as Rp5.000.000 rather than stored', reachSummary.slice(0, 8), '5', ['money.confirm'], ['message_created'], 'omzet'],
  ['"iya" confirms the guessed amount and shows the summary', [...reachSummary.slice(0, 8), '5'], 'iya', ['signup.summary'], ['message_created'], 'summary'],
  ['"tidak" to the guess asks for the full amount', [...reachSummary.slice(0, 8), '5'], 'tidak', ['money.reask', 'signup.ask_omzet'], ['message_created'], 'omzet'],
  ['"7,5 juta" reaches the summary', reachSummary.slice(0, 8), '7,5 juta', ['signup.summary'], ['message_created'], 'summary'],
  ['the summary button "Ya, simpan" registers the person', reachSummary, 'Ya, simpan', ['signup.done', 'menu.registered'], ['person_registered', 'message_created', 'message_created'], null],
  ['"1" (the only choice at the summary) registers the person', reachSummary, '1', ['signup.done', 'menu.registered'], ['person_registered', 'message_created', 'message_created'], null],
  ['"ya" at the summary registers the person', reachSummary, 'ya', ['signup.done', 'menu.registered'], ['person_registered', 'message_created', 'message_created'], null],
  ['naming a field at the summary asks it again', reachSummary, 'omzet', ['signup.ask_omzet'], ['message_created'], 'omzet'],
  ['"tidak" at the summary asks which field to change', reachSummary, 'tidak', ['signup.which_field'], ['message_created'], 'summary'],
];

describe('sign-up, step by step', () => {
  it.each(rows)('%s', (_title, before, input, keys, events, step) => {
    const { last } = play([...before, input]);
    expect(keysOf(last.events)).toEqual(keys);
    expect(typesOf(last.events)).toEqual(events);
    const flow = last.state.flow;
    expect(flow && flow.name === 'signup' ? flow.step : null).toEqual(step);
  });
});

describe('sign-up results', () => {
  it('registers exactly what the person answered, with consent and phone as E.164', () => {
    const { last } = play([...SIGNUP_ANSWERS, 'ya']);
    const registered = last.events.find((e) => e.type === 'person_registered') as Extract<EngineEvent, { type: 'person_registered' }>;
    expect(registered.profile).toEqual({ name: 'Siti Aminah', business: 'Kopi & Roti Asli', sectorId: 1, activity: null, kecamatanId: 5, phone: '+6281234567890', year: 2019, omzet: 7_500_000 });
    expect(registered.phoneVerified).toBe(false);
    expect(registered.consent).toEqual({ version: 'consent-test', decidedAt: '2026-11-27T02:00:00.000Z', lang: 'id' });
  });

  it('skips the phone question when the channel vouches for the number', () => {
    const ctx = context({ verifiedPhone: '+6281111111111' });
    const { turns, last } = play(['halo', 'ya', 'Siti', 'Warung Siti', '1', '3', '2015', '2 juta', 'ya'], ctx);
    expect(turns.flatMap((t) => keysOf(t.events))).not.toContain('signup.ask_phone');
    const registered = last.events.find((e) => e.type === 'person_registered') as Extract<EngineEvent, { type: 'person_registered' }>;
    expect(registered.profile.phone).toBe('+6281111111111');
    expect(registered.phoneVerified).toBe(true);
  });

  it('a field changed from the summary returns to the summary with the new value', () => {
    const { state, last } = play([...SIGNUP_ANSWERS, 'omzet', '500rb']);
    expect(keysOf(last.events)).toEqual(['signup.summary']);
    expect(state.flow && state.flow.name === 'signup' ? state.flow.draft.omzet : null).toBe(500_000);
  });

  it('refusing consent leaves no draft behind', () => {
    const { state, turns } = play(['halo', 'tidak']);
    expect(state.flow).toBeNull();
    expect(turns.flatMap((t) => typesOf(t.events))).not.toContain('person_registered');
  });

  it('a sticker asks for text and repeats the current question', () => {
    const { last } = play(['halo', 'ya', sticker]);
    expect(keysOf(last.events)).toEqual(['common.text_only', 'signup.ask_name']);
  });

  it('after three misunderstood answers in a row, menu and batal are offered too', () => {
    const { turns } = play(['halo', 'ya', 'Siti', 'Warung Siti', 'x', 'y', 'z']);
    expect(keysOf(turns[4]!.events)).not.toContain('common.stuck_hint');
    expect(keysOf(turns[6]!.events)).toContain('common.stuck_hint');
  });

  it('a good answer resets the misunderstanding count', () => {
    const { last } = play(['halo', 'ya', 'Siti', 'Warung', 'x', 'y', '1', 'zzz']);
    expect(last.state.strikes).toBe(1);
  });

  it('the sector and kecamatan questions offer the lists as choices', () => {
    const { turns } = play(SIGNUP_ANSWERS.slice(0, 5));
    const sectorQuestion = turns[3]!.events[0] as Extract<EngineEvent, { type: 'message_created' }>;
    expect(sectorQuestion.choices?.map((c) => c.params?.text)).toEqual(['Kuliner', 'Fesyen', 'Kerajinan', 'Jasa', 'Pertanian/Perikanan', 'Perdagangan', 'Lainnya']);
  });

  it('the phone question offers a share-contact button', () => {
    const { last } = play(SIGNUP_ANSWERS.slice(0, 6));
    expect((last.events[0] as Extract<EngineEvent, { type: 'message_created' }>).requestContact).toBe(true);
  });

  it('a shared contact of the sender\'s own answers the phone question as verified', () => {
    const { last } = play([...SIGNUP_ANSWERS.slice(0, 6), { type: 'message', kind: 'contact', text: '+6281299998888', contactIsOwn: true }, '2019', '1 juta', 'ya']);
    const registered = last.events.find((e) => e.type === 'person_registered') as Extract<EngineEvent, { type: 'person_registered' }>;
    expect(registered.profile.phone).toBe('+6281299998888');
    expect(registered.phoneVerified).toBe(true);
  });
});
