import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/unions.js';
import { SIGNUP_ANSWERS, context, keysOf, play, registered, typesOf } from '../support/engine.js';

// The commands that work in any state, and how each one keeps (or ends) the person's place.

const midSignup = SIGNUP_ANSWERS.slice(0, 3); // the business name is being asked
const asRegistered = context({ person: registered });
const asOptedOut = context({ person: { ...registered, optedOut: true } });

type Row = [title: string, ctx: ReturnType<typeof context>, before: string[], input: string, keys: string[], events: string[], flowAfter: string | null];

const rows: Row[] = [
  ['"menu" mid sign-up shows help and then repeats the question', context(), midSignup, 'menu', ['menu.help', 'common.resume', 'signup.ask_business'], ['message_created', 'message_created'], 'signup'],
  ['"Bantuan!" is the same as menu', context(), midSignup, 'Bantuan!', ['menu.help', 'common.resume', 'signup.ask_business'], ['message_created', 'message_created'], 'signup'],
  // Issue 16 item 8: in English mode, `help` during sign-up is the help, not "You are not registered yet".
  ['"help" in English mid sign-up shows the help and repeats the question', context(), [...midSignup, 'bahasa en'], 'help', ['menu.help', 'common.resume', 'signup.ask_business'], ['message_created', 'message_created'], 'signup'],
  ['"batal" mid sign-up drops the draft and says how to come back', context(), midSignup, 'batal', ['cancel.signup', 'menu.unregistered'], ['message_created', 'message_created'], null],
  ['"batalkan pesanan" is an answer, not a command', context(), midSignup, 'batalkan pesanan', ['signup.ask_sector'], ['message_created'], 'signup'],
  ['"profil" before registering says so and keeps the place', context(), midSignup, 'profil', ['common.not_registered', 'common.resume', 'signup.ask_business'], ['message_created', 'message_created'], 'signup'],
  ['"bahasa en" switches language and repeats the question', context(), midSignup, 'bahasa en', ['language.changed', 'common.resume', 'signup.ask_business'], ['language_changed', 'message_created', 'message_created'], 'signup'],
  ['"HAPUS DATA" mid sign-up drops the unfinished draft', context(), midSignup, 'HAPUS DATA', ['erase.nothing_stored'], ['personal_data_erased', 'message_created'], null],
  ['"BERHENTI" before registering says nothing will be sent', context(), midSignup, 'BERHENTI', ['stop.not_registered', 'common.resume', 'signup.ask_business'], ['message_created', 'message_created'], 'signup'],
  ['"menu" for a registered person shows the menu', asRegistered, [], 'menu', ['menu.help', 'menu.registered'], ['message_created', 'message_created'], null],
  ['"profil" shows the stored profile', asRegistered, [], 'profil', ['profile.view'], ['message_created'], null],
  ['"ubah omzet" asks the new omzet', asRegistered, [], 'ubah omzet', ['signup.ask_omzet'], ['message_created'], 'edit'],
  ['"ubah" alone asks which field', asRegistered, [], 'ubah', ['edit.which_field'], ['message_created'], 'edit'],
  ['"BERHENTI" stops announcements', asRegistered, [], 'BERHENTI', ['stop.done'], ['announcements_stopped', 'message_created'], null],
  ['"berhenti" twice says it is already stopped', asOptedOut, [], 'berhenti', ['stop.already'], ['message_created'], null],
  ['"MULAI" resumes announcements', asOptedOut, [], 'MULAI', ['resume.done'], ['announcements_resumed', 'message_created'], null],
  ['"HAPUS DATA" asks for confirmation first', asRegistered, [], 'HAPUS DATA', ['erase.confirm'], ['message_created'], 'erase_confirm'],
  ['"ya" to the confirmation erases', asRegistered, ['hapus data'], 'ya', ['erase.done'], ['personal_data_erased', 'message_created'], null],
  ['"tidak" to the confirmation keeps the data', asRegistered, ['hapus data'], 'tidak', ['erase.kept', 'menu.registered'], ['message_created', 'message_created'], null],
  ['an unclear confirmation asks again', asRegistered, ['hapus data'], 'hmm', ['understand.yes_no.unclear', 'erase.confirm_short'], ['message_created'], 'erase_confirm'],
  ['"batal" during the confirmation keeps the data', asRegistered, ['hapus data'], 'batal', ['cancel.erase_confirm', 'menu.registered'], ['message_created', 'message_created'], null],
  ['"daftar" when registered gives the member number', asRegistered, [], 'daftar', ['signup.already', 'menu.registered'], ['message_created', 'message_created'], null],
  ['unknown text from a registered person shows the menu', asRegistered, [], 'qwrtp zxv', ['common.not_understood', 'menu.registered'], ['answer_missed', 'message_created', 'message_created'], null],
  ['a bare number right after the menu picks from it', asRegistered, ['menu'], '2', ['profile.view'], ['message_created'], null],
  ['an unknown /command mid sign-up is refused and the question repeated', context(), midSignup, '/umumkan', ['common.unknown_command', 'common.resume', 'signup.ask_business'], ['message_created', 'message_created'], 'signup'],
  ['an unknown /command from a registered person shows the menu', asRegistered, [], '/rekap', ['common.unknown_command', 'menu.registered'], ['message_created', 'message_created'], null],
  ['"batal" with nothing going on says so', asRegistered, [], 'batal', ['cancel.nothing', 'menu.registered'], ['message_created', 'message_created'], null],
];

describe('always-available commands', () => {
  it.each(rows)('%s', (_title, ctx, before, input, keys, events, flowAfter) => {
    const { last } = play([...before, input], ctx);
    expect(keysOf(last.events)).toEqual(keys);
    expect(typesOf(last.events)).toEqual(events);
    expect(last.state.flow?.name ?? null).toEqual(flowAfter);
  });
});

describe('editing one field', () => {
  it('"ubah omzet" then "10jt" updates the omzet', () => {
    const { last } = play(['ubah omzet', '10jt'], asRegistered);
    expect(last.events[0]).toEqual({ type: 'profile_updated', field: 'omzet', value: 10_000_000 });
    expect(keysOf(last.events)).toEqual(['edit.done']);
  });

  it('"ubah" then "kecamatan" then "timur" updates the kecamatan', () => {
    const { last } = play(['ubah', 'kecamatan', 'timur'], asRegistered);
    expect(last.events[0]).toEqual({ type: 'profile_updated', field: 'kecamatan', value: 4 });
  });

  it('"menu" during an edit keeps the edit going', () => {
    const { last } = play(['ubah nama', 'menu', 'Siti Rahmah'], asRegistered);
    expect(last.events[0]).toEqual({ type: 'profile_updated', field: 'name', value: 'Siti Rahmah' });
  });

  it('a guessed omzet is confirmed before it is saved', () => {
    const { turns } = play(['ubah omzet', '8', 'ya'], asRegistered);
    expect(keysOf(turns[1]!.events)).toEqual(['money.confirm']);
    expect(turns[2]!.events[0]).toEqual({ type: 'profile_updated', field: 'omzet', value: 8_000_000 });
  });
});

describe('language', () => {
  it('"bahasa en" then "bahasa id" switches back', () => {
    const { state, turns } = play(['bahasa en', 'bahasa id'], asRegistered);
    expect(state.lang).toBe('id');
    expect(turns[0]!.events[0]).toEqual({ type: 'language_changed', lang: 'en' } satisfies EngineEvent);
  });
});
