import { parseChoice, type ChoiceOption } from '../parse/choice.js';
import { parseCount } from '../parse/number.js';
import { parseFreeText } from '../parse/text.js';
import { isSkip, parseWorkshopWhen, type WorkshopStaffCommand, type WorkshopWhen } from './parse.js';
import { parseYesNo } from '../parse/yesno.js';
import { parseSegment } from '../segments/parse.js';
import { quickChoices } from '../segments/registry.js';
import { formatLocalDateTime } from '../../time.js';
import { result, say, sayMessage, text, yesNoChoices } from '../core/replies.js';
import { staffMenu } from '../core/staff-menu.js';
import type { StaffMember } from '../broadcast/types.js';
import type { ConversationState, EngineEvent, OutgoingMessage, Text, TurnContext, TurnResult } from '../core/types.js';
import { workshopWhen } from './messages.js';
import type { CreateStep, NewWorkshop, WorkshopContext, WorkshopDraft, WorkshopStaffFlow } from './types.js';

// The staff side of workshops, in chat. `/pelatihan` walks through a new workshop (title,
// description, date and time in WITA, place, capacity, then `ya`); `/pelatihan umumkan 3`
// picks who is invited and shows a preview before anything is sent; `/pelatihan batalkan 3`
// asks before it tells everyone. The one-line commands (list, change, code, attendance,
// report) are checked here for form and answered by the runtime, which knows the rows.

type Resume = (state: ConversationState, ...events: EngineEvent[]) => TurnResult;
type CreateFlow = Extract<WorkshopStaffFlow, { name: 'workshop_create' }>;
type AnnounceFlow = Extract<WorkshopStaffFlow, { name: 'workshop_announce' }>;
type CancelFlow = Extract<WorkshopStaffFlow, { name: 'workshop_cancel' }>;

const TITLE_MAX = 120;
const DESCRIPTION_MAX = 1000;
const PLACE_MAX = 200;
const CAPACITY_MAX = 10_000;

export function workshopStaffCommand(state: ConversationState, command: WorkshopStaffCommand, ctx: TurnContext, staff: StaffMember, resume: Resume): TurnResult {
  const ws = ctx.workshops;
  if (!ws) return resume(state, say(text('workshop.unavailable')));
  const id = command.type === 'create' || command.type === 'list' || command.type === 'help' ? null : command.workshopId;
  switch (command.type) {
    case 'create': {
      const flow: CreateFlow = { name: 'workshop_create', step: 'title', draft: {} };
      return result({ ...state, staffFlow: flow, strikes: 0, menuShown: false }, sayMessage(createQuestion(flow, ws)));
    }
    case 'list':
      return resume(state, { type: 'workshop_list_requested', staffId: staff.id });
    case 'help':
      return resume(state, say(text('workshop.staff_help')));
    case 'announce':
    case 'cancel': {
      const open = id ? ws.open.find((w) => w.id === id) : ws.open.length === 1 ? ws.open[0] : undefined;
      if (!open) return resume(state, say(id ? text('workshop.staff_not_open', { id }) : text(`workshop.usage_${command.type}`)));
      const flow: WorkshopStaffFlow =
        command.type === 'announce'
          ? { name: 'workshop_announce', step: 'segment', workshopId: open.id, title: open.title }
          : { name: 'workshop_cancel', step: 'confirm', workshopId: open.id, title: open.title };
      return result({ ...state, staffFlow: flow, strikes: 0, menuShown: false }, workshopStaffQuestion(flow, ctx, staff));
    }
    case 'code':
    case 'report':
      if (!id) return resume(state, say(text(`workshop.usage_${command.type}`)));
      return resume(state, command.type === 'code' ? { type: 'workshop_code_requested', staffId: staff.id, workshopId: id } : { type: 'workshop_report_requested', staffId: staff.id, workshopId: id });
    case 'attend':
      if (!id || !command.memberNo) return resume(state, say(text('workshop.usage_attend')));
      return resume(state, { type: 'workshop_attendance_marked', staffId: staff.id, workshopId: id, memberNo: command.memberNo });
    case 'change':
      return change(state, command, ws, ctx, staff, resume);
  }
}

