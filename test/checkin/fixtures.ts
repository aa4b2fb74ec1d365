import { loadCityVocabulary } from '../../src/city/load.js';
import defaultSurvey from '../../src/survey/default.json' with { type: 'json' };
import { parseSurvey, type SurveyDefinition } from '../../src/engine/checkin/survey.js';
import type { CheckinContext, CheckinSystemInput } from '../../src/engine/checkin/vocabulary.js';
import type { EngineEvent, TurnContext } from '../../src/engine/unions.js';
import { context, registered } from '../support/engine.js';

// Engine fixtures for check-ins: period 2026-11 open with the default survey, and a
// registered person whose sign-up omzet (7,5 juta) is their only report so far.

export const VOCABULARY = loadCityVocabulary();

export const SURVEY: SurveyDefinition = parseSurvey(defaultSurvey);

export function openCheckin(overrides: Partial<CheckinContext> = {}): CheckinContext {
  return { period: '2026-11', survey: SURVEY, completed: false, history: [7_500_000], growth: { bandPercent: 10, window: 3 }, vocabulary: VOCABULARY, ...overrides };
}

export function checkinContext(overrides: Partial<CheckinContext> = {}, ctx: Partial<TurnContext> = {}): TurnContext {
  return context({ person: registered, checkin: openCheckin(overrides), ...ctx });
}

export const opened: CheckinSystemInput = { type: 'system', event: 'checkin_opened', period: '2026-11' };
export const reminder: CheckinSystemInput = { type: 'system', event: 'checkin_reminder', period: '2026-11', last: false };
export const lastReminder: CheckinSystemInput = { type: 'system', event: 'checkin_reminder', period: '2026-11', last: true };

/** The literal texts (survey questions) and keys of a turn's messages, in order. */
export function shown(events: readonly EngineEvent[]): string[] {
  return events.flatMap((e) =>
    e.type === 'message_created' ? e.text.map((t) => (t.key === 'common.literal' ? `«${String(t.params?.text).split('\n')[0]}»` : t.key)) : [],
  );
}

export function answers(events: readonly EngineEvent[]) {
  return events.flatMap((e) => (e.type === 'checkin_answered' ? [{ question: e.question, value: e.value, detail: e.detail }] : []));
}

export const Q = {
  omzet: `«${SURVEY.questions[0]!.text.id.split('\n')[0]}»`,
  workers: `«${SURVEY.questions[1]!.text.id.split('\n')[0]}»`,
  online: `«${SURVEY.questions[2]!.text.id.split('\n')[0]}»`,
  platforms: `«${SURVEY.questions[3]!.text.id.split('\n')[0]}»`,
  obstacle: `«${SURVEY.questions[4]!.text.id.split('\n')[0]}»`,
  otherDetail: `«${SURVEY.questions[4]!.type === 'choice' ? SURVEY.questions[4]!.options.at(-1)!.detail!.id.split('\n')[0] : ''}»`,
};
