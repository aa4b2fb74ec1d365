import { parseChoice, type ChoiceOption } from '../parse/choice.js';
import { parseCount } from '../parse/number.js';
import { parseFreeText } from '../parse/text.js';
import { parseYesNo } from '../parse/yesno.js';
import type { CommandDef, FlowDef, Kit } from '../core/capability.js';
import { say, yesNoChoices } from '../core/replies.js';
import type { ConversationState, TurnResult } from '../core/state.js';
import { done, next, retry, type Step } from '../core/steps.js';
import { text } from '../core/text.js';
import type { StaffMember } from '../core/vocabulary.js';
import { parseSegment, quickChoices, segmentProblem } from '../segments/parse.js';
import type { EngineEvent, TurnContext } from '../unions.js';
import { CAPACITY_MAX, PLACE_MAX, TITLE_MAX, dropped, whenProblem } from './create.js';
import { parseWorkshopStaffCommand, parseWorkshopWhen, type WorkshopStaffCommand } from './parse.js';
import type { CancelFlow, InviteFlow } from './state.js';
import type { WorkshopContext } from './vocabulary.js';

// The staff side of workshops, in chat. `/pelatihan` walks through a new workshop
// (create.ts); `/pelatihan umumkan 3` picks who is invited and shows a preview before
// anything is sent; `/pelatihan batalkan 3` asks before it tells everyone. The one-line
// commands (list, change, code, attendance, report) are checked here for form and answered
// by the runtime, which knows the rows.

export const workshopStaffCommand: CommandDef<WorkshopStaffCommand> = {
  help: [
    { order: 40, line: text('workshop.staff_menu_line') },
    { order: 45, line: text('workshop.staff_menu_line_participants') },
  ],
  parse: parseWorkshopStaffCommand,
  run(state, command, ctx, kit) {
    const ws = ctx.workshops;
    const staff = ctx.staff!;
    if (!ws) return kit.resume(state, say(text('workshop.unavailable')));
    const id = command.type === 'create' || command.type === 'list' || command.type === 'help' ? null : command.workshopId;
    switch (command.type) {
      case 'create':
        return kit.start(state, { name: 'workshop_create', step: 'title', draft: {} });
      case 'list':
        return kit.resume(state, { type: 'workshop_list_requested', staffId: staff.id });
      case 'help':
        return kit.resume(state, say(text('workshop.staff_help')));
      case 'announce':
      case 'cancel': {
        const open = id ? ws.open.find((w) => w.id === id) : ws.open.length === 1 ? ws.open[0] : undefined;
        if (!open) return kit.resume(state, say(id ? text('workshop.staff_not_open', { id }) : text(`workshop.usage_${command.type}`)));
        return command.type === 'announce'
          ? kit.start(state, { name: 'workshop_invite', step: 'segment', workshopId: open.id, title: open.title })
          : kit.start(state, { name: 'workshop_cancel', step: 'confirm', workshopId: open.id, title: open.title });
      }
      case 'participants':
        if (!id) return kit.resume(state, say(text('workshop.usage_participants')));
        return kit.resume(state, { type: 'workshop_participants_requested', staffId: staff.id, workshopId: id });
      case 'code':
      case 'report':
        if (!id) return kit.resume(state, say(text(`workshop.usage_${command.type}`)));
        return kit.resume(state, command.type === 'code' ? { type: 'workshop_code_requested', staffId: staff.id, workshopId: id } : { type: 'workshop_report_requested', staffId: staff.id, workshopId: id });
      case 'attend':
        if (!id || !command.memberNo) return kit.resume(state, say(text('workshop.usage_attend')));
        return kit.resume(state, { type: 'workshop_attendance_marked', staffId: staff.id, workshopId: id, memberNo: command.memberNo });
      case 'change':
        return change(state, command, ws, ctx, staff, kit);
    }
  },
};

