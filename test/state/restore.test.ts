import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engine } from '../../src/capabilities.js';
import { restoreState, STATE_VERSION, type ConversationState } from '../../src/engine/core/state.js';
import type { EngineEvent, TurnContext } from '../../src/engine/unions.js';
import { checkinContext } from '../checkin/fixtures.js';
import { context, keysOf, play, registered, typesOf } from '../support/engine.js';

// Stored conversation states of the previous version, saved by that version's code: each is
// read back through the migrations and played to its end. A state that cannot be read takes
// the person back to a safe point with a short message, and keeps what can still be read.

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');

function stored(name: string): unknown {
  return (JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as { state: unknown }).state;
}

function restored(name: string): ConversationState {
  const { state, issue } = restoreState(stored(name));
  expect(issue).toBeNull();
  expect(state.version).toBe(STATE_VERSION);
  return state;
}

const lastEvent = (events: readonly EngineEvent[], type: EngineEvent['type']) => events.filter((e) => e.type === type).at(-1);

const rina = { id: '7', name: 'Rina' };
const workshops = (open: { id: string; title: string }[]) => ({
  timeZone: 'Asia/Makassar',
  defaultDurationMs: 3 * 3_600_000,
  open: open.map((w, i) => ({ ...w, startsAt: `2026-12-${12 + 2 * i}T01:00:00.000Z`, place: 'Aula Dinas' })),
  mine: [],
});

describe('stored states of version 1, played to their end', () => {
  it('every fixture is one this test plays', () => {
    expect(readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()).toEqual(
      ['mid-checkin', 'mid-signup', 'mid-signup-money-guess', 'mid-umumkan-preview', 'mid-umumkan-segment', 'mid-workshop-create', 'rsvp-pick'].map((n) => `${n}.json`).sort(),
    );
  });

  it('mid sign-up: the kecamatan, phone, year and omzet, then "ya" registers the person', () => {
    const { turns } = play(['utara', '0812-3456-7890', '2019', '7,5 juta', 'ya'], context(), restored('mid-signup'));
    const registration = lastEvent(turns.at(-1)!.events, 'person_registered');
    expect(registration).toMatchObject({ profile: { name: 'Siti Aminah', business: 'Kopi & Roti <Asli>', sectorId: 1, kecamatanId: 5, year: 2019, omzet: 7_500_000 } });
  });

  it('mid sign-up at "Maksud Anda Rp8.000.000?": "ya" takes it, the summary follows, "ya" registers', () => {
    const { turns } = play(['ya', 'ya'], context(), restored('mid-signup-money-guess'));
    expect(keysOf(turns[0]!.events)).toEqual(['signup.summary']);
    expect(lastEvent(turns[1]!.events, 'person_registered')).toMatchObject({ profile: { name: 'Budi Santoso', omzet: 8_000_000, phone: '+6281234567891' } });
  });

  it('mid check-in: the answers so far are kept, and the rest of the survey (then "ya" at its summary) completes it', () => {
    const state = restored('mid-checkin');
    expect(state.checkin?.answers).toEqual({ omzet: { value: 6_000_000 }, pekerja: { value: 2 } });
    const { turns } = play(['ya', 'instagram', 'modal', 'ya'], checkinContext(), state);
    expect(lastEvent(turns.at(-1)!.events, 'checkin_completed')).toMatchObject({ period: '2026-11', omzet: 6_000_000 });
  });

  it('mid /umumkan at the recipients: the broadcast flow asks for the preview, "ya" sends it', () => {
    const state = restored('mid-umumkan-segment');
    expect(state.staffFlow).toMatchObject({ name: 'broadcast', step: 'segment' });
    const { turns } = play(['kecamatan=Banjarmasin Utara, status=stagnan', 'ya'], context({ staff: rina }), state);
    expect(typesOf(turns[0]!.events)).toEqual(['broadcast_preview_requested']);
    expect(turns[1]!.events).toEqual([
      { type: 'broadcast_confirmed', staffId: '7', text: 'Halo {nama}, ada pelatihan untuk {usaha}.', segment: { filters: [{ kind: 'kecamatan', values: [5] }, { kind: 'status', values: ['stagnan'] }] } },
    ]);
  });

  it('mid /umumkan at the preview: "ya" sends it', () => {
    const { last } = play(['ya'], context({ staff: rina }), restored('mid-umumkan-preview'));
    expect(typesOf(last.events)).toEqual(['broadcast_confirmed']);
  });

  it('mid workshop creation: date, place and capacity, then "ya" creates it', () => {
    const ctx = context({ staff: rina, workshops: workshops([]) });
    const { last } = play(['12/12/2026 09.00', 'Aula Dinas Koperasi', '30', 'ya'], ctx, restored('mid-workshop-create'));
    expect(lastEvent(last.events, 'workshop_created')).toMatchObject({
      workshop: { title: 'Pemasaran Digital untuk UMKM', description: 'Cara berjualan lewat Instagram', place: 'Aula Dinas Koperasi', capacity: 30 },
    });
  });

  it('waiting for an RSVP choice: "2" takes a seat at the second workshop', () => {
    const ctx: TurnContext = context({ person: registered, workshops: workshops([{ id: '1', title: 'Pemasaran Digital' }, { id: '2', title: 'Pembukuan Sederhana' }]) });
    const { last } = play(['2'], ctx, restored('rsvp-pick'));
    expect(last.events).toEqual([{ type: 'rsvp_made', workshopId: '2' }]);
    expect(last.state.workshop).toEqual({ seen: '2' });
  });
});

