import { parseChoice } from '../parse/choice.js';
import { parseFreeText } from '../parse/text.js';
import { readRsvp, type NotAnswer } from '../parse/understand/index.js';
import type { FlowDef, Interceptor, Kit, SystemInputDef } from '../core/capability.js';
import { result, say, sayMessage } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { done, next, retry } from '../core/steps.js';
import { text } from '../core/text.js';
import type { Input } from '../core/vocabulary.js';
import type { EngineEvent, TurnContext } from '../unions.js';
import { feedbackQuestion, invitationMessage, pickQuestion, reminderMessage, workshopLabel } from './messages.js';
import { isSkip, parseDeepLinkPayload, parseRating, parseRsvpCommand, type RsvpCommand } from './parse.js';
import type { FeedbackFlow, PickFlow, RsvpAction, WorkshopSlot } from './state.js';
import type { WorkshopContext, WorkshopSystemInput } from './vocabulary.js';

// The attendee's side of workshops. `HADIR`, `BATAL HADIR` and `KODE 4821` work like
// commands from anywhere; which workshop they mean is the only one that fits, else the one
// of the invitation that was the very last message, else the person is asked (numbered). Whether a seat is free is not for the engine to say: it says that
// the person answered, and the runtime answers with the seat it stored.

const COMMENT_MAX = 500;
const START_WITH_PAYLOAD = /^\/start(?:@\w+)?\s+(\S+)\s*$/iu;

/**
 * An RSVP, an attendance code, a deep link or (right after an invitation) its choice
 * number; anything else goes on to the rest of the engine, and the invitation's number
 * is good for that one message only.
 */
export const rsvpWords: Interceptor = {
  read(state, input, ctx, kit) {
    if (input.kind !== 'text' || !ctx.workshops) return null;
    const linked = parseDeepLinkPayload(input.startPayload ?? START_WITH_PAYLOAD.exec(input.text.trim())?.[1]);
    const answered = linked ? null : invitationAnswer(state, input, ctx);
    if (answered?.kind === 'ask') return answered.turn(kit);
    const command: RsvpCommand | null = linked ? { type: 'attend', workshopId: linked } : (parseRsvpCommand(input.text) ?? answered?.command ?? null);
    if (!command) return null;
    if (!ctx.person) {
      if (linked) return signUpFirst(state, linked, kit);
      // Mid sign-up, `hadir` may well be an answer (a name, say).
      return state.flow ? null : result(state, say(text('workshop.not_registered')));
    }
    switch (command.type) {
      case 'code':
        return kit.resume(state, { type: 'attendance_code_given', code: command.code });
      case 'attend':
      case 'withdraw':
        return rsvp(state, command.type, command.workshopId, ctx.workshops, kit);
    }
  },
  pass(state) {
    if (!state.workshop?.choice) return state;
    const { choice: _used, ...rest } = state.workshop;
    return { ...state, workshop: rest };
  },
};

/**
 * The answer typed right after an invitation (it was the last thing said, nothing else is
 * asked): `ikut`, `sy ikut bu`, `hadir insyaallah`, `1` register; `tidak bisa hadir`
 * withdraws; a nod or a hedge (`ok`, `insyaallah`) is asked back, the invitation still
 * open. Anything else (a question, `menu`) goes on to the rest of the engine.
 */
function invitationAnswer(
  state: ConversationState,
  input: Input,
  ctx: TurnContext,
): { kind: 'command'; command: RsvpCommand } | { kind: 'ask'; turn: (kit: Kit) => TurnResult } | null {
  const offered = state.workshop?.choice;
  if (!offered || state.flow !== null || state.menuShown || !ctx.person) return null;
  const reading = readRsvp(input.text, ctx.vocabulary, { lang: state.lang, options: ['attend'] });
  if (reading.kind === 'value') return { kind: 'command', command: { type: reading.value, workshopId: offered } };
  if (reading.kind === 'ask' && ASK_AGAIN.has(reading.reason)) {
    const missed: EngineEvent[] = [{ type: 'answer_missed', question: 'rsvp', text: input.text }];
    return { kind: 'ask', turn: (kit) => kit.resume(state, ...missed, say(text('workshop.rsvp_reask'))) };
  }
  return null;
}

// Close to an answer, but not one: the invitation is asked about again.
const ASK_AGAIN: ReadonlySet<string> = new Set(['nod', 'unsure', 'conflict', 'not_offered']);

function rsvp(state: ConversationState, action: RsvpAction, named: string | null, ws: WorkshopContext, kit: Kit): TurnResult {
  const candidates = action === 'attend' ? ws.open : ws.open.filter((w) => ws.mine.some((m) => m.workshopId === w.id));
  if (named !== null) {
    // A number typed: taken at its word (the runtime says if it is closed or not theirs).
    return kit.resume(seeing(state, named), rsvpEvent(action, named));
  }
  // With several open, only the invitation that was the very last message says which one is
  // meant; an older invitation does not (the person may mean another), so they are asked.
  const offered = state.workshop?.choice;
  const target = candidates.length === 1 ? candidates[0] : candidates.find((w) => w.id === offered);
  if (target) return kit.resume(seeing(state, target.id), rsvpEvent(action, target.id));
  if (candidates.length === 0) return kit.resume(state, say(text(action === 'attend' ? 'workshop.none_open' : 'workshop.none_registered')));
  // Whatever was being asked gives way to the question it was interrupted by.
  return kit.start(state, { name: 'workshop_pick', action, options: candidates.map((w) => ({ id: w.id, label: workshopLabel(w, ws.timeZone) })) });
}

function rsvpEvent(action: RsvpAction, workshopId: string): EngineEvent {
  return action === 'attend' ? { type: 'rsvp_made', workshopId } : { type: 'rsvp_cancelled', workshopId };
}

