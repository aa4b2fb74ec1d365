import { parseChoice, type ChoiceOption } from '../parse/choice.js';
import { parseAnnouncement, ANNOUNCEMENT_MAX_LENGTH } from './announcement.js';
import { parseYesNo } from '../parse/yesno.js';
import { parseSegment } from '../segments/parse.js';
import { quickChoices } from '../segments/registry.js';
import { result, say, sayMessage, text } from '../core/replies.js';
import { staffMenu } from '../core/staff-menu.js';
import type { StaffFlow, StaffMember } from './types.js';
import type { ConversationState, EngineEvent, OutgoingMessage, Text, TurnContext, TurnResult } from '../core/types.js';

// `/umumkan`: the text → who receives it → a preview built by the runtime (the first
// recipient's text, counts per channel, time to finish) → `ya` sends, `ubah` changes the
// text or the segment, `batal` drops it. Nothing is stored until `ya`.

type AnnounceFlow = Extract<StaffFlow, { name: 'announce' }>;

export function startAnnounce(state: ConversationState, inlineText: string | null, ctx: TurnContext, staff: StaffMember): TurnResult {
  const flow: AnnounceFlow = { name: 'announce', step: 'text' };
  const next: ConversationState = { ...state, staffFlow: flow, strikes: 0, menuShown: false };
  if (inlineText !== null) return answerText(next, flow, inlineText, ctx, staff);
  return result(next, sayMessage(announceQuestion(flow, ctx)!));
}

export function continueAnnounce(state: ConversationState, flow: AnnounceFlow, input: string, ctx: TurnContext, staff: StaffMember): TurnResult {
  switch (flow.step) {
    case 'text':
      return answerText(state, flow, input, ctx, staff);
    case 'segment':
      return answerSegment(state, flow, input, ctx, staff);
    case 'confirm':
      return answerConfirm(state, flow, input, ctx, staff);
    case 'change':
      return answerChange(state, flow, input, ctx);
  }
}

/** The question of a step; null at `confirm`, whose question is the preview the runtime builds. */
export function announceQuestion(flow: AnnounceFlow, ctx: TurnContext): OutgoingMessage | null {
  switch (flow.step) {
    case 'text':
      return { text: [text('staff.ask_text')] };
    case 'segment':
      return { text: [text('staff.ask_segment')], choices: quickChoices(ctx).map((c) => c.label) };
    case 'change':
      return { text: [text('staff.ask_change')], choices: CHANGE_CHOICES.map((c) => c.label) };
    case 'confirm':
      return null;
  }
}

/** Asks the runtime for the preview; its message ends with the send / change / cancel choices. */
export function previewRequest(flow: Extract<AnnounceFlow, { step: 'confirm' }>, staff: StaffMember): EngineEvent {
  return { type: 'broadcast_preview_requested', staffId: staff.id, text: flow.text, segment: flow.segment };
}

function answerText(state: ConversationState, flow: AnnounceFlow, input: string, ctx: TurnContext, staff: StaffMember): TurnResult {
  const parsed = parseAnnouncement(input);
  if (parsed.kind !== 'ok') return retryStep(state, flow, textProblem(parsed), ctx);
  const segment = flow.step === 'text' ? flow.segment : undefined;
  if (segment) return toConfirm(state, { name: 'announce', step: 'confirm', text: parsed.value, segment }, staff);
  const next: AnnounceFlow = { name: 'announce', step: 'segment', text: parsed.value };
  return result({ ...state, staffFlow: next, strikes: 0 }, sayMessage(announceQuestion(next, ctx)!));
}

function textProblem(parsed: Exclude<ReturnType<typeof parseAnnouncement>, { kind: 'ok' }>): Text {
  switch (parsed.kind) {
    case 'empty':
    case 'no_words':
      return text('staff.text_no_words');
    case 'too_long':
      return text('staff.text_too_long', { max: ANNOUNCEMENT_MAX_LENGTH });
    case 'unknown_placeholders':
      return text('staff.text_unknown_placeholders', { names: parsed.names.map((n) => `{${n}}`).join(', ') });
  }
}

