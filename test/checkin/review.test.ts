import { describe, expect, it } from 'vitest';
import type { EngineEvent, TurnInput } from '../../src/engine/unions.js';
import { play, typesOf } from '../support/engine.js';
import { Q, answers, checkinContext, opened, shown } from './fixtures.js';

// Issue 10 items 3 and 4 in the check-in, in the pure engine: amounts inside sentences, a
// bare number after a yes/no question, figures that are not believable asked back with the
// comparison, the summary before sending, and corrections after it.

const ctx = checkinContext();
const toWorkers = [opened, '9 juta'];
const toSummary = [opened, '9 juta', '3', 'ya', 'wa sama ig', '2'];

const completed = (events: readonly EngineEvent[]) => events.find((e) => e.type === 'checkin_completed') as Extract<EngineEvent, { type: 'checkin_completed' }> | undefined;
const texts = (events: readonly EngineEvent[]) => events.flatMap((e) => (e.type === 'message_created' ? e.text : []));

describe('answers read out of whole messages', () => {
  it.each<[string, (string | TurnInput)[], string, unknown]>([
    ['an omzet inside a sentence', [opened], 'omset sy kira2 6 juta', 6_000_000],
    ['a quiet month with a comma', [opened], 'lagi sepi, cuma 1,2 jt', 1_200_000],
    ['workers as the people named', toWorkers, 'sy sama istri', 2],
    ['selling online by naming the platform', [...toWorkers, '3'], 'iya lewat wa', true],
    ['platforms by number', [...toWorkers, '3', 'ya'], '1, 2', ['whatsapp', 'instagram']],
    ['the obstacle in a sentence', [...toWorkers, '3', 'tidak'], 'kurang modal pak', 'modal'],
  ])('%s', (_title, before, input, value) => {
    const { last } = play([...before, input], ctx);
    expect(answers(last.events).map((a) => a.value)).toEqual([value]);
  });

  // Issue 10 item 5: the FAQ answers a question it knows (it was only set aside before), then the question again.
  it('a question is not an answer: the FAQ answers it and the question is asked again, nothing stored', () => {
    const { last } = play([opened, 'ini gratis?'], ctx);
    expect(shown(last.events)).toEqual(['faq.free', Q.omzet]);
    expect(answers(last.events)).toEqual([]);
  });

  it('a "question" of a word or two is answered honestly and the question asked again, no ticket, nothing stored', () => {
    const { last } = play([opened, 'apa?'], ctx);
    expect(shown(last.events)[0]).toBe('understand.unanswered');
    expect(shown(last.events).at(-1)).toBe(Q.omzet);
    expect(last.events.some((e) => e.type === 'ticket_opened')).toBe(false);
    expect(answers(last.events)).toEqual([]);
  });

  it('"1" at "Maksud Bapak/Ibu Rp5.000.000? 1. Ya 2. Tidak" means yes, never Rp1.000.000', () => {
    const { turns, last } = play([opened, '5', '1'], ctx);
    expect(texts(turns[1]!.events)[0]).toEqual({ key: 'checkin.confirm_money', params: { amount: 5_000_000 } });
    expect(answers(last.events)).toEqual([{ question: 'omzet', value: 5_000_000, detail: null }]);
  });

  it('"2" at the same question means no and asks the amount again', () => {
    const { last } = play([opened, '5', '2'], ctx);
    expect(shown(last.events)).toEqual(['money.reask', Q.omzet]);
    expect(answers(last.events)).toEqual([]);
  });

  it('a bare "2" right after the yes/no question about selling online is no, not an amount or a count', () => {
    const { last } = play([...toWorkers, '3', '2'], ctx);
    expect(answers(last.events)).toEqual([{ question: 'jualan_online', value: false, detail: null }]);
  });
});

