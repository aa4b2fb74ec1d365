import { engine } from '../../src/capabilities.js';
import { loadCityVocabulary } from '../../src/city/load.js';
import { initialState, type ConversationState } from '../../src/engine/core/state.js';
import type { Input, PersonSnapshot } from '../../src/engine/core/vocabulary.js';
import type { EngineEvent, TurnContext, TurnInput } from '../../src/engine/unions.js';

// A fixed world for engine tests (the default reference lists, a fixed clock), and one way
// to play a conversation: inputs typed or sent by a job, turn after turn.

export const sectors = [
  { id: 1, code: 'kuliner', name: 'Kuliner', aliases: ['makanan', 'minuman'] },
  { id: 2, code: 'fesyen', name: 'Fesyen', aliases: ['fashion', 'pakaian'] },
  { id: 3, code: 'kerajinan', name: 'Kerajinan', aliases: [] },
  { id: 4, code: 'jasa', name: 'Jasa', aliases: [] },
  { id: 5, code: 'pertanian', name: 'Pertanian/Perikanan', aliases: ['pertanian', 'perikanan'] },
  { id: 6, code: 'perdagangan', name: 'Perdagangan', aliases: ['dagang'] },
  { id: 7, code: 'lainnya', name: 'Lainnya', aliases: [] },
];
export const kecamatan = ['Barat', 'Selatan', 'Tengah', 'Timur', 'Utara'].map((p, i) => ({ id: i + 1, code: `bjm-${p.toLowerCase()}`, name: `Banjarmasin ${p}`, aliases: [] }));

/** The Banjarmasin city vocabulary, as the runtime loads it (no additions). */
export const vocabulary = loadCityVocabulary();

export const registered: PersonSnapshot = {
  memberNo: 'BJM-000123',
  name: 'Siti Aminah',
  business: 'Kopi & Roti <Asli>',
  activity: null,
  sectorId: 1,
  kecamatanId: 5,
  phone: '+6281234567890',
  year: 2019,
  omzet: 7_500_000,
  optedOut: false,
};

export function context(overrides: Partial<TurnContext> = {}): TurnContext {
  return {
    now: new Date('2026-11-27T02:00:00Z'),
    channel: 'console',
    person: null,
    verifiedPhone: null,
    sectors,
    kecamatan,
    vocabulary,
    consentVersion: 'consent-test',
    ...overrides,
  };
}

export const text = (t: string): Input => ({ type: 'message', kind: 'text', text: t });
export const sticker: Input = { type: 'message', kind: 'non_text', text: '' };

/** The locale keys of every message a turn produced, in order. */
export function keysOf(events: readonly EngineEvent[]): string[] {
  // The footer (said after the choices) is read last, as the person reads it.
  return events.flatMap((e) => (e.type === 'message_created' ? [...e.text, ...(e.footer ?? [])].map((t) => t.key) : []));
}

export function typesOf(events: readonly EngineEvent[]): string[] {
  return events.map((e) => e.type);
}

/** Plays a conversation (typed text, or any input); returns the state and the events of each turn. */
export function play(inputs: readonly (string | TurnInput)[], ctx = context(), start: ConversationState = initialState()) {
  let state = start;
  const turns: { events: readonly EngineEvent[]; state: ConversationState }[] = [];
  for (const input of inputs) {
    const out = engine.handleTurn(state, typeof input === 'string' ? text(input) : input, ctx);
    state = out.state;
    turns.push(out);
  }
  return { state, turns, last: turns[turns.length - 1]! };
}

export const SIGNUP_ANSWERS = ['halo', 'ya', 'Siti Aminah', 'Kopi & Roti Asli', 'kulner', 'utara', '0812-3456-7890', '2019', '7,5 juta'];