function change(state: ConversationState, command: Extract<WorkshopStaffCommand, { type: 'change' }>, ws: WorkshopContext, ctx: TurnContext, staff: StaffMember, resume: Resume): TurnResult {
  const id = command.workshopId;
  if (!id || !command.field || command.value === '') return resume(state, say(text('workshop.usage_change')));
  const requested = (change: Extract<EngineEvent, { type: 'workshop_change_requested' }>['change']) =>
    resume(state, { type: 'workshop_change_requested', staffId: staff.id, workshopId: id, change });
  switch (command.field) {
    case 'time': {
      const when = parseWorkshopWhen(command.value, ctx.now, ws.timeZone);
      if (when.kind !== 'ok') return resume(state, say(whenProblem(when, ws.timeZone), text('workshop.usage_change')));
      return requested({ field: 'time', startsAt: when.startsAt.toISOString(), endsAt: when.endsAt?.toISOString() ?? null });
    }
    case 'place': {
      const place = parseFreeText(command.value, { maxLength: PLACE_MAX, minLength: 2 });
      if (place.kind !== 'ok') return resume(state, say(text('workshop.place_invalid', { max: PLACE_MAX }), text('workshop.usage_change')));
      return requested({ field: 'place', place: place.value });
    }
    case 'capacity': {
      const capacity = parseCount(command.value);
      if (capacity === null || capacity < 1 || capacity > CAPACITY_MAX) return resume(state, say(text('workshop.capacity_invalid', { max: CAPACITY_MAX }), text('workshop.usage_change')));
      return requested({ field: 'capacity', capacity });
    }
  }
}

export function continueWorkshopStaff(state: ConversationState, flow: WorkshopStaffFlow, input: string, ctx: TurnContext, staff: StaffMember): TurnResult {
  switch (flow.name) {
    case 'workshop_create':
      return answerCreate(state, flow, input, ctx, staff);
    case 'workshop_announce':
      return flow.step === 'segment' ? answerSegment(state, flow, input, ctx, staff) : answerPreview(state, flow, input, ctx, staff);
    case 'workshop_cancel':
      return answerCancel(state, flow, input, staff);
  }
}

/** What a staff member in a workshop flow is asked now: a question, or (at a preview) the request for it. */
export function workshopStaffQuestion(flow: WorkshopStaffFlow, ctx: TurnContext, staff: StaffMember): EngineEvent {
  switch (flow.name) {
    case 'workshop_create':
      return sayMessage(createQuestion(flow, ctx.workshops));
    case 'workshop_announce':
      if (flow.step === 'confirm') return { type: 'workshop_preview_requested', staffId: staff.id, workshopId: flow.workshopId, segment: flow.segment };
      return sayMessage({ text: [text('workshop.ask_segment', { id: flow.workshopId, title: flow.title })], choices: quickChoices(ctx).map((c) => c.label) });
    case 'workshop_cancel':
      return sayMessage({ text: [text('workshop.cancel_confirm', { id: flow.workshopId, title: flow.title })], choices: yesNoChoices });
  }
}

/** After an interruption (`menu`, `/status`): back to the open question. */
export function resumeWorkshopStaff(flow: WorkshopStaffFlow, ctx: TurnContext, staff: StaffMember): EngineEvent[] {
  const question = workshopStaffQuestion(flow, ctx, staff);
  if (question.type !== 'message_created') return [say(text('common.resume')), question];
  return [{ ...question, text: [text('common.resume'), ...question.text] }];
}

export function dropWorkshopStaffFlow(state: ConversationState, flow: WorkshopStaffFlow): TurnResult {
  const key = flow.name === 'workshop_create' ? 'workshop.create_dropped' : flow.name === 'workshop_announce' ? 'workshop.announce_dropped' : 'workshop.cancel_kept';
  return result({ ...state, staffFlow: null, strikes: 0, menuShown: true }, say(text(key, { id: 'workshopId' in flow ? flow.workshopId : '' })), staffMenu());
}

