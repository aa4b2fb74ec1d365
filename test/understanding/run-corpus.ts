import { readFileSync } from 'node:fs';
import { loadCityVocabulary } from '../../src/city/load.js';
import {
  readBusinessName, readCheckinOmzet, readChoice, readChoices, readConsent, readEditField, readEraseConfirm, readIdle,
  readKecamatan, readMobile, readMoneyConfirm, readPersonName, readRsvp, readSector, readSellsOnline, readSignupOmzet,
  readWorkers, readYear, type Ask, type ChoiceDef, type NotAnswer, type ReadContext, type Reading,
} from '../../src/engine/parse/understand/index.js';
import type { Vocabulary } from '../../src/engine/parse/vocabulary.js';
import { engine } from '../../src/capabilities.js';
import { initialState, type ConversationState } from '../../src/engine/core/state.js';
import type { ProfileDraft } from '../../src/engine/profile/state.js';
import type { EngineEvent, TurnContext, TurnInput } from '../../src/engine/unions.js';
import { SURVEY } from '../checkin/fixtures.js';
import { SIGNUP_ANSWERS, context, kecamatan, registered, sectors } from '../support/engine.js';

// Scores an understanding corpus file (test/understanding/corpus/README.md) through the
// engine: each entry is a conversation put at its question, the text sent, and what the bot
// stored, asked back or answered observed (`playEntry`). The readers alone can still be
// scored (`mode: 'readers'`, the `ADAPTERS`). The file is an argument: the held-out part is
// run once, at the end, by whoever holds the bar.

export interface CorpusEntry {
  readonly id: string;
  readonly question: string;
  readonly text: string;
  readonly context?: ReadContext & { readonly options?: readonly unknown[] };
  readonly expect: { readonly value?: unknown; readonly ask?: true; readonly notAnswer?: string; readonly topic?: string };
}

/** What the bot did with a message. */
export interface Outcome {
  readonly stored?: { readonly value: unknown };
  readonly notAnswer?: { readonly what: string; readonly topic?: string };
}

export interface Failure {
  readonly id: string;
  readonly question: string;
  readonly text: string;
  readonly expected: CorpusEntry['expect'];
  readonly got: Reading<unknown> | Ask | NotAnswer | ({ readonly kind: 'engine' } & EngineOutcome);
  readonly wrongStore: boolean;
}

export interface TypeScore {
  total: number;
  understood: number;
  wrongStored: number;
}

export interface CorpusScore {
  readonly total: number;
  readonly understood: number;
  readonly share: number;
  readonly wrongStored: number;
  readonly byType: Readonly<Record<string, TypeScore>>;
  readonly failures: readonly Failure[];
}

const root = new URL('../../', import.meta.url);

const survey = JSON.parse(readFileSync(new URL('src/survey/default.json', root), 'utf8')) as {
  questions: { id: string; options?: { id: string; label: { id: string; en: string }; aliases: string[] }[] }[];
};

function surveyOptions(question: string): ChoiceDef[] {
  const q = survey.questions.find((x) => x.id === question);
  return (q?.options ?? []).map((o) => ({ id: o.id, labels: [o.label.id, o.label.en, ...o.aliases] }));
}

const PLATFORMS = surveyOptions('platform_online');
const OBSTACLES = surveyOptions('hambatan');

type Adapter = (text: string, vocab: Vocabulary, ctx: ReadContext) => Reading<unknown> | Ask | NotAnswer;

/** One line per question type: the reader the flow will call there. */
export const ADAPTERS: Readonly<Record<string, Adapter>> = {
  consent: readConsent,
  name: (t, v) => readPersonName(t, v),
  business: (t, v) => readBusinessName(t, v),
  sector: readSector,
  kecamatan: readKecamatan,
  phone: (t, v) => readMobile(t, v),
  year: readYear,
  signup_omzet: readSignupOmzet,
  checkin_omzet: readCheckinOmzet,
  checkin_workers: readWorkers,
  checkin_online: readSellsOnline,
  checkin_platforms: (t, v, c) => readChoices(t, v, 'platform_online', PLATFORMS, c),
  checkin_obstacle: (t, v, c) => readChoice(t, v, 'hambatan', OBSTACLES, c),
  rsvp: readRsvp,
  yes_no_confirm: readMoneyConfirm,
  erase_confirm: readEraseConfirm,
  edit_field: readEditField,
  idle: readIdle,
};