function answerSegment(state: ConversationState, flow: Extract<AnnounceFlow, { step: 'segment' }>, input: string, ctx: TurnContext, staff: StaffMember): TurnResult {
  const parsed = parseSegment(input, ctx);
  switch (parsed.kind) {
    case 'ok':
      return toConfirm(state, { name: 'announce', step: 'confirm', text: flow.text, segment: parsed.spec }, staff);
    case 'unknown_key':
      return retryStep(state, flow, text('staff.segment_unknown_key', { key: parsed.key }), ctx);
    case 'unknown_value':
      return retryStep(state, flow, text('staff.segment_unknown_value', { kind: parsed.title, value: parsed.value }), ctx);
    case 'ambiguous':
      return retryStep(state, flow, text('staff.segment_ambiguous', { value: parsed.value }), ctx);
    case 'none':
      return retryStep(state, flow, text('staff.segment_not_understood'), ctx);
  }
}

function toConfirm(state: ConversationState, flow: Extract<AnnounceFlow, { step: 'confirm' }>, staff: StaffMember): TurnResult {
  return result({ ...state, staffFlow: flow, strikes: 0 }, previewRequest(flow, staff));
}

type ConfirmAnswer = 'send' | 'change' | 'cancel';

const CONFIRM_OPTIONS: readonly ChoiceOption<ConfirmAnswer>[] = [
  { value: 'send', labels: ['ya kirim', 'kirim', 'kirimkan', 'kirim sekarang', 'send'] },
  { value: 'change', labels: ['ubah', 'ganti', 'edit', 'change'] },
  { value: 'cancel', labels: ['batal', 'batalkan', 'cancel'] },
];

function answerConfirm(state: ConversationState, flow: Extract<AnnounceFlow, { step: 'confirm' }>, input: string, ctx: TurnContext, staff: StaffMember): TurnResult {
  const yesNo = parseYesNo(input);
  const pick = yesNo === null ? parseChoice(input, CONFIRM_OPTIONS) : null;
  const answer: ConfirmAnswer | null = yesNo === 'yes' ? 'send' : pick?.kind === 'ok' ? pick.value : null;
  switch (answer) {
    case 'send':
      return result(
        { ...state, staffFlow: null, strikes: 0, menuShown: false },
        { type: 'broadcast_confirmed', staffId: staff.id, text: flow.text, segment: flow.segment },
      );
    case 'change': {
      const next: AnnounceFlow = { ...flow, step: 'change' };
      return result({ ...state, staffFlow: next, strikes: 0 }, sayMessage(announceQuestion(next, ctx)!));
    }
    case 'cancel':
      return dropAnnouncement(state, staff);
    case null:
      return result({ ...state, strikes: state.strikes + 1 }, say(text('staff.confirm_retry')), previewRequest(flow, staff));
  }
}

const CHANGE_CHOICES: readonly { label: Text; option: ChoiceOption<'text' | 'segment'> }[] = [
  { label: text('staff.change_text'), option: { value: 'text', labels: ['teks', 'text', 'pesan', 'isi', 'kalimat'] } },
  { label: text('staff.change_segment'), option: { value: 'segment', labels: ['segmen', 'segment', 'penerima', 'tujuan', 'sasaran'] } },
];

function answerChange(state: ConversationState, flow: Extract<AnnounceFlow, { step: 'change' }>, input: string, ctx: TurnContext): TurnResult {
  const pick = parseChoice(input, CHANGE_CHOICES.map((c) => c.option));
  if (pick.kind !== 'ok') return retryStep(state, flow, text('staff.change_retry'), ctx);
  const next: AnnounceFlow =
    pick.value === 'text' ? { name: 'announce', step: 'text', segment: flow.segment } : { name: 'announce', step: 'segment', text: flow.text };
  return result({ ...state, staffFlow: next, strikes: 0 }, sayMessage(announceQuestion(next, ctx)!));
}

export function dropAnnouncement(state: ConversationState, staff: StaffMember): TurnResult {
  return result(
    { ...state, staffFlow: null, strikes: 0, menuShown: false },
    { type: 'broadcast_dropped', staffId: staff.id },
    say(text('staff.dropped')),
    staffMenu(),
  );
}

function retryStep(state: ConversationState, flow: AnnounceFlow, reason: Text, ctx: TurnContext): TurnResult {
  const question = announceQuestion(flow, ctx) ?? { text: [] };
  return result({ ...state, staffFlow: flow, strikes: state.strikes + 1 }, sayMessage(question, reason));
}
