import { readFileSync } from 'node:fs';
import { loadCityVocabulary } from '../../src/city/load.js';
import {
  readBusinessName, readCheckinOmzet, readChoice, readChoices, readConsent, readEditField, readEraseConfirm, readIdle,
  readKecamatan, readMobile, readMoneyConfirm, readPersonName, readRsvp, readSector, readSellsOnline, readSignupOmzet,
  readWorkers, readYear, type Ask, type ChoiceDef, type NotAnswer, type ReadContext, type Reading,
} from '../../src/engine/parse/understand/index.js';
import type { Vocabulary } from '../../src/engine/parse/vocabulary.js';

// Scores an understanding corpus file (test/understanding/corpus/README.md) through the
// parse-level readers. The file is an argument: the held-out part is run once, at the end,
// by whoever holds the bar. When the engine is wired, only `ADAPTERS` changes: each turns
// one entry into what the bot would do (store a value, ask, or treat it as not an answer).

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
  readonly got: Reading<unknown> | Ask | NotAnswer;
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

/** Scores every entry of a corpus file; `vocab` defaults to the Banjarmasin city data. */
export function scoreCorpus(file: string | URL, vocab: Vocabulary = loadCityVocabulary()): CorpusScore {
  const byType: Record<string, TypeScore> = {};
  const failures: Failure[] = [];
  let understood = 0;
  let wrongStored = 0;
  const entries = loadCorpus(file);
  for (const entry of entries) {
    const adapter = ADAPTERS[entry.question];
    if (adapter === undefined) throw new Error(`${entry.id}: no reader for question type ${entry.question}`);
    const got = adapter(entry.text, vocab, entry.context ?? {});
    const verdict = judge(entry, outcomeOf(got));
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