// ── creating ─────────────────────────────────────────────────────────────────

const EXAMPLE_WHEN = 'workshop.example_when';

function createQuestion(flow: CreateFlow, ws: WorkshopContext | null | undefined): OutgoingMessage {
  switch (flow.step) {
    case 'title':
      return { text: [text('workshop.ask_title')] };
    case 'description':
      return { text: [text('workshop.ask_description')], choices: [text('workshop.choice_skip')] };
    case 'when':
      return { text: [text('workshop.ask_when', { minutes: Math.ceil((ws?.defaultDurationMs ?? 3 * 3_600_000) / 60_000) }), text(EXAMPLE_WHEN)] };
    case 'place':
      return { text: [text('workshop.ask_place')] };
    case 'capacity':
      return { text: [text('workshop.ask_capacity')] };
    case 'confirm':
      return { text: [text('workshop.create_summary', summaryParams(flow.draft, ws?.timeZone ?? 'Asia/Makassar'))], choices: [text('workshop.choice_save'), text('broadcast.choice_cancel')] };
  }
}

function summaryParams(draft: WorkshopDraft, timeZone: string) {
  return {
    title: draft.title ?? '',
    description: draft.description ?? '-',
    when: draft.startsAt ? workshopWhen(draft.startsAt, draft.endsAt ?? null, timeZone) : '',
    place: draft.place ?? '',
    capacity: draft.capacity ?? 0,
  };
}

const NEXT: Readonly<Record<Exclude<CreateStep, 'confirm'>, CreateStep>> = { title: 'description', description: 'when', when: 'place', place: 'capacity', capacity: 'confirm' };

function answerCreate(state: ConversationState, flow: CreateFlow, input: string, ctx: TurnContext, staff: StaffMember): TurnResult {
  const ws = ctx.workshops;
  if (!ws) return result({ ...state, staffFlow: null }, say(text('workshop.unavailable')));
  if (flow.step === 'confirm') return answerSave(state, flow, input, ws, staff);
  const read = readStep(flow.step, input, ctx.now, ws);
  if (read.kind === 'retry') return retryStaff(state, flow, read.reasons, ws);
  const next: CreateFlow = { name: 'workshop_create', step: NEXT[flow.step], draft: { ...flow.draft, ...read.value } };
  return result({ ...state, staffFlow: next, strikes: 0 }, sayMessage(createQuestion(next, ws)));
}

type StepRead = { kind: 'ok'; value: WorkshopDraft } | { kind: 'retry'; reasons: Text[] };

/**
 * A whole workshop typed at once (the command line): each field read as the chat reads it,
 * every problem named.
 */
export function readNewWorkshop(
  fields: { readonly title: string; readonly description?: string | undefined; readonly when: string; readonly place: string; readonly capacity: string },
  now: Date,
  ws: Pick<WorkshopContext, 'timeZone' | 'defaultDurationMs'>,
): { kind: 'ok'; workshop: NewWorkshop } | { kind: 'retry'; reasons: Text[] } {
  const settings: WorkshopContext = { ...ws, open: [], mine: [] };
  const reads = [
    readStep('title', fields.title, now, settings),
    readStep('description', fields.description ?? '-', now, settings),
    readStep('when', fields.when, now, settings),
    readStep('place', fields.place, now, settings),
    readStep('capacity', fields.capacity, now, settings),
  ];
  const reasons = reads.flatMap((r) => (r.kind === 'retry' ? r.reasons : []));
  if (reasons.length > 0) return { kind: 'retry', reasons };
  const d: WorkshopDraft = Object.assign({}, ...reads.map((r) => (r.kind === 'ok' ? r.value : {})));
  return { kind: 'ok', workshop: { title: d.title!, description: d.description ?? null, startsAt: d.startsAt!, endsAt: d.endsAt!, place: d.place!, capacity: d.capacity! } };
}