export function outcomeOf(reading: Reading<unknown> | Ask | NotAnswer): Outcome {
  if (reading.kind === 'value') return { stored: { value: reading.value } };
  if (reading.kind === 'not_answer') return { notAnswer: { what: reading.what, ...(reading.topic ? { topic: reading.topic } : {}) } };
  return {};
}

const squash = (s: unknown): string => String(s).trim().replace(/\s+/g, ' ').toLowerCase();

function sameValue(question: string, expected: unknown, got: unknown): boolean {
  if (question === 'name' || question === 'business') return typeof got === 'string' && squash(got) === squash(expected);
  if (question === 'checkin_platforms') {
    return Array.isArray(got) && Array.isArray(expected) && JSON.stringify([...got].sort()) === JSON.stringify([...expected].sort());
  }
  return JSON.stringify(got) === JSON.stringify(expected);
}

/** Whether the bot understood the entry, and whether it stored something wrong. */
export function judge(entry: CorpusEntry, outcome: Outcome): { understood: boolean; wrongStore: boolean } {
  const x = entry.expect;
  if ('value' in x) {
    if (outcome.stored === undefined) return { understood: false, wrongStore: false };
    const ok = sameValue(entry.question, x.value, outcome.stored.value);
    return { understood: ok, wrongStore: !ok };
  }
  if (outcome.stored !== undefined) return { understood: false, wrongStore: true };
  if (x.ask === true) return { understood: outcome.notAnswer?.what !== 'command', wrongStore: false };
  const ok = outcome.notAnswer?.what === x.notAnswer && (x.topic === undefined || outcome.notAnswer?.topic === x.topic);
  return { understood: ok, wrongStore: false };
}

export function loadCorpus(file: string | URL): CorpusEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusEntry);
}


// ---- Through the engine -------------------------------------------------------------------
// Each entry is played as a conversation: the person is put at that question (by answering
// the questions before it, or by the job that asks it), the text is sent, and what the bot
// did is observed: the value it would store (the draft, the event), a question answered (FAQ
// or not), small talk, a command carried out, or nothing stored and the question asked again.

type Playable = { readonly ctx: TurnContext; readonly state: ConversationState; readonly at: (s: ConversationState) => boolean };

const SECTOR_CODES = sectors.map((s) => s.code);
const KECAMATAN_CODES = kecamatan.map((k) => k.code);
const DIGITAL = { id: '3', title: 'Pemasaran Digital', startsAt: '2026-12-12T01:00:00.000Z', place: 'Aula Dinas' };
// Already registered for it, so that a withdrawal has something to withdraw.
const WORKSHOPS = { timeZone: 'Asia/Makassar', defaultDurationMs: 3 * 3_600_000, open: [DIGITAL], mine: [{ workshopId: DIGITAL.id, status: 'confirmed' as const }] };
const INVITED: TurnInput = {
  type: 'system',
  event: 'workshop_invited',
  workshop: { ...DIGITAL, description: null, endsAt: '2026-12-12T04:00:00.000Z', capacity: 30 },
  timeZone: 'Asia/Makassar',
  telegramBot: 'WirabotBjmBot',
};
const SIGNUP_STEPS: Record<string, number> = { consent: 1, name: 2, business: 3, sector: 4, kecamatan: 5, phone: 6, year: 7, signup_omzet: 8 };
const CHECKIN_STEPS: Record<string, { before: string[]; question: string }> = {
  checkin_omzet: { before: [], question: 'omzet' },
  checkin_workers: { before: ['6 juta'], question: 'pekerja' },
  checkin_online: { before: ['6 juta', '2 orang'], question: 'jualan_online' },
  checkin_platforms: { before: ['6 juta', '2 orang', 'ya'], question: 'platform_online' },
  checkin_obstacle: { before: ['6 juta', '2 orang', 'tidak'], question: 'hambatan' },
};

