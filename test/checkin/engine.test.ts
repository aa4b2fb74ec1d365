import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../src/engine/core/state.js';
import type { EngineEvent, TurnContext, TurnInput } from '../../src/engine/unions.js';
import { context, registered, typesOf } from '../support/engine.js';
import { Q, answers, checkinContext, lastReminder, opened, openCheckin, reminder, shown } from './fixtures.js';
import { play as playTurns } from '../support/engine.js';

// The check-in conversation, turn by turn, in the pure engine: what the person is shown,
// what is recorded, and where they are afterwards.

const ctx = checkinContext();
const toWorkers = [opened, '9 juta'];
const toOnline = [...toWorkers, '3'];
const toObstacle = [...toOnline, 'tidak'];

type Row = [title: string, ctx: TurnContext, before: (string | TurnInput)[], input: string | TurnInput, shown: string[], events: string[], at: string | null];

const flowAt = (state: ConversationState) => (state.flow?.name === 'checkin' ? `checkin:${state.flow.question}` : (state.flow?.name ?? null));

const rows: Row[] = [
  ['an idle person is greeted and asked the omzet at once', ctx, [], opened, ['checkin.intro', Q.omzet], ['message_created'], 'checkin:omzet'],
  ['opening the same period twice says nothing the second time', ctx, [opened], opened, [], [], 'checkin:omzet'],
  ['a person in the middle of an edit is not interrupted', ctx, ['ubah nama'], opened, [], [], 'edit'],
  ['a person who already reported is not asked again', checkinContext({ completed: true }), [], opened, [], [], null],
  ['an opening for another period than the open one is ignored', ctx, [], { ...opened, period: '2026-10' }, [], [], null],
  ['"9 juta" is recorded and the workers are asked', ctx, [opened], '9 juta', [Q.workers], ['checkin_answered', 'message_created'], 'checkin:pekerja'],
  ['a bare "5" is confirmed as Rp5.000.000 before it is recorded', ctx, [opened], '5', ['checkin.confirm_money'], ['message_created'], 'checkin:omzet'],
  ['"ya" confirms the guessed omzet', ctx, [opened, '5'], 'ya', [Q.workers], ['checkin_answered', 'message_created'], 'checkin:pekerja'],
  ['"tidak" to the guess asks for the full amount', ctx, [opened, '5'], 'tidak', ['money.reask', Q.omzet], ['message_created'], 'checkin:omzet'],
  ['a new amount instead of "ya" is read as the answer', ctx, [opened, '5'], '6,5 juta', [Q.workers], ['checkin_answered', 'message_created'], 'checkin:pekerja'],
  ['"banyak" as omzet asks again with an example', ctx, [opened], 'banyak', ['money.invalid', Q.omzet], ['message_created'], 'checkin:omzet'],
  ['a range of omzet asks for one figure', ctx, [opened], '3-4 juta', ['money.range', Q.omzet], ['message_created'], 'checkin:omzet'],
  ['"3 orang" answers the workers question', ctx, toWorkers, '3 orang', [Q.online], ['checkin_answered', 'message_created'], 'checkin:jualan_online'],
  ['"2" during the survey is an answer, not a menu pick', ctx, ['menu', ...toWorkers], '2', [Q.online], ['checkin_answered', 'message_created'], 'checkin:jualan_online'],
  ['zero workers is refused: the owner counts', ctx, toWorkers, '0', ['checkin.invalid_count', Q.workers], ['message_created'], 'checkin:pekerja'],
  ['"ya" to selling online asks where', ctx, toOnline, 'ya', [Q.platforms], ['checkin_answered', 'message_created'], 'checkin:platform_online'],
  ['"tidak" to selling online skips the platforms', ctx, toOnline, 'tidak', [Q.obstacle], ['checkin_answered', 'message_created'], 'checkin:hambatan'],
  ['an unclear yes/no asks again', ctx, toOnline, 'mungkin', ['checkin.invalid_yes_no', Q.online], ['message_created'], 'checkin:jualan_online'],
  ['a platform not on the list asks again with an example', ctx, [...toOnline, 'ya'], 'friendster', ['checkin.invalid_choices', Q.platforms], ['message_created'], 'checkin:platform_online'],
  ['an obstacle not on the list asks again', ctx, toObstacle, 'zzz', ['checkin.invalid_choice', Q.obstacle], ['message_created'], 'checkin:hambatan'],
  ['"lainnya" as obstacle asks what it is', ctx, toObstacle, 'lainnya', [Q.otherDetail], ['message_created'], 'checkin:hambatan'],
  ['"menu" mid-survey shows help and repeats the question', ctx, toWorkers, 'menu', ['menu.help', 'menu.registered', 'common.resume', Q.workers], ['message_created', 'message_created', 'message_created'], 'checkin:pekerja'],
  ['"profil" mid-survey shows the profile and repeats the question', ctx, toWorkers, 'profil', ['profile.view', 'common.resume', Q.workers], ['message_created', 'message_created'], 'checkin:pekerja'],
  ['"batal" pauses and keeps the answers', ctx, toWorkers, 'batal', ['checkin.paused', 'menu.registered'], ['message_created', 'message_created'], null],
  ['"LAPOR" after "batal" resumes at the next question', ctx, [...toWorkers, 'batal'], 'LAPOR', ['checkin.resume', Q.workers], ['message_created'], 'checkin:pekerja'],
  ['"lapor" without an invitation starts the check-in', ctx, [], 'lapor', ['checkin.intro', Q.omzet], ['message_created'], 'checkin:omzet'],
  ['"LAPOR" mid-survey repeats the question', ctx, toWorkers, 'LAPOR', ['checkin.resume', Q.workers], ['message_created'], 'checkin:pekerja'],
  ['"LAPOR" after reporting says it is done', checkinContext({ completed: true }), [], 'LAPOR', ['checkin.already_done'], ['message_created'], null],
  ['"LAPOR" with no period open says so', context({ person: registered }), [], 'LAPOR', ['checkin.no_period'], ['message_created'], null],
  ['"LAPOR" before registering asks to register', context(), [], 'LAPOR', ['checkin.not_registered'], ['message_created'], null],
  ['"BERHENTI" mid-survey stops and pauses the check-in', ctx, toWorkers, 'BERHENTI', ['stop.done'], ['announcements_stopped', 'message_created'], null],
  ['a sticker mid-survey asks for text and repeats the question', ctx, toWorkers, { type: 'message', kind: 'non_text', text: '' }, ['common.text_only', Q.workers], ['message_created'], 'checkin:pekerja'],
  ['a reminder repeats the question the person is at', ctx, toWorkers, reminder, ['checkin.reminder', Q.workers], ['message_created'], 'checkin:pekerja'],
  ['the last reminder says it is the last', ctx, toWorkers, lastReminder, ['checkin.last_reminder', Q.workers], ['message_created'], 'checkin:pekerja'],
  ['a reminder after "batal" asks the next question again', ctx, [...toWorkers, 'batal'], reminder, ['checkin.reminder', Q.workers], ['message_created'], 'checkin:pekerja'],
  ['a reminder to someone busy only says to type LAPOR', ctx, [opened, 'ubah nama'], reminder, ['checkin.reminder', 'checkin.reminder_busy'], ['message_created'], 'edit'],
  ['a reminder to someone who reported says nothing', checkinContext({ completed: true }), [], reminder, [], [], null],
  ['an answer after the period closed is politely refused', context({ person: registered }), toWorkers, '3', ['checkin.closed', 'menu.registered'], ['message_created', 'message_created'], null],
  ['an answer after the period closed, with the next one open, starts the next', checkinContext({ period: '2026-12' }), toWorkers, '3', ['checkin.closed', 'checkin.intro', Q.omzet], ['message_created'], 'checkin:omzet'],
];

