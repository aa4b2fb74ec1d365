import { parseCommand, type Command } from '../parse/command.js';
import { displayPhone } from '../parse/phone.js';
import { parseYesNo } from '../parse/yesno.js';
import { continueEdit, startEdit } from '../profile/edit.js';
import { menuMessage, menuPick } from './menu.js';
import { currentQuestion, result, retry, say, sayMessage, text } from './replies.js';
import { continueSignup, startSignup } from '../signup/flow.js';
import { askOwedCheckin, checkinSystemTurn, continueCheckin, holdCheckin, pauseCheckin, reportCommand } from '../checkin/flow.js';
import { handleStaffTurn } from './staff-side.js';
import { askOwedFeedback, continueWorkshopFlow, forgetInvitationChoice, isWorkshopFlow, rsvpMessage, workshopSystemTurn } from '../workshop/rsvp.js';
import { isWorkshopSystemInput } from '../workshop/types.js';
import { STATE_VERSION, type ConversationState, type EngineEvent, type Input, type TurnContext, type TurnInput, type TurnResult } from './types.js';

// The engine's one entry point: a pure function of the stored state, what the person
// sent and the facts the runtime looked up. Commands that work everywhere are handled
// here; a flow only ever sees answers to its own question.

export function initialState(): ConversationState {
  return { version: STATE_VERSION, lang: 'id', flow: null, strikes: 0, menuShown: false };
}

/** Reads stored JSON, upgrading older versions; unreadable state starts afresh. */
export function restoreState(stored: unknown): ConversationState {
  const s = stored as Partial<ConversationState> | null;
  if (!s || s.version !== STATE_VERSION) return initialState();
  return s as ConversationState;
}

export function handleTurn(stored: ConversationState, input: TurnInput, ctx: TurnContext): TurnResult {
  if (isWorkshopSystemInput(input)) return workshopSystemTurn(stored, input, ctx);
  if (input.type === 'system') return checkinSystemTurn(stored, input, ctx);
  // A check-in (or workshop feedback) that arrived while the person was busy is asked as soon as they are free.
  return askOwedCheckin(askOwedFeedback(handleMessage(stored, input, ctx)), ctx);
}

function handleMessage(stored: ConversationState, input: Input, ctx: TurnContext): TurnResult {
  if (ctx.staff) return handleStaffTurn(stored, input, ctx, ctx.staff);
  // HADIR, BATAL HADIR, KODE 4821 work from anywhere; a `1` only right after an invitation.
  const workshop = rsvpMessage(stored, input, ctx, (next, ...events) => thenResume(next, ctx, ...events));
  if (workshop) return workshop;
  const state = forgetInvitationChoice(stored);
  if (input.kind === 'non_text') return nonText(state, ctx);
  const command = input.kind === 'text' ? parseCommand(input.text) ?? idleMenuPick(state, input) : null;
  if (command) return handleCommand(state, command, ctx);
  if (input.kind === 'text' && /^\s*\/[a-z]/i.test(input.text)) return unknownCommand(state, ctx);
  const flow = state.flow;
  if (flow?.name === 'signup') return continueSignup(state, flow, input, ctx);
  if (flow?.name === 'edit') return continueEdit(state, flow, input, ctx);
  if (flow?.name === 'erase_confirm') return confirmErase(state, input, ctx);
  if (flow?.name === 'checkin') return continueCheckin(state, flow, input, ctx);
  if (isWorkshopFlow(flow)) return continueWorkshopFlow(state, flow, input);
  if (!ctx.person) return startSignup(state, ctx);
  return result({ ...state, menuShown: true }, say(text('common.not_understood')), menuMessage(true));
}

function idleMenuPick(state: ConversationState, input: Input): Command | null {
  return state.flow === null && state.menuShown ? menuPick(input.text) : null;
}

function nonText(state: ConversationState, ctx: TurnContext): TurnResult {
  const question = currentQuestion(state, ctx);
  if (question) return result(state, sayMessage(question, text('common.text_only')));
  if (!ctx.person) return startSignup(state, ctx);
  return result({ ...state, menuShown: true }, say(text('common.text_only')), menuMessage(true));
}

/** `/anything` we do not know: say so (revealing nothing) and carry on where they were. */
function unknownCommand(state: ConversationState, ctx: TurnContext): TurnResult {
  if (state.flow) return thenResume(state, ctx, say(text('common.unknown_command')));
  if (!ctx.person) return startSignup(state, ctx);
  return result({ ...state, menuShown: true }, say(text('common.unknown_command')), menuMessage(true));
}