function startState(lang: 'id' | 'en'): ConversationState {
  return { ...initialState(), lang };
}

function playTo(inputs: readonly (string | TurnInput)[], ctx: TurnContext, lang: 'id' | 'en'): ConversationState {
  let state = startState(lang);
  for (const input of inputs) state = engine.handleTurn(state, typeof input === 'string' ? { type: 'message', kind: 'text', text: input } : input, ctx).state;
  return state;
}

const setups = new Map<string, Playable>();

/** The conversation at the entry's question (cached per question type, language and context). */
function setUp(entry: CorpusEntry, vocab: Vocabulary): Playable {
  const lang = entry.context?.lang === 'en' ? 'en' : 'id';
  const key = `${entry.question}|${lang}|${entry.context?.previousOmzet ?? ''}|${entry.context?.guess ?? ''}`;
  const cachedSetup = setups.get(key);
  if (cachedSetup && cachedSetup.ctx.vocabulary === vocab) return cachedSetup;
  const made = build(entry, vocab, lang);
  setups.set(key, made);
  return made;
}

function build(entry: CorpusEntry, vocab: Vocabulary, lang: 'id' | 'en'): Playable {
  const q = entry.question;
  const signupStep = SIGNUP_STEPS[q];
  if (signupStep !== undefined) {
    const ctx = context({ vocabulary: vocab });
    const step = q === 'signup_omzet' ? 'omzet' : q;
    return { ctx, state: playTo(SIGNUP_ANSWERS.slice(0, signupStep), ctx, lang), at: (s) => s.flow?.name === 'signup' && s.flow.step === step && s.flow.pendingMoney === undefined };
  }
  if (q === 'yes_no_confirm') {
    const ctx = context({ vocabulary: vocab });
    const atOmzet = playTo(SIGNUP_ANSWERS.slice(0, 8), ctx, lang);
    const flow = atOmzet.flow?.name === 'signup' ? { ...atOmzet.flow, pendingMoney: entry.context?.guess ?? 5_000_000 } : atOmzet.flow;
    return { ctx, state: { ...atOmzet, flow }, at: (s) => s.flow?.name === 'signup' && s.flow.pendingMoney !== undefined };
  }
  const me = context({ vocabulary: vocab, person: registered, workshops: WORKSHOPS });
  if (q === 'erase_confirm') return { ctx: me, state: playTo(['HAPUS DATA'], me, lang), at: (s) => s.flow?.name === 'erase_confirm' };
  if (q === 'edit_field') return { ctx: me, state: playTo(['ubah'], me, lang), at: (s) => s.flow?.name === 'edit' && s.flow.field === null };
  if (q === 'rsvp') return { ctx: me, state: playTo([INVITED], me, lang), at: (s) => s.workshop?.choice === DIGITAL.id };
  if (q === 'idle') return { ctx: me, state: startState(lang), at: (s) => s.flow === null };
  const checkin = CHECKIN_STEPS[q];
  if (checkin !== undefined) {
    const previous = entry.context?.previousOmzet ?? 7_500_000;
    const ctx = context({
      vocabulary: vocab,
      person: { ...registered, omzet: previous > 0 ? previous : null },
      checkin: { period: '2026-11', survey: SURVEY, vocabulary: vocab, completed: false, history: previous > 0 ? [previous] : [], growth: { bandPercent: 10, window: 3 } },
    });
    const opened: TurnInput = { type: 'system', event: 'checkin_opened', period: '2026-11' };
    return { ctx, state: playTo([opened, ...checkin.before], ctx, lang), at: (s) => s.flow?.name === 'checkin' && s.flow.question === checkin.question };
  }
  throw new Error(`${entry.id}: no conversation for question type ${q}`);
}

/** What the bot did with one message at the entry's question. */
export interface EngineOutcome extends Outcome {
  /** The locale keys it said, for the failure listing. */
  readonly keys: readonly string[];
}

