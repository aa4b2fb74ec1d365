import { parseChoice, type ChoiceOption } from '../parse/choice.js';
import { parseYesNo } from '../parse/yesno.js';
import type { FlowDef, Kit } from '../core/capability.js';
import { say } from '../core/replies.js';
import { done, next, retry, type Step } from '../core/steps.js';
import { text } from '../core/text.js';
import type { StaffMember, Text } from '../core/vocabulary.js';
import { parseSegment, quickChoices, segmentProblem } from '../segments/parse.js';
import type { EngineEvent, TurnContext } from '../unions.js';
import { ANNOUNCEMENT_MAX_LENGTH, parseAnnouncement } from './announcement.js';
import type { BroadcastFlow } from './state.js';

// `/umumkan`: the text → who receives it → a preview built by the runtime (the first
// recipient's text, counts per channel, time to finish) → `ya` sends, `ubah` changes the
// text or the segment, `batal` drops it. Nothing is stored until `ya`.

type Confirm = Extract<BroadcastFlow, { step: 'confirm' }>;

export const broadcastFlowDef: FlowDef<BroadcastFlow> = {
  name: 'broadcast',
  question(flow, _state, ctx, kit) {
    switch (flow.step) {
      case 'text':
        return { text: [text('staff.ask_text')] };
      case 'segment':
        return { text: [text('staff.ask_segment')], choices: quickChoices(ctx, kit.segmentKinds).map((c) => c.label) };
      case 'change':
        return { text: [text('staff.ask_change')], choices: CHANGE_CHOICES.map((c) => c.label) };
      case 'confirm':
        // The preview is the runtime's: its message ends with the send / change / cancel choices.
        return previewRequest(flow, ctx.staff!);
    }
  },
  read(flow, input, _state, ctx, kit) {
    switch (flow.step) {
      case 'text':
        return answerText(flow, input.text);
      case 'segment':
        return answerSegment(flow, input.text, ctx, kit);
      case 'confirm':
        return answerConfirm(flow, input.text, ctx.staff!, kit);
      case 'change':
        return answerChange(flow, input.text);
    }
  },
  cancel: (state, flow, ctx, kit) => kit.apply(state, dropBroadcast(ctx.staff!, kit)),
};

function previewRequest(flow: Confirm, staff: StaffMember): EngineEvent {
  return { type: 'broadcast_preview_requested', staffId: staff.id, text: flow.text, segment: flow.segment };
}

function answerText(flow: Extract<BroadcastFlow, { step: 'text' }>, input: string): Step<BroadcastFlow> {
  const parsed = parseAnnouncement(input);
  if (parsed.kind !== 'ok') return retry(textProblem(parsed));
  if (flow.segment) return next({ name: 'broadcast', step: 'confirm', text: parsed.value, segment: flow.segment });
  return next({ name: 'broadcast', step: 'segment', text: parsed.value });
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

function answerSegment(flow: Extract<BroadcastFlow, { step: 'segment' }>, input: string, ctx: TurnContext, kit: Kit): Step<BroadcastFlow> {
  const parsed = parseSegment(input, ctx, kit.segmentKinds);
  if (parsed.kind !== 'ok') return retry(segmentProblem(parsed));
  return next({ name: 'broadcast', step: 'confirm', text: flow.text, segment: parsed.spec });
}

type ConfirmAnswer = 'send' | 'change' | 'cancel';

const CONFIRM_OPTIONS: readonly ChoiceOption<ConfirmAnswer>[] = [
  { value: 'send', labels: ['ya kirim', 'kirim', 'kirimkan', 'kirim sekarang', 'send'] },
  { value: 'change', labels: ['ubah', 'ganti', 'edit', 'change'] },
  { value: 'cancel', labels: ['batal', 'batalkan', 'cancel'] },
];

function answerConfirm(flow: Confirm, input: string, staff: StaffMember, kit: Kit): Step<BroadcastFlow> {
  const yesNo = parseYesNo(input);
  const pick = yesNo === null ? parseChoice(input, CONFIRM_OPTIONS) : null;
  const answer: ConfirmAnswer | null = yesNo === 'yes' ? 'send' : pick?.kind === 'ok' ? pick.value : null;
  switch (answer) {
    case 'send':
      return done([{ type: 'broadcast_confirmed', staffId: staff.id, text: flow.text, segment: flow.segment }], (s) => ({ ...s, menuShown: false }));
    case 'change':
      return next({ ...flow, step: 'change' });
    case 'cancel':
      return dropBroadcast(staff, kit);
    case null:
      return retry(text('staff.confirm_retry'));
  }
}

const CHANGE_CHOICES: readonly { label: Text; option: ChoiceOption<'text' | 'segment'> }[] = [
  { label: text('staff.change_text'), option: { value: 'text', labels: ['teks', 'text', 'pesan', 'isi', 'kalimat'] } },
  { label: text('staff.change_segment'), option: { value: 'segment', labels: ['segmen', 'segment', 'penerima', 'tujuan', 'sasaran'] } },
];

function answerChange(flow: Extract<BroadcastFlow, { step: 'change' }>, input: string): Step<BroadcastFlow> {
  const pick = parseChoice(input, CHANGE_CHOICES.map((c) => c.option));
  if (pick.kind !== 'ok') return retry(text('staff.change_retry'));
  return next(pick.value === 'text' ? { name: 'broadcast', step: 'text', segment: flow.segment } : { name: 'broadcast', step: 'segment', text: flow.text });
}

function dropBroadcast(staff: StaffMember, kit: Kit): Step<BroadcastFlow> {
  return done([{ type: 'broadcast_dropped', staffId: staff.id }, say(text('staff.dropped')), kit.menu()], (s) => ({ ...s, menuShown: false }));
}