function readStep(step: Exclude<CreateStep, 'confirm'>, input: string, now: Date, ws: WorkshopContext): StepRead {
  switch (step) {
    case 'title': {
      const title = parseFreeText(input, { maxLength: TITLE_MAX, minLength: 3 });
      return title.kind === 'ok' ? { kind: 'ok', value: { title: title.value } } : { kind: 'retry', reasons: [text('workshop.title_invalid', { max: TITLE_MAX })] };
    }
    case 'description': {
      if (isSkip(input)) return { kind: 'ok', value: { description: null } };
      const description = parseFreeText(input, { maxLength: DESCRIPTION_MAX, minLength: 3 });
      return description.kind === 'ok' ? { kind: 'ok', value: { description: description.value } } : { kind: 'retry', reasons: [text('workshop.description_invalid', { max: DESCRIPTION_MAX })] };
    }
    case 'when': {
      const when = parseWorkshopWhen(input, now, ws.timeZone);
      if (when.kind !== 'ok') return { kind: 'retry', reasons: [whenProblem(when, ws.timeZone)] };
      const endsAt = when.endsAt ?? new Date(when.startsAt.getTime() + ws.defaultDurationMs);
      return { kind: 'ok', value: { startsAt: when.startsAt.toISOString(), endsAt: endsAt.toISOString() } };
    }
    case 'place': {
      const place = parseFreeText(input, { maxLength: PLACE_MAX, minLength: 2 });
      return place.kind === 'ok' ? { kind: 'ok', value: { place: place.value } } : { kind: 'retry', reasons: [text('workshop.place_invalid', { max: PLACE_MAX })] };
    }
    case 'capacity': {
      const capacity = parseCount(input);
      if (capacity === null || capacity < 1 || capacity > CAPACITY_MAX) return { kind: 'retry', reasons: [text('workshop.capacity_invalid', { max: CAPACITY_MAX })] };
      return { kind: 'ok', value: { capacity } };
    }
  }
}

/** Why a date and time were refused; the question that follows carries the example. */
export function whenProblem(when: Exclude<WorkshopWhen, { kind: 'ok' }>, timeZone: string): Text {
  switch (when.kind) {
    case 'past':
      return text('workshop.when_past', { when: formatLocalDateTime(when.at, timeZone) });
    case 'impossible_date':
      return text('workshop.when_impossible');
    case 'missing_time':
      return text('workshop.when_missing_time');
    case 'end_before_start':
      return text('workshop.when_end_before_start');
    case 'invalid':
      return text('workshop.when_invalid');
  }
}

const SAVE_OPTIONS: readonly ChoiceOption<'save' | 'cancel'>[] = [
  { value: 'save', labels: ['simpan', 'ya simpan', 'save', 'buat'] },
  { value: 'cancel', labels: ['batal', 'batalkan', 'cancel'] },
];

function answerSave(state: ConversationState, flow: CreateFlow, input: string, ws: WorkshopContext, staff: StaffMember): TurnResult {
  const yesNo = parseYesNo(input);
  const pick = yesNo === null ? parseChoice(input, SAVE_OPTIONS) : null;
  const answer = yesNo === 'yes' ? 'save' : yesNo === 'no' ? 'cancel' : pick?.kind === 'ok' ? pick.value : null;
  if (answer === 'cancel') return dropWorkshopStaffFlow(state, flow);
  if (answer === null) return retryStaff(state, flow, [text('workshop.confirm_retry')], ws);
  const d = flow.draft;
  const workshop: NewWorkshop = { title: d.title!, description: d.description ?? null, startsAt: d.startsAt!, endsAt: d.endsAt!, place: d.place!, capacity: d.capacity! };
  return result({ ...state, staffFlow: null, strikes: 0, menuShown: false }, { type: 'workshop_created', staffId: staff.id, workshop });
}