export function playEntry(entry: CorpusEntry, vocab: Vocabulary): EngineOutcome {
  const { ctx, state, at } = setUp(entry, vocab);
  // A conversation that could not be put at the question (the flows before it changed) scores as not understood.
  if (!at(state)) return { keys: [`(not at ${entry.question}: ${JSON.stringify(state.flow)})`] };
  const turn = engine.handleTurn(state, { type: 'message', kind: 'text', text: entry.text }, ctx);
  const keys = turn.events.flatMap((e) => (e.type === 'message_created' ? e.text.map((t) => t.key) : []));
  const stored = storedValue(entry, state, turn.state, turn.events);
  if (stored !== undefined) return { stored: { value: stored }, keys };
  return { ...notAnAnswer(entry, state, turn.state, turn.events, keys, vocab), keys };
}

function storedValue(entry: CorpusEntry, before: ConversationState, after: ConversationState, events: readonly EngineEvent[]): unknown {
  const q = entry.question;
  const draft = after.flow?.name === 'signup' ? after.flow.draft : undefined;
  const code = (list: readonly string[], id: number | undefined) => (id === undefined ? undefined : list[id - 1]);
  const fresh = (field: keyof ProfileDraft) => (before.flow?.name === 'signup' && before.flow.draft[field] === undefined ? draft?.[field] : undefined);
  switch (q) {
    case 'consent':
      if (after.flow?.name === 'signup' && after.flow.consentedAt !== undefined) return true;
      return keysOf(events).includes('signup.consent_refused') ? false : undefined;
    case 'name':
      return fresh('name');
    case 'business':
      return fresh('business');
    case 'sector':
      return code(SECTOR_CODES, fresh('sectorId') as number | undefined);
    case 'kecamatan':
      return code(KECAMATAN_CODES, fresh('kecamatanId') as number | undefined);
    case 'phone':
      return fresh('phone');
    case 'year':
      return fresh('year');
    case 'signup_omzet':
      return after.flow?.name === 'signup' && after.flow.pendingMoney === undefined ? fresh('omzet') : undefined;
    case 'yes_no_confirm': {
      const guess = before.flow?.name === 'signup' ? before.flow.pendingMoney : undefined;
      if (draft?.omzet !== undefined) return draft.omzet === guess ? true : { amount: draft.omzet };
      return keysOf(events).includes('money.reask') ? false : undefined;
    }
    case 'erase_confirm':
      if (events.some((e) => e.type === 'personal_data_erased')) return true;
      // `batal` at the confirmation keeps the data, as `tidak` does.
      return keysOf(events).some((k) => k === 'erase.kept' || k === 'cancel.erase_confirm') ? false : undefined;
    case 'edit_field':
      return after.flow?.name === 'edit' && after.flow.field !== null ? after.flow.field : undefined;
    case 'rsvp': {
      const made = events.find((e) => e.type === 'rsvp_made' || e.type === 'rsvp_cancelled');
      return made === undefined ? undefined : made.type === 'rsvp_made' ? 'attend' : 'withdraw';
    }
    case 'idle':
      return undefined;
    default: {
      const answered = events.find((e) => e.type === 'checkin_answered' && e.question === CHECKIN_STEPS[q]?.question);
      if (answered?.type === 'checkin_answered') return answered.value;
      // An option that asks for its details next ("lainnya: sebutkan") was understood.
      return after.flow?.name === 'checkin' && after.flow.detailFor ? after.flow.detailFor.value : undefined;
    }
  }
}

const keysOf = (events: readonly EngineEvent[]) => events.flatMap((e) => (e.type === 'message_created' ? e.text.map((t) => t.key) : []));

// What a command leaves behind: its own words, or the question left.
const COMMAND_KEYS = /^(?:understand\.command|cancel\.|menu\.help|language\.|profile\.view|stop\.|resume\.|erase\.confirm|signup\.already|signup\.welcome|checkin\.(?:paused|resume|nothing|no_period)|common\.unknown_command|edit\.which_field|signup\.ask_)/u;

