import { describe, expect, it } from 'vitest';
import type { Input } from '../../src/engine/core/vocabulary.js';
import type { EngineEvent } from '../../src/engine/unions.js';
import { SIGNUP_ANSWERS, context, keysOf, play, registered, typesOf } from '../support/engine.js';

// A number on the imported register meets its chat (issue 13): "is this you?" with the name
// and business on record, then consent; only both give the event that links the chat.
// Replies as people type them on WhatsApp, in Indonesian and Banjar.

const match = { name: 'Hj. Rahmah', business: 'Sasirangan Rahmah' };
const wa = context({ channel: 'whatsapp', verifiedPhone: '+6281151002233', imported: match });

type Row = [title: string, replies: string[], keys: string[], events: string[], flow: string | null];

const rows: Row[] = [
  ['any first message shows the record and asks whether it is theirs', ['assalamualaikum'], ['import.link.found', 'import.link.confirm'], ['message_created'], 'imported'],
  ['"daftar" also asks first', ['daftar'], ['import.link.found', 'import.link.confirm'], ['message_created'], 'imported'],
  ['"iya" to the record asks for consent', ['ya', 'iya'], ['signup.consent'], ['message_created'], 'imported'],
  ['the button "Ya, itu saya" asks for consent', ['halo', 'Ya, itu saya'], ['signup.consent'], ['message_created'], 'imported'],
  ['"inggih" then "setuju" links (and nothing else is said by the engine: the runtime says the outcome)', ['halo', 'inggih', 'setuju'], [], ['imported_person_claimed'], null],
  ['"1" then "1" links, as the numbered choices on WhatsApp', ['halo', '1', '1'], [], ['imported_person_claimed'], null],
  ['"gak" to consent is a refusal as at sign-up: the chat is forgotten', ['halo', 'iya', 'gak'], ['signup.consent_refused'], ['consent_refused', 'message_created'], null],
  ['"kada" to consent refuses too', ['halo', 'iya', 'kada'], ['signup.consent_refused'], ['consent_refused', 'message_created'], null],
  ['an unclear consent answer asks again, with the short question only', ['halo', 'ya', 'nanti saya pikir2'], ['understand.yes_no.unclear', 'signup.consent_short'], ['message_created'], 'imported'],
  ['"bukan" goes on to an ordinary sign-up', ['halo', 'bukan'], ['import.link.not_them', 'signup.welcome', 'signup.consent'], ['message_created', 'message_created', 'message_created'], 'signup'],
  ['"kada, bukan ulun" in Banjar too', ['halo', 'kada, bukan ulun'], ['import.link.not_them', 'signup.welcome', 'signup.consent'], ['message_created', 'message_created', 'message_created'], 'signup'],
  ['"maaf salah sambung" is a stranger: not them', ['halo', 'maaf salah sambung'], ['import.link.not_them', 'signup.welcome', 'signup.consent'], ['message_created', 'message_created', 'message_created'], 'signup'],
  ['"mungkin" is not an answer: asked again', ['halo', 'mungkin'], ['understand.ask.unsure', 'import.link.confirm'], ['message_created'], 'imported'],
  ['markup is not an answer either', ['halo', '<script>alert(1)</script>'], ['understand.ask.hostile', 'import.link.confirm'], ['message_created'], 'imported'],
];

