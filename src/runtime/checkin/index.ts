import type { Command } from 'commander';
import { checkin as engine } from '../../engine/checkin/index.js';
import type { CheckinEvent } from '../../engine/checkin/vocabulary.js';
import type { Capability, CliContext } from '../core/capability.js';
import { registerCheckinCommands } from './cli.js';
import { checkinLoader, SurveyStore } from './context.js';
import { registerCheckinExport } from './export.js';
import { eraseCheckinTexts, recordCheckinAnswer, recordCheckinCompleted } from './handlers.js';
import { growthSettings, scheduleCheckins, startCheckinWorker } from './jobs.js';

// The monthly check-in: the period opened by a job scheduler (or staff), the first question
// and two reminders to everyone, each answer stored as it comes, growth status when a
// period closes, and the report and export for staff.

export const checkin: Capability<CheckinEvent> = {
  name: 'checkin',
  engine,
  segmentConditions: { status: 'p.growth_status = any({values}::text[])' },
  cli(program: Command, ctx: CliContext) {
    registerCheckinCommands(program, ctx);
    registerCheckinExport(program, ctx);
  },
  setUp(s) {
    const settings = { surveys: new SurveyStore(), growth: growthSettings(s.config) };
    return {
      handlers: { checkin_answered: recordCheckinAnswer, checkin_completed: recordCheckinCompleted },
      context: checkinLoader(settings),
      erase: async (scope, personId) => {
        if (personId) await eraseCheckinTexts(scope.trx, personId);
      },
      startWorkers: async (turns) => [startCheckinWorker({ db: s.db, queues: s.queues, turnDeps: turns, config: s.config, log: s.log })],
      schedule: () => scheduleCheckins(s.queues, s.config),
    };
  },
};
