import type { EngineCapability } from '../core/capability.js';
import { createFlowDef } from './create.js';
import { askOwedFeedback, feedbackFlowDef, openWorkshops, pickFlowDef, rsvpWords, workshopNews } from './rsvp.js';
import { workshopKind } from './segment-kind.js';
import { cancelFlowDef, inviteFlowDef, workshopStaffCommand } from './staff.js';

// Workshops: staff create them, invite a segment and run them; people answer HADIR, get
// reminders and are asked how it was.

export const workshop: EngineCapability = {
  name: 'workshop',
  interceptors: [rsvpWords],
  flows: [pickFlowDef, feedbackFlowDef],
  staffCommands: [workshopStaffCommand],
  staffFlows: [createFlowDef, inviteFlowDef, cancelFlowDef],
  systemInputs: [workshopNews],
  owed: askOwedFeedback,
  idle: openWorkshops,
  segmentKinds: [workshopKind],
};