describe('check-in, turn by turn', () => {
  it.each(rows)('%s', (_title, turnCtx, before, input, keys, events, at) => {
    // Earlier turns happen while 2026-11 is open; the last one in the row's world.
    const { state } = playTurns(before, ctx);
    const { last } = playTurns([input], turnCtx, state);
    expect(shown(last.events)).toEqual(keys);
    expect(typesOf(last.events)).toEqual(events);
    expect(flowAt(last.state)).toEqual(at);
  });
});

const completedEvent = (events: readonly EngineEvent[]) => events.find((e) => e.type === 'checkin_completed') as Extract<EngineEvent, { type: 'checkin_completed' }>;
const feedbackOf = (events: readonly EngineEvent[]) => {
  const message = events.find((e) => e.type === 'message_created' && e.text.some((t) => t.key === 'checkin.thanks')) as Extract<EngineEvent, { type: 'message_created' }>;
  return message.text;
};

describe('answers as structured data', () => {
  it.each<[string, (string | TurnInput)[], { question: string; value: unknown; detail: string | null }]>([
    ['"Rp 12.500.000,-" is 12,5 million', [opened], { question: 'omzet', value: 12_500_000, detail: null }],
    ['"tiga" is three workers', toWorkers, { question: 'pekerja', value: 3, detail: null }],
    ['"sendiri" is one worker', toWorkers, { question: 'pekerja', value: 1, detail: null }],
    ['"iya pak" is selling online', toOnline, { question: 'jualan_online', value: true, detail: null }],
    ['"1,3" is WhatsApp and Facebook', [...toOnline, 'ya'], { question: 'platform_online', value: ['whatsapp', 'facebook'], detail: null }],
    ['"instagram dan shopee" is both', [...toOnline, 'ya'], { question: 'platform_online', value: ['instagram', 'shopee'], detail: null }],
    ['"ig, tokped & gofood" is three platforms', [...toOnline, 'ya'], { question: 'platform_online', value: ['instagram', 'tokopedia', 'pesan_antar'], detail: null }],
    ['"2" is marketing', toObstacle, { question: 'hambatan', value: 'pemasaran', detail: null }],
    ['"modal" is capital', toObstacle, { question: 'hambatan', value: 'modal', detail: null }],
    ['"lainnya: listrik sering padam" is other with its text', toObstacle, { question: 'hambatan', value: 'lainnya', detail: 'listrik sering padam' }],
    ['"6: listrik sering padam" is other (number 6) with its text', toObstacle, { question: 'hambatan', value: 'lainnya', detail: 'listrik sering padam' }],
  ])('%s', (title, before, expected) => {
    const input = /^"([^"]+)"/.exec(title)![1]!;
    const { last } = playTurns([...before, input], ctx);
    expect(answers(last.events)).toEqual([expected]);
  });

  it.each(['0', 'belum ada'])('"%s" is a zero omzet when the last report was zero too', (input) => {
    const { last } = playTurns([opened, input], checkinContext({ history: [0] }));
    expect(answers(last.events)).toEqual([{ question: 'omzet', value: 0, detail: null }]);
  });

  it('"lainnya" then a free text records the obstacle with its text', () => {
    const { last } = playTurns([...toObstacle, 'lainnya', 'Listrik sering padam'], ctx);
    expect(answers(last.events)).toEqual([{ question: 'hambatan', value: 'lainnya', detail: 'Listrik sering padam' }]);
    expect(shown(last.events)[0]).toBe('checkin.review_title');
  });

  it('every answer carries the period and the survey version', () => {
    const { turns } = playTurns([opened, '9 juta', '3', 'ya', 'wa', '1'], ctx);
    const all = turns.flatMap((t) => t.events).filter((e) => e.type === 'checkin_answered');
    expect(all.map((e) => [e.period, e.surveyVersion, e.question])).toEqual([
      ['2026-11', 1, 'omzet'], ['2026-11', 1, 'pekerja'], ['2026-11', 1, 'jualan_online'], ['2026-11', 1, 'platform_online'], ['2026-11', 1, 'hambatan'],
    ]);
  });
});

