import { describe, expect, it } from 'vitest';
import defaultSurvey from '../../src/survey/default.json' with { type: 'json' };
import { parseSurvey } from '../../src/engine/checkin/survey.js';

// The survey definition is a file the office edits; mistakes are caught when it is loaded,
// with a message that says where.

const valid = () => structuredClone(defaultSurvey) as { version: number; questions: Record<string, unknown>[] };

describe('survey definition', () => {
  it('the default survey asks omzet, workers, online selling (and where) and the biggest obstacle', () => {
    const survey = parseSurvey(defaultSurvey);
    expect(survey.questions.map((q) => [q.id, q.type])).toEqual([
      ['omzet', 'money'], ['pekerja', 'count'], ['jualan_online', 'yes_no'], ['platform_online', 'choices'], ['hambatan', 'choice'],
    ]);
    const platforms = survey.questions[3]!;
    expect('options' in platforms && platforms.options.map((o) => o.label.id)).toEqual([
      'WhatsApp', 'Instagram', 'Facebook', 'TikTok Shop', 'Shopee', 'Tokopedia', 'GoFood/GrabFood/ShopeeFood', 'Lainnya',
    ]);
    const obstacle = survey.questions[4]!;
    expect('options' in obstacle && obstacle.options.map((o) => o.label.id)).toEqual(['Modal', 'Pemasaran', 'Bahan baku', 'Tenaga kerja', 'Perizinan', 'Lainnya']);
  });

  it.each<[string, (s: ReturnType<typeof valid>) => void, RegExp]>([
    ['a question without English text', (s) => ((s.questions[1]!.text as Record<string, string>).en = ''), /questions\.1\.text\.en/],
    ['two questions with the same id', (s) => (s.questions[1]!.id = 'omzet'), /"omzet" is used twice/],
    ['no omzet question', (s) => s.questions.shift(), /"omzet" of type "money"/],
    ['a condition on a later question', (s) => (s.questions[1]!.askIf = { question: 'hambatan', equals: 'lainnya' }), /askIf must name an earlier question/],
    ['an unknown question type', (s) => (s.questions[1]!.type = 'slider'), /questions\.1\.type/],
    ['a version that is not a whole number', (s) => (s.version = 1.5), /version/],
  ])('refuses %s', (_title, breakIt, message) => {
    const survey = valid();
    breakIt(survey);
    expect(() => parseSurvey(survey, 'survey.json')).toThrow(message);
  });
});
