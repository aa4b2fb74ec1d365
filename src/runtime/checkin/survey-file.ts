import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSurvey, SurveyDefinitionError, type SurveyDefinition } from '../../engine/checkin/survey.js';

// The survey definition the office edits. Read when a period opens: each period keeps the
// version it was opened with, so editing the file never changes a survey people are
// answering.

export const DEFAULT_SURVEY_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../survey/default.json');

export async function loadSurveyFile(file: string = DEFAULT_SURVEY_FILE): Promise<SurveyDefinition> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new SurveyDefinitionError(`survey definition ${file} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseSurvey(json, `survey definition ${file}`);
}