/** Says something, then puts the person back where they were. */
function thenResume(state: ConversationState, ctx: TurnContext, ...events: EngineEvent[]): TurnResult {
  const question = currentQuestion(state, ctx);
  const back = question ? [sayMessage(question, text('common.resume'))] : [];
  return result(state, ...events, ...back);
}

function handleCommand(state: ConversationState, command: Command, ctx: TurnContext): TurnResult {
  const registered = ctx.person !== null;
  switch (command.type) {
    case 'menu':
      return thenResume({ ...state, menuShown: state.flow === null }, ctx, say(text('menu.help')), menuMessage(registered));
    case 'cancel':
      return state.flow?.name === 'checkin' ? pauseCheckin(state, ctx) : cancel(state, ctx);
    case 'report':
      return reportCommand(state, ctx, (next, ...events) => thenResume(next, ctx, ...events));
    case 'profile':
      return thenResume(state, ctx, profileMessage(ctx));
    case 'edit':
      if (!registered) return thenResume(state, ctx, say(text('common.not_registered')));
      return startEdit(state, command.field, ctx);
    case 'stop':
      return stop(state, ctx);
    case 'resume':
      return resume(state, ctx);
    case 'erase':
      return erase(state, ctx);
    case 'language': {
      const next = { ...state, lang: command.lang };
      return thenResume(next, ctx, { type: 'language_changed', lang: command.lang }, say(text('language.changed')));
    }
    case 'register':
    case 'start':
      return register(state, ctx);
  }
}

function register(state: ConversationState, ctx: TurnContext): TurnResult {
  if (ctx.person) {
    return result({ ...state, flow: null, menuShown: true }, say(text('signup.already', { memberNo: ctx.person.memberNo })), menuMessage(true));
  }
  if (state.flow?.name === 'signup') return thenResume(state, ctx);
  return startSignup(state, ctx);
}

function cancel(state: ConversationState, ctx: TurnContext): TurnResult {
  const idle: ConversationState = { ...state, flow: null, strikes: 0, menuShown: true };
  const key = state.flow ? `cancel.${state.flow.name}` : 'cancel.nothing';
  return result(idle, say(text(key)), menuMessage(ctx.person !== null));
}

function profileMessage(ctx: TurnContext): EngineEvent {
  const p = ctx.person;
  if (!p) return say(text('common.not_registered'));
  const refName = (list: TurnContext['sectors'], id: number | null) => list.find((r) => r.id === id)?.name ?? '-';
  return say(
    text('profile.view', {
      memberNo: p.memberNo,
      name: p.name,
      business: p.business,
      sector: refName(ctx.sectors, p.sectorId),
      kecamatan: refName(ctx.kecamatan, p.kecamatanId),
      phone: p.phone ? displayPhone(p.phone) : '-',
      year: p.year ?? '-',
      omzet: p.omzet ?? 0,
      status: { key: p.optedOut ? 'profile.announcements_off' : 'profile.announcements_on' },
    }),
  );
}

function stop(state: ConversationState, ctx: TurnContext): TurnResult {
  if (!ctx.person) return thenResume(state, ctx, say(text('stop.not_registered')));
  if (ctx.person.optedOut) return thenResume(state, ctx, say(text('stop.already')));
  return thenResume(holdCheckin(state), ctx, { type: 'announcements_stopped' }, say(text('stop.done')));
}

function resume(state: ConversationState, ctx: TurnContext): TurnResult {
  // "mulai" from someone we do not know yet means "let's start".
  if (!ctx.person) return state.flow ? thenResume(state, ctx) : startSignup(state, ctx);
  if (!ctx.person.optedOut) return thenResume(state, ctx, say(text('resume.already')));
  return thenResume(state, ctx, { type: 'announcements_resumed' }, say(text('resume.done')));
}

function erase(state: ConversationState, ctx: TurnContext): TurnResult {
  if (!ctx.person) {
    // Only an unfinished sign-up is held; dropping it erases everything we have.
    return result({ ...state, flow: null, strikes: 0 }, { type: 'personal_data_erased' }, say(text('erase.nothing_stored')));
  }
  const next: ConversationState = { ...state, flow: { name: 'erase_confirm' }, strikes: 0, menuShown: false };
  return result(next, sayMessage(currentQuestion(next, ctx)!));
}

function confirmErase(state: ConversationState, input: Input, ctx: TurnContext): TurnResult {
  const answer = parseYesNo(input.text);
  if (answer === 'yes') {
    return result({ ...state, flow: null, strikes: 0, menuShown: false }, { type: 'personal_data_erased' }, say(text('erase.done')));
  }
  if (answer === 'no') return result({ ...state, flow: null, strikes: 0, menuShown: true }, say(text('erase.kept')), menuMessage(true));
  return retry(state, text('erase.retry'), currentQuestion(state, ctx)!);
}
