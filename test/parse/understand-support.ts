import { readFileSync } from 'node:fs';
import { loadCityVocabulary } from '../../src/city/load.js';
import type { ChoiceDef } from '../../src/engine/parse/understand/index.js';

/** The Banjarmasin city vocabulary, loaded once for the reader tests. */
export const vocab = loadCityVocabulary();

const survey = JSON.parse(readFileSync(new URL('../../src/survey/default.json', import.meta.url), 'utf8')) as {
  questions: { id: string; options?: { id: string; label: { id: string; en: string }; aliases: string[] }[] }[];
};

/** The check-in options as the survey file shows them (label, English label, aliases). */
export function surveyOptions(question: string): ChoiceDef[] {
  const q = survey.questions.find((x) => x.id === question);
  return (q?.options ?? []).map((o) => ({ id: o.id, labels: [o.label.id, o.label.en, ...o.aliases] }));
}

export const PLATFORMS = surveyOptions('platform_online');
export const OBSTACLES = surveyOptions('hambatan');