describe('imported record meets its chat (engine)', () => {
  it.each(rows)('%s', (_title, replies, keys, events, flow) => {
    const { last, state } = play(replies, wa);
    expect(keysOf(last.events)).toEqual(keys);
    expect(typesOf(last.events)).toEqual(events);
    expect(state.flow?.name ?? null).toBe(flow);
  });

  it('the confirm question names only the name and business on record', () => {
    const { last } = play(['halo'], wa);
    const confirm = (last.events as EngineEvent[]).find((e) => e.type === 'message_created' && e.text.some((t) => t.key === 'import.link.confirm'));
    expect(confirm).toMatchObject({ text: [{ key: 'import.link.found' }, { key: 'import.link.confirm', params: { name: 'Hj. Rahmah', business: 'Sasirangan Rahmah' } }] });
    expect(JSON.stringify(last.events)).not.toMatch(/0811|6281151002233|kecamatan|omzet/u);
  });

  it('consent is recorded with the version shown and the time of the "ya"', () => {
    const { last } = play(['halo', 'iya', 'setuju'], wa);
    expect(last.events[0]).toEqual({ type: 'imported_person_claimed', consent: { version: 'consent-test', decidedAt: wa.now.toISOString(), lang: 'id' } });
  });

  it('after "bukan" the chat is never asked about the record again, even typing "daftar"', () => {
    const { state } = play(['halo', 'bukan', 'batal'], wa);
    expect(state.imported).toEqual({ declined: true });
    const again = play(['daftar'], wa, state);
    expect(keysOf(again.last.events)).toEqual(['signup.welcome', 'signup.consent']);
  });

  it('without a match (or for someone registered) nothing changes: sign-up, or the menu', () => {
    expect(keysOf(play(['halo'], context({ channel: 'whatsapp', verifiedPhone: '+6281151002233', imported: null })).last.events)).toEqual(['signup.welcome', 'signup.consent']);
    const member = play(['daftar'], context({ person: registered, imported: match }));
    expect(keysOf(member.last.events)[0]).toBe('signup.already');
  });

  it('the record gone meanwhile (linked elsewhere, erased): said so, then sign-up', () => {
    const { state } = play(['halo'], wa);
    const gone = play(['ya'], context({ channel: 'whatsapp', verifiedPhone: '+6281151002233', imported: null }), state);
    expect(keysOf(gone.last.events)).toEqual(['import.link.gone', 'signup.welcome', 'signup.consent']);
    expect(typesOf(gone.last.events)).not.toContain('imported_person_claimed');
  });

  it('"batal" at the question links nothing', () => {
    const { last, state } = play(['halo', 'batal'], wa);
    expect(keysOf(last.events)[0]).toBe('import.link.cancelled');
    expect(typesOf(last.events)).not.toContain('imported_person_claimed');
    expect(state.flow).toBeNull();
  });
});

describe('a Telegram chat that shares its own contact', () => {
  const tg = context({ channel: 'telegram', verifiedPhone: '+6281151002233', imported: match });
  const ownContact: Input = { type: 'message', kind: 'contact', text: '+6281151002233', contactIsOwn: true };

  it('at sign-up\'s phone question is asked about the record; consent given at sign-up is not asked twice', () => {
    const beforePhone = SIGNUP_ANSWERS.slice(0, 6);
    const atPhone = play(beforePhone, context({ channel: 'telegram' }));
    expect(atPhone.state.flow).toMatchObject({ name: 'signup', step: 'phone' });
    const shared = play([ownContact], tg, atPhone.state);
    expect(keysOf(shared.last.events)).toEqual(['import.link.found', 'import.link.confirm']);
    const yes = play(['iya betul'], tg, shared.state);
    expect(typesOf(yes.last.events)).toEqual(['imported_person_claimed']);
  });

  it('"bukan" goes back to the sign-up with the shared number taken', () => {
    const atPhone = play(SIGNUP_ANSWERS.slice(0, 6), context({ channel: 'telegram' }));
    const shared = play([ownContact, 'bukan saya'], tg, atPhone.state);
    expect(keysOf(shared.last.events)).toEqual(['import.link.not_them', 'signup.ask_year']);
    expect(shared.state.flow).toMatchObject({ name: 'signup', step: 'year', draft: { name: 'Siti Aminah', phone: '+6281151002233' }, phoneVerified: true });
  });

  it('someone else\'s contact card (the channel vouches for no number, so no match is loaded) stays a typed number at sign-up', () => {
    const atPhone = play(SIGNUP_ANSWERS.slice(0, 6), context({ channel: 'telegram' }));
    const { last, state } = play([{ type: 'message', kind: 'contact', text: '+6281151002233', contactIsOwn: false }], context({ channel: 'telegram' }), atPhone.state);
    expect(keysOf(last.events)).toEqual(['signup.ask_year']);
    expect(state.flow).toMatchObject({ name: 'signup', phoneVerified: false });
  });
});
