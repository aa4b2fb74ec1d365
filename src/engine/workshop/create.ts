import { parseChoice, type ChoiceOption } from '../parse/choice.js';
import { parseCount } from '../parse/number.js';
import { parseFreeText } from '../parse/text.js';
import { parseYesNo } from '../parse/yesno.js';
import { formatLocalDateTime } from '../../time.js';
import type { FlowDef, Kit } from '../core/capability.js';
import { done, next, retry, type Step } from '../core/steps.js';
import { say } from '../core/replies.js';
import { text } from '../core/text.js';
import type { OutgoingMessage, StaffMember, Text } from '../core/vocabulary.js';
import { workshopWhen } from './messages.js';
import { parseWorkshopWhen, isSkip, type WorkshopWhen } from './parse.js';
import type { CreateFlow, CreateStep, WorkshopDraft } from './state.js';
import type { NewWorkshop, WorkshopContext } from './vocabulary.js';

// `/pelatihan`: a new workshop in chat, one answer at a time (title, description, date and
// time in WITA, place, capacity), then a summary and `ya`. The command line reads the same
// fields with the same rules (readNewWorkshop).

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 1000;
export const PLACE_MAX = 200;
export const CAPACITY_MAX = 10_000;

export const createFlowDef: FlowDef<CreateFlow> = {
  name: 'workshop_create',
  question: (flow, _state, ctx) => createQuestion(flow, ctx.workshops),
  read(flow, input, _state, ctx, kit) {
    const ws = ctx.workshops;
    if (!ws) return done([say(text('workshop.unavailable'))]);
    if (flow.step === 'confirm') return answerSave(flow, input.text, ctx.staff!, kit);
    const read = readStep(flow.step, input.text, ctx.now, ws);
    if (read.kind === 'retry') return { kind: 'retry', reasons: read.reasons };
    return next({ name: 'workshop_create', step: NEXT[flow.step], draft: { ...flow.draft, ...read.value } });
  },
  cancel: (state, flow, _ctx, kit) => kit.apply(state, dropped(flow, kit)),
};

/** The staff member gave up on a workshop flow: said so, and the staff menu. */
export function dropped<F extends { readonly name: string }>(flow: F & { readonly workshopId?: string }, kit: Kit): Step<F> {
  const key = flow.name === 'workshop_create' ? 'workshop.create_dropped' : flow.name === 'workshop_invite' ? 'workshop.announce_dropped' : 'workshop.cancel_kept';
  return done([say(text(key, { id: flow.workshopId ?? '' })), kit.menu()], (s) => ({ ...s, menuShown: true }));
}

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

function answerSave(flow: CreateFlow, input: string, staff: StaffMember, kit: Kit): Step<CreateFlow> {
  const yesNo = parseYesNo(input);
  const pick = yesNo === null ? parseChoice(input, SAVE_OPTIONS) : null;
  const answer = yesNo === 'yes' ? 'save' : yesNo === 'no' ? 'cancel' : pick?.kind === 'ok' ? pick.value : null;
  if (answer === 'cancel') return dropped(flow, kit);
  if (answer === null) return retry(text('workshop.confirm_retry'));
  const d = flow.draft;
  const workshop: NewWorkshop = { title: d.title!, description: d.description ?? null, startsAt: d.startsAt!, endsAt: d.endsAt!, place: d.place!, capacity: d.capacity! };
  return done([{ type: 'workshop_created', staffId: staff.id, workshop }], (s) => ({ ...s, menuShown: false }));
}