function retryStaff(state: ConversationState, flow: CreateFlow, reasons: Text[], ws: WorkshopContext): TurnResult {
  const hint = state.strikes + 1 >= 3 ? [text('workshop.stuck_hint')] : [];
  const question = createQuestion(flow, ws);
  return result({ ...state, staffFlow: flow, strikes: state.strikes + 1 }, sayMessage({ ...question, text: [...question.text, ...hint] }, ...reasons));
}

// ── announcing ───────────────────────────────────────────────────────────────

function answerSegment(state: ConversationState, flow: Extract<AnnounceFlow, { step: 'segment' }>, input: string, ctx: TurnContext, staff: StaffMember): TurnResult {
  const parsed = parseSegment(input, ctx);
  if (parsed.kind !== 'ok') {
    const reason =
      parsed.kind === 'unknown_key'
        ? text('staff.segment_unknown_key', { key: parsed.key })
        : parsed.kind === 'unknown_value'
          ? text('staff.segment_unknown_value', { kind: parsed.title, value: parsed.value })
          : parsed.kind === 'ambiguous'
            ? text('staff.segment_ambiguous', { value: parsed.value })
            : text('staff.segment_not_understood');
    const question = workshopStaffQuestion(flow, ctx, staff);
    return result({ ...state, strikes: state.strikes + 1 }, question.type === 'message_created' ? { ...question, text: [reason, ...question.text] } : question);
  }
  const next: AnnounceFlow = { name: 'workshop_announce', step: 'confirm', workshopId: flow.workshopId, title: flow.title, segment: parsed.spec };
  return result({ ...state, staffFlow: next, strikes: 0 }, workshopStaffQuestion(next, ctx, staff));
}

type PreviewAnswer = 'send' | 'change' | 'cancel';

const PREVIEW_OPTIONS: readonly ChoiceOption<PreviewAnswer>[] = [
  { value: 'send', labels: ['ya kirim', 'kirim', 'kirimkan', 'kirim sekarang', 'send'] },
  { value: 'change', labels: ['ubah', 'ganti', 'ubah penerima', 'change'] },
  { value: 'cancel', labels: ['batal', 'batalkan', 'cancel'] },
];

function answerPreview(state: ConversationState, flow: Extract<AnnounceFlow, { step: 'confirm' }>, input: string, ctx: TurnContext, staff: StaffMember): TurnResult {
  const yesNo = parseYesNo(input);
  const pick = yesNo === null ? parseChoice(input, PREVIEW_OPTIONS) : null;
  const answer: PreviewAnswer | null = yesNo === 'yes' ? 'send' : pick?.kind === 'ok' ? pick.value : null;
  switch (answer) {
    case 'send':
      return result(
        { ...state, staffFlow: null, strikes: 0, menuShown: false },
        { type: 'workshop_announcement_confirmed', staffId: staff.id, workshopId: flow.workshopId, segment: flow.segment },
      );
    case 'change': {
      const back: AnnounceFlow = { name: 'workshop_announce', step: 'segment', workshopId: flow.workshopId, title: flow.title };
      return result({ ...state, staffFlow: back, strikes: 0 }, workshopStaffQuestion(back, ctx, staff));
    }
    case 'cancel':
      return dropWorkshopStaffFlow(state, flow);
    case null:
      return result({ ...state, strikes: state.strikes + 1 }, say(text('staff.confirm_retry')), workshopStaffQuestion(flow, ctx, staff));
  }
}

// ── cancelling ───────────────────────────────────────────────────────────────

function answerCancel(state: ConversationState, flow: CancelFlow, input: string, staff: StaffMember): TurnResult {
  const answer = parseYesNo(input);
  if (answer === 'no') return dropWorkshopStaffFlow(state, flow);
  if (answer === null) {
    return result({ ...state, strikes: state.strikes + 1 }, sayMessage({ text: [text('workshop.cancel_confirm', { id: flow.workshopId, title: flow.title })], choices: yesNoChoices }, text('workshop.confirm_retry')));
  }
  return result({ ...state, staffFlow: null, strikes: 0, menuShown: false }, { type: 'workshop_cancel_confirmed', staffId: staff.id, workshopId: flow.workshopId });
}