function seeing(state: ConversationState, workshopId: string): ConversationState {
  return { ...state, workshop: { ...withoutChoice(state.workshop), seen: workshopId } };
}

function withoutChoice(ws: WorkshopSlot | undefined): WorkshopSlot {
  if (!ws) return {};
  const { choice: _dropped, ...rest } = ws;
  return rest;
}

/** The deep link opened by someone not registered yet: sign-up first, the workshop remembered. */
function signUpFirst(state: ConversationState, workshopId: string, kit: Kit): TurnResult {
  const remembered: ConversationState = { ...state, workshop: { ...withoutChoice(state.workshop), seen: workshopId } };
  if (state.flow?.name === 'signup') return kit.resume(remembered, say(text('workshop.register_first')));
  const started = kit.welcome(remembered);
  return { state: started.state, events: [say(text('workshop.register_first')), ...started.events] };
}

export const pickFlowDef: FlowDef<PickFlow> = {
  name: 'workshop_pick',
  question: (flow) => pickQuestion(flow),
  read(flow, input) {
    const pick = parseChoice(
      input.text,
      flow.options.map((o) => ({ value: o.id, labels: [o.label, o.label.split(' — ')[0] ?? o.label] })),
    );
    if (pick.kind !== 'ok') return retry(text(pick.kind === 'ambiguous' ? 'workshop.pick_ambiguous' : 'workshop.pick_retry'));
    return done([rsvpEvent(flow.action, pick.value)], (s) => seeing(s, pick.value));
  },
};

export const feedbackFlowDef: FlowDef<FeedbackFlow> = {
  name: 'workshop_feedback',
  question: (flow) => feedbackQuestion(flow),
  read(flow, input) {
    if (flow.step === 'rating') {
      const rating = parseRating(input.text);
      if (rating === null) return retry(text('workshop.feedback_rating_retry'));
      return next({ ...flow, step: 'comment' }, { events: [{ type: 'workshop_rated', workshopId: flow.workshopId, rating }] });
    }
    const idle = (s: ConversationState): ConversationState => ({ ...s, menuShown: false });
    if (isSkip(input.text)) return done([say(text('workshop.feedback_thanks'))], idle);
    const comment = parseFreeText(input.text, { maxLength: COMMENT_MAX, minLength: 2 });
    if (comment.kind !== 'ok') {
      return retry(comment.kind === 'too_long' ? text('workshop.feedback_comment_too_long', { max: COMMENT_MAX }) : text('workshop.feedback_comment_retry'));
    }
    return done([{ type: 'workshop_commented', workshopId: flow.workshopId, comment: comment.value }, say(text('workshop.feedback_thanks'))], idle);
  },
};

/** Invitations, reminders and the feedback question: what the job says, and what the person saw. */
export const workshopNews: SystemInputDef<WorkshopSystemInput> = {
  events: ['workshop_invited', 'workshop_reminder', 'workshop_feedback_asked'],
  run(state, input, ctx, kit) {
    if (!ctx.person) return result(state);
    const w = input.workshop;
    const busy = state.flow !== null;
    switch (input.event) {
      case 'workshop_invited': {
        const message = invitationMessage(w, { name: ctx.person.name, channel: ctx.channel, telegramBot: input.telegramBot, timeZone: input.timeZone, withChoice: !busy });
        const workshop: WorkshopSlot = { ...withoutChoice(state.workshop), seen: w.id, ...(busy ? {} : { choice: w.id }) };
        // Someone in the middle of a question is then asked it again.
        return kit.resume({ ...state, workshop, ...(busy ? {} : { menuShown: false }) }, sayMessage(message));
      }
      case 'workshop_reminder':
        return kit.resume({ ...state, workshop: { ...withoutChoice(state.workshop), seen: w.id } }, sayMessage(reminderMessage(w, input.beforeMs, input.timeZone)));
      case 'workshop_feedback_asked': {
        const owed = { workshopId: w.id, title: w.title };
        if (busy) return result({ ...state, workshop: { ...withoutChoice(state.workshop), feedbackOwed: owed } });
        return askFeedback(state, owed, kit);
      }
    }
  },
};

function askFeedback(state: ConversationState, owed: { workshopId: string; title: string }, kit: Kit): TurnResult {
  const { feedbackOwed: _asked, ...rest } = withoutChoice(state.workshop);
  return kit.start({ ...state, workshop: rest }, { name: 'workshop_feedback', workshopId: owed.workshopId, title: owed.title, step: 'rating' });
}

/** After a person's turn: a feedback question that waited for them to be free is asked now. */
export function askOwedFeedback(turn: TurnResult, _ctx: TurnContext, kit: Kit): TurnResult {
  const owed = turn.state.workshop?.feedbackOwed;
  if (!owed || turn.state.flow !== null) return turn;
  if (turn.events.some((e) => e.type === 'personal_data_erased')) return turn;
  const asked = askFeedback(turn.state, owed, kit);
  return { state: asked.state, events: [...turn.events, ...asked.events] };
}

/** `pelatihan`, `ada pelatihan apa?`: the open workshops and how to join (HADIR means the only one). */
export function openWorkshops(state: ConversationState, question: NotAnswer, ctx: TurnContext, _kit: Kit): TurnResult | null {
  if (question.topic !== 'workshops' || !ctx.workshops) return null;
  const ws = ctx.workshops;
  const idle = { ...state, menuShown: false };
  if (ws.open.length === 0) return result(idle, say(text('workshop.idle_none_open')));
  const list = ws.open.map((w) => `• ${workshopLabel(w, ws.timeZone)}`).join('\n');
  const only = ws.open.length === 1 ? ws.open[0]!.id : null;
  return result(only ? seeing(idle, only) : idle, say(text('workshop.idle_open', { list })));
}