function notAnAnswer(entry: CorpusEntry, before: ConversationState, after: ConversationState, events: readonly EngineEvent[], keys: readonly string[], vocab: Vocabulary): Outcome {
  const faq = keys.find((k) => k.startsWith('faq.'));
  if (faq) return { notAnswer: { what: 'question', ...topicOf(faq.slice(4), vocab) } };
  if (keys.some((k) => k.startsWith('workshop.idle_'))) return { notAnswer: { what: 'question', topic: 'workshops' } };
  if (keys.includes('understand.unanswered') || keys.includes('tickets.opened_question')) return { notAnswer: { what: 'question' } };
  if (keys.some((k) => k === 'understand.smalltalk' || k === 'understand.idle_smalltalk' || k === 'understand.idle_greeting' || k === 'checkin.ask.smalltalk')) return { notAnswer: { what: 'smalltalk' } };
  const ownQuestion = ({ edit_field: 'edit.which_field', erase_confirm: 'erase.confirm_short' } as Record<string, string>)[entry.question] ?? null;
  // A command takes the person away from the question (another flow, or none); a changed copy of the same flow is still it.
  const left = (before.flow?.name ?? null) !== (after.flow?.name ?? null);
  const commandSaid = keys.some((k) => COMMAND_KEYS.test(k) && k !== ownQuestion && !k.startsWith('signup.ask_'));
  if (commandSaid || events.some((e) => e.type === 'language_changed') || (left && !keys.some((k) => k.startsWith('understand.ask')))) {
    return { notAnswer: { what: 'command' } };
  }
  return {};
}

function topicOf(faqId: string, vocab: Vocabulary): { topic?: string } {
  const entry = vocab.faq.find((f) => f.id === faqId);
  return entry ? { topic: entry.topic } : {};
}

/** How entries are scored: through the engine (a conversation at the question), or the readers alone. */
export type CorpusMode = 'engine' | 'readers';

/** Scores every entry of a corpus file; `vocab` defaults to the Banjarmasin city data. */
export function scoreCorpus(file: string | URL, vocab: Vocabulary = loadCityVocabulary(), mode: CorpusMode = 'engine'): CorpusScore {
  const byType: Record<string, TypeScore> = {};
  const failures: Failure[] = [];
  let understood = 0;
  let wrongStored = 0;
  const entries = loadCorpus(file);
  for (const entry of entries) {
    let outcome: Outcome;
    let got: Failure['got'];
    if (mode === 'engine') {
      const played = playEntry(entry, vocab);
      outcome = played;
      got = { kind: 'engine', ...played };
    } else {
      const adapter = ADAPTERS[entry.question];
      if (adapter === undefined) throw new Error(`${entry.id}: no reader for question type ${entry.question}`);
      const read = adapter(entry.text, vocab, entry.context ?? {});
      outcome = outcomeOf(read);
      got = read;
    }
    const verdict = judge(entry, outcome);
    const score = (byType[entry.question] ??= { total: 0, understood: 0, wrongStored: 0 });
    score.total++;
    if (verdict.understood) {
      score.understood++;
      understood++;
    } else failures.push({ id: entry.id, question: entry.question, text: entry.text, expected: entry.expect, got, wrongStore: verdict.wrongStore });
    if (verdict.wrongStore) {
      score.wrongStored++;
      wrongStored++;
    }
  }
  return { total: entries.length, understood, share: entries.length === 0 ? 0 : understood / entries.length, wrongStored, byType, failures };
}

/** One line saying what the bot did, for listings. */
export function describeGot(got: Failure['got']): string {
  if (got.kind === 'engine') {
    if (got.stored) return `stored ${JSON.stringify(got.stored.value)}`;
    if (got.notAnswer) return `${got.notAnswer.what}${got.notAnswer.topic ? ` ${got.notAnswer.topic}` : ''} (${got.keys.join(' ')})`;
    return `asked back (${got.keys.join(' ')})`;
  }
  if (got.kind === 'value') return `value ${JSON.stringify(got.value)}`;
  if (got.kind === 'ask') return `ask ${got.reason}`;
  return `${got.what}${got.topic ? ` ${got.topic}` : ''}`;
}