describe('the end of the check-in', () => {
  it('thanks the person, compares with the sign-up omzet and gives the growth status', () => {
    const { last } = playTurns([opened, '9 juta', '3', 'tidak', '2', 'ya'], ctx);
    expect(completedEvent(last.events)).toMatchObject({ omzet: 9_000_000, previousOmzet: 7_500_000, growth: { status: 'berkembang' } });
    const [thanks, feedback, status] = feedbackOf(last.events);
    expect(thanks).toEqual({ key: 'checkin.thanks', params: { month: { key: 'checkin.month_11' }, year: 2026 } });
    expect(feedback).toMatchObject({ key: 'checkin.feedback_up', params: { omzet: 9_000_000, previous: 7_500_000, change: 1_500_000, percent: 20, basis: { key: 'checkin.basis_signup' } } });
    expect(status).toEqual({ key: 'checkin.growth_berkembang', params: { band: 10 } });
    expect(last.state.flow).toBeNull();
    expect(last.state.checkin).toBeUndefined();
  });

  it.each<[string, number[], string, string, Record<string, unknown>, string]>([
    ['a drop from the last report is shown in rupiah and percent', [10_000_000, 10_000_000], '6 juta', 'checkin.feedback_down', { change: 4_000_000, percent: 40, basis: { key: 'checkin.basis_previous' } }, 'menurun'],
    ['the same omzet as before is "stagnan"', [5_000_000, 5_000_000], '5 juta', 'checkin.feedback_same', { change: 0 }, 'stagnan'],
    ['a rise from zero has no percentage', [0], '1 juta', 'checkin.feedback_up_from_zero', { change: 1_000_000, previous: 0 }, 'berkembang'],
    ['zero after zero is "stagnan"', [0], '0', 'checkin.feedback_same', { change: 0, previous: 0 }, 'stagnan'],
    ['falling to zero is a 100% drop', [2_000_000], 'belum ada', 'checkin.feedback_down', { change: 2_000_000, percent: 100 }, 'menurun'],
  ])('%s', (_title, history, omzet, key, params, status) => {
    const { last } = playTurns([opened, omzet, ...(omzet === 'belum ada' ? ['ya'] : []), '2', 'tidak', '1', 'ya'], checkinContext({ history }));
    const [, feedback, growth] = feedbackOf(last.events);
    expect(feedback?.key).toBe(key);
    expect(feedback?.params).toMatchObject(params);
    expect(growth?.key).toBe(`checkin.growth_${status}`);
  });

  it('after a single report the growth text says this month was compared with the sign-up omzet (issue 16 item 6)', () => {
    const { last } = playTurns([opened, '9 juta', '3', 'tidak', '2', 'ya'], ctx);
    const lines = feedbackOf(last.events);
    expect(lines[3]).toEqual({
      key: 'checkin.growth_one_berkembang',
      params: { month: { key: 'checkin.month_11' }, year: 2026, band: 10, basis: { key: 'checkin.basis_signup' }, recent: 1, previous: 1, recentAverage: 9_000_000, previousAverage: 7_500_000 },
    });
    expect(lines.map((t) => t.key).join(' ')).not.toMatch(/growth_average/);
  });

  it.each<[string, number[], string, Record<string, unknown>]>([
    ['two reports and the sign-up figure: the average of the two against the sign-up omzet', [5_000_000, 5_000_000], 'checkin.growth_average_one_stagnan', { recent: 2, previous: 1, recentAverage: 5_500_000, previousAverage: 5_000_000, basis: { key: 'checkin.basis_signup' } }],
    ['six figures: the average of three against the average of three', [4_000_000, 4_000_000, 4_000_000, 6_000_000, 6_000_000], 'checkin.growth_average_berkembang', { recent: 3, previous: 3, recentAverage: 6_000_000, previousAverage: 4_000_000 }],
  ])('%s', (_title, history, key, params) => {
    const { last } = playTurns([opened, '6 juta', '2', 'tidak', '1', 'ya'], checkinContext({ history }));
    const compared = feedbackOf(last.events)[3];
    expect(compared?.key).toBe(key);
    expect(compared?.params).toMatchObject(params);
  });

  it('when the last figure is a profile correction ("ubah omzet"), the feedback says so (issue 16 item 4)', () => {
    const { last } = playTurns([opened, '6,5 juta', '2', 'tidak', '1', 'ya'], checkinContext({ history: [5_000_000, 6_000_000], lastSource: 'correction' }));
    const [, feedback] = feedbackOf(last.events);
    expect(feedback).toMatchObject({ key: 'checkin.feedback_up', params: { previous: 6_000_000, basis: { key: 'checkin.basis_correction' } } });
  });

  it('a person in the middle of an edit gets the check-in as soon as the edit is done', () => {
    const { turns } = playTurns(['ubah nama', opened, 'Siti Rahmah'], ctx);
    expect(shown(turns[1]!.events)).toEqual([]);
    expect(shown(turns[2]!.events)).toEqual(['edit.done', 'checkin.intro', Q.omzet]);
    expect(typesOf(turns[2]!.events)).toEqual(['profile_updated', 'message_created', 'message_created']);
  });

  it('"ubah omzet" mid-survey edits the profile, then the survey carries on', () => {
    const { turns } = playTurns([...toWorkers, 'ubah omzet', '10 juta'], ctx);
    expect(shown(turns[3]!.events)).toEqual(['edit.done', 'checkin.resume', Q.workers]);
  });

  it('"bahasa en" mid-survey repeats the question in English', () => {
    const { last } = playTurns([...toWorkers, 'bahasa en'], ctx);
    const question = (last.events.at(-1) as Extract<EngineEvent, { type: 'message_created' }>).text.at(-1);
    expect(question?.params?.text).toMatch(/^How many people work in your business now/);
  });

  it('after "BERHENTI" the check-in is not pressed again until LAPOR', () => {
    const { turns } = playTurns([...toWorkers, 'BERHENTI', 'halo', 'LAPOR'], ctx);
    expect(shown(turns[3]!.events)).toEqual(['understand.idle_greeting']);
    expect(shown(turns[4]!.events)).toEqual(['checkin.resume', Q.workers]);
  });

  it('a new survey question is asked in its place', () => {
    const survey = { ...openCheckin().survey, version: 2, questions: [...openCheckin().survey.questions, { id: 'employees_paid', type: 'yes_no' as const, text: { id: 'Apakah semua pekerja digaji?', en: 'Are all workers paid?' } }] };
    const newCtx = checkinContext({ survey });
    const { turns, last } = playTurns([opened, '9 juta', '3', 'tidak', '2', 'ya', 'ya'], newCtx);
    expect(shown(turns[4]!.events)).toEqual(['«Apakah semua pekerja digaji?»']);
    expect(answers(turns[5]!.events)).toEqual([{ question: 'employees_paid', value: true, detail: null }]);
    expect(completedEvent(last.events).surveyVersion).toBe(2);
  });
});
