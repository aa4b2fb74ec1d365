import { workshop as engine } from '../../engine/workshop/index.js';
import type { WorkshopEvent } from '../../engine/workshop/vocabulary.js';
import type { Capability } from '../core/capability.js';
import { registerWorkshopCommands } from './cli.js';
import { workshopLoader } from './context.js';
import { releaseWorkshopPlaces, workshopHandlers } from './handlers.js';
import { startWorkshopWorker, telegramBotName, workshopTurnDeps } from './jobs.js';

// Workshops: created and run by staff in chat or on the command line, invitations to a
// segment with RSVPs, seats and a waiting list, reminders, attendance and feedback.

export const workshop: Capability<WorkshopEvent> = {
  name: 'workshop',
  engine,
  segmentConditions: { workshop: 'not exists (select 1 from workshop_attendance wa where wa.person_id = p.id)' },
  cli: registerWorkshopCommands,
  setUp(s) {
    const telegramBot = telegramBotName(s.config, s.log);
    const deps = workshopTurnDeps(s, telegramBot);
    return {
      handlers: workshopHandlers(deps),
      context: workshopLoader({ timeZone: s.config.TZ, defaultDurationMs: s.config.WORKSHOP_DURATION }),
      erase: releaseWorkshopPlaces(deps),
      startWorkers: async (turns) => [await startWorkshopWorker({ db: s.db, queues: s.queues, turnDeps: turns, config: s.config, log: s.log, telegramBot })],
    };
  },
};