describe('figures that are not believable are asked back with the comparison', () => {
  it('a phone number as omzet: "Maksud Bapak/Ibu Rp81.234.567.890 per bulan? Laporan sebelumnya …"', () => {
    const { last } = play([opened, '081234567890'], checkinContext({ history: [5_000_000] }));
    expect(texts(last.events)).toEqual([{ key: 'checkin.check_money_previous', params: { amount: 81_234_567_890, previous: 5_000_000 } }]);
    expect(answers(last.events)).toEqual([]);
    expect(last.state.flow).toMatchObject({ name: 'checkin', question: 'omzet', pendingCheck: { value: 81_234_567_890, previous: 5_000_000 } });
  });

  it.each<[string, string, number]>([
    ['more than ten times the last report', '90 juta', 90_000_000],
    ['under a tenth of it', '500 ribu', 500_000],
    ['above Rp1 miliar a month', '2 miliar', 2_000_000_000],
  ])('%s', (_title, input, amount) => {
    const { last } = play([opened, input], ctx);
    expect(texts(last.events)).toEqual([{ key: 'checkin.check_money_previous', params: { amount, previous: 7_500_000 } }]);
    expect(typesOf(last.events)).toEqual(['message_created']);
  });

  it('"tidak" asks again; a believable figure is then stored', () => {
    const { turns, last } = play([opened, '90 juta', 'tidak', '9 juta'], ctx);
    expect(shown(turns[2]!.events)).toEqual(['money.reask', Q.omzet]);
    expect(answers(last.events)).toEqual([{ question: 'omzet', value: 9_000_000, detail: null }]);
  });

  it('"ya" keeps the figure the person insists on', () => {
    const { last } = play([opened, '90 juta', 'ya'], ctx);
    expect(answers(last.events)).toEqual([{ question: 'omzet', value: 90_000_000, detail: null }]);
  });

  it('another amount at the check is checked again', () => {
    const { last } = play([opened, '90 juta', 'bukan, 80 juta'], ctx);
    expect(texts(last.events)[0]).toMatchObject({ key: 'checkin.check_money_previous', params: { amount: 80_000_000 } });
  });

  it('a year as the number of workers is asked back, with the last report', () => {
    const previousAnswers = { pekerja: { value: 3 } };
    const { last } = play([...toWorkers, '2019'], checkinContext({ previousAnswers }));
    expect(texts(last.events)).toEqual([{ key: 'checkin.check_count_previous', params: { count: 2019, previous: 3 } }]);
    expect(answers(last.events)).toEqual([]);
  });

  it('more than 200 workers is asked back; "1" (ya) keeps it', () => {
    const { turns, last } = play([...toWorkers, '250 orang', '1'], ctx);
    expect(texts(turns[2]!.events)).toEqual([{ key: 'checkin.check_count', params: { count: 250 } }]);
    expect(answers(last.events)).toEqual([{ question: 'pekerja', value: 250, detail: null }]);
  });
});

