import { parseChoice } from '../parse/choice.js';
import { parseFreeText } from '../parse/text.js';
import { parseDeepLinkPayload, parseRating, parseRsvpCommand, isSkip, type RsvpCommand } from './parse.js';
import { currentQuestion, result, retry, say, sayMessage, text } from '../core/replies.js';
import { startSignup } from '../signup/flow.js';
import type { ConversationState, EngineEvent, Flow, Input, OutgoingMessage, TurnContext, TurnResult } from '../core/types.js';
import { feedbackQuestion, invitationMessage, pickQuestion, reminderMessage, workshopLabel } from './messages.js';
import type { RsvpAction, WorkshopContext, WorkshopFlow, WorkshopState, WorkshopSystemInput } from './types.js';

// The attendee's side of workshops. `HADIR`, `BATAL HADIR` and `KODE 4821` work like
// commands from anywhere; which workshop they mean is read against what the person last
// saw (the invitation or reminder in `state.workshop`), else the only one that fits, else
// the person is asked. Whether a seat is free is not for the engine to say: it says that
// the person answered, and the runtime answers with the seat it stored.

type Resume = (state: ConversationState, ...events: EngineEvent[]) => TurnResult;
type PickFlow = Extract<WorkshopFlow, { name: 'workshop_pick' }>;
type FeedbackFlow = Extract<WorkshopFlow, { name: 'workshop_feedback' }>;

const COMMENT_MAX = 500;
const START_WITH_PAYLOAD = /^\/start(?:@\w+)?\s+(\S+)\s*$/iu;

/**
 * An RSVP, an attendance code, a deep link or (right after an invitation) its choice
 * number; null when the message is none of these and the rest of the engine should read it.
 */
export function rsvpMessage(state: ConversationState, input: Input, ctx: TurnContext, resume: Resume): TurnResult | null {
  if (input.kind !== 'text' || !ctx.workshops) return null;
  const linked = parseDeepLinkPayload(input.startPayload ?? START_WITH_PAYLOAD.exec(input.text.trim())?.[1]);
  const command: RsvpCommand | null = linked ? { type: 'attend', workshopId: linked } : (parseRsvpCommand(input.text) ?? invitationChoice(state, input));
  if (!command) return null;
  if (!ctx.person) {
    if (linked) return signUpFirst(state, linked, ctx);
    // Mid sign-up, `hadir` may well be an answer (a name, say).
    return state.flow ? null : result(state, say(text('workshop.not_registered')));
  }
  switch (command.type) {
    case 'code':
      return resume(state, { type: 'attendance_code_given', code: command.code });
    case 'attend':
    case 'withdraw':
      return rsvp(state, command.type, command.workshopId, ctx.workshops, resume);
  }
}

/** `1` (or `1.`) while the invitation, with its one numbered choice, was the last thing said. */
function invitationChoice(state: ConversationState, input: Input): RsvpCommand | null {
  const offered = state.workshop?.choice;
  if (!offered || state.flow !== null || state.menuShown) return null;
  return /^\s*1\s*[.)]?\s*$/u.test(input.text) ? { type: 'attend', workshopId: offered } : null;
}

/** The invitation's number is good for the very next message only. */
export function forgetInvitationChoice(state: ConversationState): ConversationState {
  if (!state.workshop?.choice) return state;
  const { choice: _used, ...rest } = state.workshop;
  return { ...state, workshop: rest };
}

function rsvp(state: ConversationState, action: RsvpAction, named: string | null, ws: WorkshopContext, resume: Resume): TurnResult {
  const candidates = action === 'attend' ? ws.open : ws.open.filter((w) => ws.mine.some((m) => m.workshopId === w.id));
  if (named !== null) {
    // A number typed: taken at its word (the runtime says if it is closed or not theirs).
    return resume(seeing(state, named), event(action, named));
  }
  const seen = state.workshop?.seen;
  const target = candidates.find((w) => w.id === seen) ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (target) return resume(seeing(state, target.id), event(action, target.id));
  if (candidates.length === 0) return resume(state, say(text(action === 'attend' ? 'workshop.none_open' : 'workshop.none_registered')));
  const flow: PickFlow = { name: 'workshop_pick', action, options: candidates.map((w) => ({ id: w.id, label: workshopLabel(w, ws.timeZone) })) };
  // Whatever was being asked gives way to the question it was interrupted by.
  return result({ ...state, flow, strikes: 0, menuShown: false }, sayMessage(pickQuestion(flow)));
}

function event(action: RsvpAction, workshopId: string): EngineEvent {
  return action === 'attend' ? { type: 'rsvp_made', workshopId } : { type: 'rsvp_cancelled', workshopId };
}

function seeing(state: ConversationState, workshopId: string): ConversationState {
  return { ...state, workshop: { ...withoutChoice(state.workshop), seen: workshopId } };
}

function withoutChoice(ws: WorkshopState | undefined): WorkshopState {
  if (!ws) return {};
  const { choice: _dropped, ...rest } = ws;
  return rest;
}