describe('a stored state that cannot be read', () => {
  it('a flow nobody knows is dropped; the person is told and taken back to the start', () => {
    const broken = { ...(stored('mid-signup') as object), flow: { name: 'signup', step: 'shoe size', draft: {} } };
    const turn = engine.handleStoredTurn(broken, { type: 'message', kind: 'text', text: 'halo' }, context());
    expect(turn.issue).toMatchObject({ kind: 'invalid', dropped: ['flow'] });
    expect(keysOf(turn.events)).toEqual(['common.state_lost', 'signup.welcome', 'signup.consent']);
  });

  it('a check-in is never silently dropped: its answers are kept and it goes on from there', () => {
    const broken = { ...(stored('mid-checkin') as object), flow: { name: 'checkin', question: 42 } };
    const turn = engine.handleStoredTurn(broken, { type: 'message', kind: 'text', text: 'halo' }, checkinContext());
    expect(turn.issue).toMatchObject({ kind: 'invalid', dropped: ['flow'] });
    expect(turn.state.checkin?.answers).toEqual({ omzet: { value: 6_000_000 }, pekerja: { value: 2 } });
    expect(keysOf(turn.events)).toEqual(['common.state_lost', 'understand.idle_greeting', 'checkin.resume', 'common.literal']);
    expect(turn.state.flow).toEqual({ name: 'checkin', question: 'jualan_online' });
  });

  it('a version from the future keeps what it can read, and says nothing when nothing was lost', () => {
    const turn = engine.handleStoredTurn({ version: 99, lang: 'en', flow: null, strikes: 0, menuShown: false }, { type: 'message', kind: 'text', text: 'halo' }, context({ person: registered }));
    expect(turn.issue).toMatchObject({ kind: 'unknown_version', version: 99, dropped: [] });
    expect(turn.before.lang).toBe('en');
    expect(keysOf(turn.events)).toEqual(['understand.idle_greeting']);
  });

  it('text that is no state at all starts afresh, and says so', () => {
    const { state, issue } = restoreState('not json at all');
    expect(issue).toMatchObject({ kind: 'unknown_version' });
    expect(state).toEqual({ version: STATE_VERSION, lang: 'id', flow: null, strikes: 0, menuShown: false });
  });
});
