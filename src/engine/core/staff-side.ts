import { continueAnnounce, dropAnnouncement, announceQuestion, previewRequest, startAnnounce } from '../broadcast/flow.js';
import { parseCommand, type Command } from '../parse/command.js';
import { parseStaffCommand, type StaffCommand } from '../broadcast/staff-command.js';
import { result, say, sayMessage, text } from './replies.js';
import { staffMenu, staffMenuPick } from './staff-menu.js';
import type { StaffMember } from '../broadcast/types.js';
import { parseWorkshopStaffCommand } from '../workshop/parse.js';
import { continueWorkshopStaff, dropWorkshopStaffFlow, resumeWorkshopStaff, workshopStaffCommand } from '../workshop/staff.js';
import type { ConversationState, EngineEvent, TurnContext, TurnInput, TurnResult } from './types.js';

// The engine as a staff member meets it. Staff are never asked to sign up: whatever they
// write is a staff command, an answer in a staff flow, or gets the staff menu. Of the
// everyday words only `menu`, `batal` and `bahasa` apply to them.

export function handleStaffTurn(stored: ConversationState, input: TurnInput, ctx: TurnContext, staff: StaffMember): TurnResult {
  // A sign-up begun before this chat became staff's is over.
  const state: ConversationState = stored.flow ? { ...stored, flow: null } : stored;
  if (input.type !== 'message') return result(state);
  if (input.kind !== 'text') return thenResume(state, ctx, staff, say(text('staff.text_only')), ...menuIfIdle(state));
  const workshop = parseWorkshopStaffCommand(input.text);
  if (workshop) return workshopStaffCommand(state, workshop, ctx, staff, (next, ...events) => thenResume(next, ctx, staff, ...events));
  const command = parseStaffCommand(input.text);
  if (command) return staffCommand(state, command, ctx, staff);
  const general = parseCommand(input.text);
  // Inside a flow only `menu` and `batal` interrupt: `ubah` at the preview, or an
  // announcement that happens to read `berhenti`, is an answer.
  if (general && (!state.staffFlow || general.type === 'menu' || general.type === 'cancel')) return generalCommand(state, general, ctx, staff);
  if (/^\s*\/\S/u.test(input.text)) return thenResume({ ...state, menuShown: !state.staffFlow }, ctx, staff, say(text('staff.unknown_command')), ...menuIfIdle(state));
  const flow = state.staffFlow;
  if (flow?.name === 'announce') return continueAnnounce(state, flow, input.text, ctx, staff);
  if (flow) return continueWorkshopStaff(state, flow, input.text, ctx, staff);
  const pick = state.menuShown ? staffMenuPick(input.text) : null;
  if (pick) return staffCommand(state, pick, ctx, staff);
  return result({ ...state, menuShown: true }, say(text('staff.not_understood')), staffMenu());
}

function staffCommand(state: ConversationState, command: StaffCommand, ctx: TurnContext, staff: StaffMember): TurnResult {
  switch (command.type) {
    case 'announce':
      return startAnnounce(state, command.text, ctx, staff);
    case 'status':
      return thenResume(state, ctx, staff, { type: 'broadcast_status_requested', staffId: staff.id, broadcastId: command.broadcastId });
    case 'recap':
      return thenResume(state, ctx, staff, { type: 'broadcast_recap_requested', staffId: staff.id });
    case 'cancel':
      return cancel(state, staff);
    case 'menu':
      return showMenu(state, ctx, staff);
  }
}

function generalCommand(state: ConversationState, command: Command, ctx: TurnContext, staff: StaffMember): TurnResult {
  switch (command.type) {
    case 'menu':
      return showMenu(state, ctx, staff);
    case 'cancel':
      return cancel(state, staff);
    case 'language':
      return thenResume({ ...state, lang: command.lang }, ctx, staff, { type: 'language_changed', lang: command.lang }, say(text('language.changed')));
    case 'start':
      return result({ ...state, staffFlow: null, strikes: 0, menuShown: true }, say(text('staff.welcome', { name: staff.name })), staffMenu());
    default:
      // daftar, profil, ubah, BERHENTI, HAPUS DATA … are an entrepreneur's, not staff's.
      return result({ ...state, menuShown: true }, say(text('staff.entrepreneur_only')), staffMenu());
  }
}

function showMenu(state: ConversationState, ctx: TurnContext, staff: StaffMember): TurnResult {
  if (state.staffFlow) return thenResume(state, ctx, staff, staffMenu());
  return result({ ...state, menuShown: true }, staffMenu());
}

function cancel(state: ConversationState, staff: StaffMember): TurnResult {
  if (state.staffFlow?.name === 'announce') return dropAnnouncement(state, staff);
  if (state.staffFlow) return dropWorkshopStaffFlow(state, state.staffFlow);
  return result({ ...state, staffFlow: null, strikes: 0, menuShown: true }, say(text('cancel.nothing')), staffMenu());
}

function menuIfIdle(state: ConversationState): EngineEvent[] {
  return state.staffFlow ? [] : [staffMenu()];
}

/** Says something, then puts the staff member back at their open question, if any. */
function thenResume(state: ConversationState, ctx: TurnContext, staff: StaffMember, ...events: EngineEvent[]): TurnResult {
  const flow = state.staffFlow;
  if (!flow) return result(state, ...events);
  if (flow.name !== 'announce') return result(state, ...events, ...resumeWorkshopStaff(flow, ctx, staff));
  if (flow.step === 'confirm') return result(state, ...events, say(text('common.resume')), previewRequest(flow, staff));
  return result(state, ...events, sayMessage(announceQuestion(flow, ctx)!, text('common.resume')));
}