/** The deep link opened by someone not registered yet: sign-up first, the workshop remembered. */
function signUpFirst(state: ConversationState, workshopId: string, ctx: TurnContext): TurnResult {
  const remembered: ConversationState = { ...state, workshop: { ...withoutChoice(state.workshop), seen: workshopId } };
  if (state.flow?.name === 'signup') {
    const question = currentQuestion(state, ctx);
    return result(remembered, say(text('workshop.register_first')), ...(question ? [sayMessage(question, text('common.resume'))] : []));
  }
  const started = startSignup(remembered, ctx);
  return { state: started.state, events: [say(text('workshop.register_first')), ...started.events] };
}

export function continueWorkshopFlow(state: ConversationState, flow: WorkshopFlow, input: Input): TurnResult {
  return flow.name === 'workshop_pick' ? answerPick(state, flow, input) : answerFeedback(state, flow, input);
}

function answerPick(state: ConversationState, flow: PickFlow, input: Input): TurnResult {
  const pick = parseChoice(
    input.text,
    flow.options.map((o) => ({ value: o.id, labels: [o.label, o.label.split(' — ')[0] ?? o.label] })),
  );
  if (pick.kind !== 'ok') return retry(state, text(pick.kind === 'ambiguous' ? 'workshop.pick_ambiguous' : 'workshop.pick_retry'), pickQuestion(flow));
  const idle: ConversationState = { ...seeing(state, pick.value), flow: null, strikes: 0 };
  return result(idle, event(flow.action, pick.value));
}

function answerFeedback(state: ConversationState, flow: FeedbackFlow, input: Input): TurnResult {
  if (flow.step === 'rating') {
    const rating = parseRating(input.text);
    if (rating === null) return retry(state, text('workshop.feedback_rating_retry'), feedbackQuestion(flow));
    const next: FeedbackFlow = { ...flow, step: 'comment' };
    return result({ ...state, flow: next, strikes: 0 }, { type: 'workshop_rated', workshopId: flow.workshopId, rating }, sayMessage(feedbackQuestion(next)));
  }
  const done: ConversationState = { ...state, flow: null, strikes: 0, menuShown: false };
  if (isSkip(input.text)) return result(done, say(text('workshop.feedback_thanks')));
  const comment = parseFreeText(input.text, { maxLength: COMMENT_MAX, minLength: 2 });
  if (comment.kind !== 'ok') {
    const why = comment.kind === 'too_long' ? text('workshop.feedback_comment_too_long', { max: COMMENT_MAX }) : text('workshop.feedback_comment_retry');
    return retry(state, why, feedbackQuestion(flow));
  }
  return result(done, { type: 'workshop_commented', workshopId: flow.workshopId, comment: comment.value }, say(text('workshop.feedback_thanks')));
}

/** Invitations, reminders and the feedback question: what the job says, and what the person saw. */
export function workshopSystemTurn(state: ConversationState, input: WorkshopSystemInput, ctx: TurnContext): TurnResult {
  if (!ctx.person) return result(state);
  const w = input.workshop;
  const busy = state.flow !== null;
  switch (input.event) {
    case 'workshop_invited': {
      const message = invitationMessage(w, { name: ctx.person.name, channel: ctx.channel, telegramBot: input.telegramBot, timeZone: input.timeZone, withChoice: !busy });
      const workshop: WorkshopState = { ...withoutChoice(state.workshop), seen: w.id, ...(busy ? {} : { choice: w.id }) };
      return speak({ ...state, workshop, ...(busy ? {} : { menuShown: false }) }, message, ctx);
    }
    case 'workshop_reminder':
      return speak({ ...state, workshop: { ...withoutChoice(state.workshop), seen: w.id } }, reminderMessage(w, input.beforeMs, input.timeZone), ctx);
    case 'workshop_feedback_asked': {
      const owed = { workshopId: w.id, title: w.title };
      if (busy) return result({ ...state, workshop: { ...withoutChoice(state.workshop), feedbackOwed: owed } });
      return askFeedback(state, owed);
    }
  }
}

/** Says a job's message; someone in the middle of a question is then asked it again. */
function speak(state: ConversationState, message: OutgoingMessage, ctx: TurnContext): TurnResult {
  const question = state.flow ? currentQuestion(state, ctx) : null;
  return result(state, sayMessage(message), ...(question ? [sayMessage(question, text('common.resume'))] : []));
}

function askFeedback(state: ConversationState, owed: { workshopId: string; title: string }): TurnResult {
  const flow: FeedbackFlow = { name: 'workshop_feedback', workshopId: owed.workshopId, title: owed.title, step: 'rating' };
  const { feedbackOwed: _asked, ...rest } = withoutChoice(state.workshop);
  return result({ ...state, flow, workshop: rest, strikes: 0, menuShown: false }, sayMessage(feedbackQuestion(flow)));
}

/** After a person's turn: a feedback question that waited for them to be free is asked now. */
export function askOwedFeedback(turn: TurnResult): TurnResult {
  const owed = turn.state.workshop?.feedbackOwed;
  if (!owed || turn.state.flow !== null) return turn;
  if (turn.events.some((e) => e.type === 'personal_data_erased')) return turn;
  const asked = askFeedback(turn.state, owed);
  return { state: asked.state, events: [...turn.events, ...asked.events] };
}

export function isWorkshopFlow(flow: Flow | null): flow is WorkshopFlow {
  return flow?.name === 'workshop_pick' || flow?.name === 'workshop_feedback';
}
