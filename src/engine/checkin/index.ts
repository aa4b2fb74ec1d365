import type { EngineCapability, SystemInputDef } from '../core/capability.js';
import { wordCommand } from '../core/commands.js';
import { text } from '../core/text.js';
import { askOwedCheckin, checkinFlowDef, checkinSystemTurn, holdCheckin, readCorrection, reportCommand } from './flow.js';
import { growthKind } from './segment-kind.js';
import type { CheckinSystemInput } from './vocabulary.js';

// The monthly check-in: `LAPOR` and the jobs ask it, each answer is stored as it comes, and
// a check-in that arrived while the person was busy waits for them to be free.

const opened: SystemInputDef<CheckinSystemInput> = { events: ['checkin_opened', 'checkin_reminder'], run: checkinSystemTurn };

export const checkin: EngineCapability = {
  name: 'checkin',
  flows: [checkinFlowDef],
  commands: [wordCommand('report', (state, _c, ctx, kit) => reportCommand(state, ctx, kit))],
  menu: [{ label: text('menu.choice_report'), order: 10, run: (state, ctx, kit) => reportCommand(state, ctx, kit) }],
  interceptors: [{ read: readCorrection }],
  systemInputs: [opened],
  owed: askOwedCheckin,
  hold: holdCheckin,
  segmentKinds: [growthKind],
};