describe('the summary before sending', () => {
  it('after the last answer the answers are shown with ya / ubah, nothing is sent yet', () => {
    const { last } = play(toSummary, ctx);
    expect(completed(last.events)).toBeUndefined();
    const message = last.events.at(-1) as Extract<EngineEvent, { type: 'message_created' }>;
    expect(message.text).toEqual([
      { key: 'checkin.review_title', params: { month: { key: 'checkin.month_11' }, year: 2026 } },
      { key: 'checkin.summary_money', params: { n: 1, label: { key: 'checkin.label_omzet' }, amount: 9_000_000 } },
      { key: 'checkin.summary_count', params: { n: 2, label: { key: 'checkin.label_pekerja' }, count: 3 } },
      { key: 'checkin.summary_value', params: { n: 3, label: { key: 'checkin.label_jualan_online' }, value: { key: 'common.yes' } } },
      { key: 'checkin.summary_value', params: { n: 4, label: { key: 'checkin.label_platform_online' }, value: 'WhatsApp, Instagram' } },
      { key: 'checkin.summary_value', params: { n: 5, label: { key: 'checkin.label_hambatan' }, value: 'Pemasaran' } },
      { key: 'checkin.review_ask' },
    ]);
    expect(message.choices).toEqual([{ key: 'checkin.choice_send' }, { key: 'checkin.choice_change' }]);
  });

  it.each(['ya', 'kirim', 'sudah benar', '1'])('"%s" sends it', (input) => {
    const { last } = play([...toSummary, input], ctx);
    expect(completed(last.events)).toMatchObject({ omzet: 9_000_000, corrected: false, questions: ['omzet', 'pekerja', 'jualan_online', 'platform_online', 'hambatan'] });
    expect(last.state.flow).toBeNull();
  });

  it('"ubah", then "1", then a new omzet shows the summary again with it; "ya" sends that', () => {
    const { turns, last } = play([...toSummary, 'ubah', '1', '8 juta', 'ya'], ctx);
    expect(shown(turns[6]!.events)).toEqual(['checkin.change_which']);
    expect(shown(turns[7]!.events)).toEqual([Q.omzet]);
    expect(answers(turns[8]!.events)).toEqual([{ question: 'omzet', value: 8_000_000, detail: null }]);
    expect(shown(turns[8]!.events)[0]).toBe('checkin.review_title');
    expect(completed(last.events)).toMatchObject({ omzet: 8_000_000 });
  });

  it.each(['ubah', 'ada yang salah', '2'])('"%s" asks which answer to change', (input) => {
    const { last } = play([...toSummary, input], ctx);
    expect(shown(last.events)).toEqual(['checkin.change_which']);
    expect(completed(last.events)).toBeUndefined();
  });

  it('"ubah omzet" at the summary changes the report, not the profile', () => {
    const { last } = play([...toSummary, 'ubah omzet'], ctx);
    expect(shown(last.events)).toEqual([Q.omzet]);
    expect(last.state.flow).toMatchObject({ name: 'checkin', question: 'omzet' });
  });

  it('changing "selling online" to no drops the platforms from the report', () => {
    const { last } = play([...toSummary, 'ubah', '3', 'tidak', 'ya'], ctx);
    expect(completed(last.events)?.questions).toEqual(['omzet', 'pekerja', 'jualan_online', 'hambatan']);
  });
});

describe('correcting a report already sent, until the period closes', () => {
  const sent = checkinContext({ completed: true, answers: { omzet: { value: 9_000_000 }, pekerja: { value: 3 }, jualan_online: { value: false }, hambatan: { value: 'modal' } } });

  it('"LAPOR" shows the report sent, with ubah', () => {
    const { last } = play(['LAPOR'], sent);
    expect(shown(last.events)).toEqual(['checkin.submitted_before', 'checkin.review_title', 'checkin.summary_money', 'checkin.summary_count', 'checkin.summary_value', 'checkin.summary_value', 'checkin.review_submitted']);
  });

  it('"ya" leaves it as it is, recording nothing', () => {
    const { last } = play(['LAPOR', 'ya'], sent);
    expect(shown(last.events)).toEqual(['checkin.kept']);
    expect(typesOf(last.events)).toEqual(['message_created']);
  });

  it('"ubah laporan", "1", "6 juta": the answer is stored and the report completed again, growth recomputed', () => {
    const { turns, last } = play(['ubah laporan', '1', '6 juta'], sent);
    expect(shown(turns[0]!.events)).toEqual(['checkin.submitted_before', 'checkin.change_which']);
    expect(answers(last.events)).toEqual([{ question: 'omzet', value: 6_000_000, detail: null }]);
    expect(completed(last.events)).toMatchObject({ omzet: 6_000_000, previousOmzet: 7_500_000, corrected: true, growth: { status: 'menurun' } });
    expect(shown(last.events)[0]).toBe('checkin.corrected');
    expect(last.state.flow).toBeNull();
  });

  it('after the period closed there is nothing to correct', () => {
    const { last } = play(['ubah laporan'], checkinContext({}, { checkin: null }));
    expect(shown(last.events)).toEqual(['checkin.no_period']);
  });
});