function change(state: ConversationState, command: Extract<WorkshopStaffCommand, { type: 'change' }>, ws: WorkshopContext, ctx: TurnContext, staff: StaffMember, kit: Kit): TurnResult {
  const id = command.workshopId;
  if (!id || !command.field || command.value === '') return kit.resume(state, say(text('workshop.usage_change')));
  const requested = (change: Extract<EngineEvent, { type: 'workshop_change_requested' }>['change']) =>
    kit.resume(state, { type: 'workshop_change_requested', staffId: staff.id, workshopId: id, change });
  switch (command.field) {
    case 'time': {
      const when = parseWorkshopWhen(command.value, ctx.now, ws.timeZone);
      if (when.kind !== 'ok') return kit.resume(state, say(whenProblem(when, ws.timeZone), text('workshop.usage_change')));
      return requested({ field: 'time', startsAt: when.startsAt.toISOString(), endsAt: when.endsAt?.toISOString() ?? null });
    }
    case 'place': {
      const place = parseFreeText(command.value, { maxLength: PLACE_MAX, minLength: 2 });
      if (place.kind !== 'ok') return kit.resume(state, say(text('workshop.place_invalid', { max: PLACE_MAX }), text('workshop.usage_change')));
      return requested({ field: 'place', place: place.value });
    }
    case 'title': {
      const title = parseFreeText(command.value, { maxLength: TITLE_MAX, minLength: 3 });
      if (title.kind !== 'ok') return kit.resume(state, say(text('workshop.title_invalid', { max: TITLE_MAX }), text('workshop.usage_change')));
      return requested({ field: 'title', title: title.value });
    }
    case 'capacity': {
      const capacity = parseCount(command.value);
      if (capacity === null || capacity < 1 || capacity > CAPACITY_MAX) return kit.resume(state, say(text('workshop.capacity_invalid', { max: CAPACITY_MAX }), text('workshop.usage_change')));
      return requested({ field: 'capacity', capacity });
    }
  }
}

// ── inviting ─────────────────────────────────────────────────────────────────

type PreviewAnswer = 'send' | 'change' | 'cancel';

const PREVIEW_OPTIONS: readonly ChoiceOption<PreviewAnswer>[] = [
  { value: 'send', labels: ['ya kirim', 'kirim', 'kirimkan', 'kirim sekarang', 'send'] },
  { value: 'change', labels: ['ubah', 'ganti', 'ubah penerima', 'change'] },
  { value: 'cancel', labels: ['batal', 'batalkan', 'cancel'] },
];

export const inviteFlowDef: FlowDef<InviteFlow> = {
  name: 'workshop_invite',
  question(flow, _state, ctx, kit) {
    if (flow.step === 'confirm') return { type: 'workshop_preview_requested', staffId: ctx.staff!.id, workshopId: flow.workshopId, segment: flow.segment };
    return { text: [text('workshop.ask_segment', { id: flow.workshopId, title: flow.title })], choices: quickChoices(ctx, kit.segmentKinds).map((c) => c.label) };
  },
  read(flow, input, _state, ctx, kit) {
    if (flow.step === 'segment') return answerSegment(flow, input.text, ctx, kit);
    return answerPreview(flow, input.text, ctx.staff!, kit);
  },
  cancel: (state, flow, _ctx, kit) => kit.apply(state, dropped(flow, kit)),
};

function answerSegment(flow: Extract<InviteFlow, { step: 'segment' }>, input: string, ctx: TurnContext, kit: Kit): Step<InviteFlow> {
  const parsed = parseSegment(input, ctx, kit.segmentKinds);
  if (parsed.kind !== 'ok') return retry(segmentProblem(parsed));
  return next({ name: 'workshop_invite', step: 'confirm', workshopId: flow.workshopId, title: flow.title, segment: parsed.spec });
}

function answerPreview(flow: Extract<InviteFlow, { step: 'confirm' }>, input: string, staff: StaffMember, kit: Kit): Step<InviteFlow> {
  const yesNo = parseYesNo(input);
  const pick = yesNo === null ? parseChoice(input, PREVIEW_OPTIONS) : null;
  const answer: PreviewAnswer | null = yesNo === 'yes' ? 'send' : pick?.kind === 'ok' ? pick.value : null;
  switch (answer) {
    case 'send':
      return done([{ type: 'workshop_announcement_confirmed', staffId: staff.id, workshopId: flow.workshopId, segment: flow.segment }], (s) => ({ ...s, menuShown: false }));
    case 'change':
      return next({ name: 'workshop_invite', step: 'segment', workshopId: flow.workshopId, title: flow.title });
    case 'cancel':
      return dropped(flow, kit);
    case null:
      return retry(text('staff.confirm_retry'));
  }
}

// ── cancelling ───────────────────────────────────────────────────────────────

export const cancelFlowDef: FlowDef<CancelFlow> = {
  name: 'workshop_cancel',
  question: (flow) => ({ text: [text('workshop.cancel_confirm', { id: flow.workshopId, title: flow.title })], choices: yesNoChoices }),
  read(flow, input, _state, ctx, kit) {
    const answer = parseYesNo(input.text);
    if (answer === 'no') return dropped(flow, kit);
    if (answer === null) return retry(text('workshop.confirm_retry'));
    return done([{ type: 'workshop_cancel_confirmed', staffId: ctx.staff!.id, workshopId: flow.workshopId }], (s) => ({ ...s, menuShown: false }));
  },
  cancel: (state, flow, _ctx, kit) => kit.apply(state, dropped(flow, kit)),
};
