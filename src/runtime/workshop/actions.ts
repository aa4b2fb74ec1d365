import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WorkshopRow } from '../../db/workshop-schema.js';
import { text } from '../../engine/core/text.js';
import type { Lang, OutgoingMessage, Text } from '../../engine/core/vocabulary.js';
import { workshopWhen } from '../../engine/workshop/messages.js';
import type { NewWorkshop, WorkshopChange } from '../../engine/workshop/vocabulary.js';
import type { Renderer } from '../../i18n.js';
import { recordAudit, type AuditAction } from '../staff/audit.js';
import type { QueueableRow } from '../../outbox/queue.js';
import { cancelledKey, changedKey, promotedKey } from './keys.js';
import { notifyPeople, type NoticeDeps } from './notices.js';
import { participantsMessage, workshopParticipants } from './participants.js';
import { refreshWaitingInvitations } from './refresh.js';
import { workshopReportData, workshopReportMessage } from './report.js';
import {
  attendanceCode,
  cancelWorkshop,
  changeWorkshop,
  createWorkshop,
  markAttendanceByMember,
  registeredPeople,
  type Closed,
  type Promoted,
} from './seats.js';

// What staff do to a workshop, the same from chat (/pelatihan …) and from the command line
// (workshop …): each action runs in the caller's transaction, writes the audit entry and
// the notices to the people concerned, and returns the reply for the staff member, the
// notices to queue once committed, and whether the workshop's jobs must be rescheduled.

export interface ActionContext {
  /** The caller's transaction. */
  readonly db: Kysely<Database>;
  readonly renderer: Renderer;
  readonly facts: Readonly<Record<string, string>>;
  readonly lang: Lang;
  readonly now: Date;
  readonly timeZone: string;
  readonly staffId: string | null;
  /** `chat:telegram`, `cli:rina`. */
  readonly actor: string;
  /** The Telegram bot's username, for the deep link of invitations written again after a change. */
  readonly telegramBot?: string | null;
  /** Where the staff member is: what to type next is told as a chat command or a command line. */
  readonly surface?: 'chat' | 'cli';
}

export interface ActionResult {
  readonly reply: OutgoingMessage;
  /** Bulk rows written for other people, to queue after commit. */
  readonly notices: readonly QueueableRow[];
  /** This workshop's reminder and feedback jobs must follow its row (after commit). */
  readonly reschedule: string | null;
  readonly workshop?: WorkshopRow;
  /** People the reply names (by id, so erasing one scrubs it). */
  readonly names?: readonly string[];
}

const reply = (t: Text, extra: Partial<ActionResult> = {}): ActionResult => ({ reply: { text: [t] }, notices: [], reschedule: null, ...extra });

export async function createAction(ctx: ActionContext, input: NewWorkshop, notifyIdentityId: string | null): Promise<ActionResult> {
  const workshop = await createWorkshop(ctx.db, input, { staffId: ctx.staffId, actor: ctx.actor, notifyIdentityId }, ctx.now);
  await audit(ctx, 'workshop_created', { workshopId: workshop.id, title: workshop.title, startsAt: workshop.starts_at, capacity: workshop.capacity });
  const when = workshopWhen(workshop.starts_at, workshop.ends_at, ctx.timeZone);
  const created = text('workshop.created', { id: workshop.id, title: workshop.title, when, place: workshop.place, capacity: workshop.capacity });
  const next = text(ctx.surface === 'cli' ? 'workshop.cli.created_next' : 'workshop.created_next', { id: workshop.id });
  return { reply: { text: [created, next] }, notices: [], reschedule: workshop.id, workshop };
}

export async function changeAction(ctx: ActionContext, workshopId: string, change: WorkshopChange): Promise<ActionResult> {
  const outcome = await changeWorkshop(ctx.db, workshopId, change, ctx.now);
  if (outcome.kind === 'closed') return reply(staffClosed(outcome, workshopId));
  if (outcome.kind === 'unchanged') return reply(text('workshop.change_unchanged', { id: outcome.workshop.id }), { workshop: outcome.workshop });
  const { before, after } = outcome;
  await audit(ctx, 'workshop_changed', { workshopId: after.id, change });
  // Invitations still waiting to go out carry the new details, and the staff member hears how many.
  const refreshed = await refreshWaitingInvitations(ctx.db, { renderer: ctx.renderer, facts: ctx.facts, timeZone: ctx.timeZone, telegramBot: ctx.telegramBot ?? null }, after);
  const invitesNote = refreshed > 0 ? [text('workshop.change_invites_refreshed', { count: refreshed })] : [];
  if (change.field === 'capacity') {
    const notices = await tellPromoted(ctx, after, outcome.promoted);
    const key = outcome.confirmed > after.capacity ? 'workshop.capacity_below' : 'workshop.capacity_done';
    const said = text(key, { id: after.id, capacity: after.capacity, previous: before.capacity, confirmed: outcome.confirmed, promoted: outcome.promoted.length });
    return { ...reply(said, { notices, workshop: after }), reply: { text: [said, ...invitesNote] } };
  }
  const when = workshopWhen(after.starts_at, after.ends_at, ctx.timeZone);
  const people = await registeredPeople(ctx.db, after.id);
  const message = { text: [text(`workshop.changed_${change.field}`, { title: after.title, previous: before.title, when, place: after.place })] };
  const which = change.field === 'time' ? (`time:v${after.version}` as const) : (`${change.field}:${ctx.now.getTime()}` as const);
  const notices = await notifyPeople(ctx.db, notice(ctx), after, people, () => message, (chat) => changedKey(after.id, which, chat.personId));
  const done = text(`workshop.change_done_${change.field}`, { id: after.id, title: after.title, when, place: after.place, told: people.length });
  // A new time moves the reminders and the feedback question with it.
  return { ...reply(done, { notices, reschedule: change.field === 'time' ? after.id : null, workshop: after }), reply: { text: [done, ...invitesNote] } };
}

export async function cancelAction(ctx: ActionContext, workshopId: string): Promise<ActionResult> {
  const outcome = await cancelWorkshop(ctx.db, workshopId, ctx.now);
  if (outcome.kind === 'closed') return reply(staffClosed(outcome, workshopId));
  const w = outcome.workshop;
  await audit(ctx, 'workshop_cancelled', { workshopId: w.id, told: outcome.affected.length });
  const message = { text: [text('workshop.cancelled_notice', { title: w.title, when: workshopWhen(w.starts_at, w.ends_at, ctx.timeZone), officePhone: ctx.facts.officePhone ?? '' })] };
  const notices = await notifyPeople(ctx.db, notice(ctx), w, outcome.affected, () => message, (chat) => cancelledKey(w.id, chat.personId));
  return reply(text('workshop.cancel_done', { id: w.id, title: w.title, told: outcome.affected.length }), { notices, reschedule: w.id, workshop: w });
}

export async function codeAction(ctx: ActionContext, workshopId: string, random: () => string): Promise<ActionResult> {
  const outcome = await attendanceCode(ctx.db, workshopId, ctx.timeZone, random);
  if (outcome.kind === 'closed') return reply(staffClosed(outcome, workshopId));
  await audit(ctx, 'workshop_code_viewed', { workshopId: outcome.workshop.id });
  const w = outcome.workshop;
  return reply(text('workshop.code', { id: w.id, title: w.title, code: outcome.code, day: dayOf(w, ctx.timeZone) }), { workshop: w });
}

export async function attendAction(ctx: ActionContext, workshopId: string, memberNo: string): Promise<ActionResult> {
  const outcome = await markAttendanceByMember(ctx.db, workshopId, memberNo, { staffId: ctx.staffId, actor: ctx.actor }, ctx.now, ctx.timeZone);
  switch (outcome.kind) {
    case 'closed':
      return reply(staffClosed(outcome, workshopId));
    case 'no_person':
      return reply(text('workshop.staff_no_person', { memberNo: outcome.memberNo }));
    case 'too_early':
      return reply(text('workshop.staff_mark_too_early', { id: outcome.workshop.id, day: dayOf(outcome.workshop, ctx.timeZone) }));
    case 'marked':
    case 'already':
      // By id only: erasing the person scrubs the id, and no name or member number is left here.
      await audit(ctx, 'workshop_attendance_marked', { workshopId: outcome.workshop.id, personId: outcome.person.id, already: outcome.kind === 'already' });
      return reply(text(`workshop.staff_${outcome.kind}`, { id: outcome.workshop.id, title: outcome.workshop.title, name: outcome.person.name, memberNo: outcome.person.memberNo }), { names: [outcome.person.id] });
  }
}

export async function reportAction(ctx: ActionContext, workshopId: string): Promise<ActionResult> {
  const workshop = /^\d{1,12}$/u.test(workshopId) ? await ctx.db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirst() : undefined;
  await audit(ctx, 'workshop_report_viewed', { workshopId });
  if (!workshop) return reply(text('workshop.staff_closed_not_found', { id: workshopId }));
  const data = await workshopReportData(ctx.db, workshop, ctx.timeZone);
  return { reply: workshopReportMessage(data, ctx.timeZone, ctx.now, (t) => ctx.renderer.render(ctx.lang, t, ctx.facts)), notices: [], reschedule: null, workshop, names: data.names };
}

/** `/peserta 3`: who has a seat and who waits, with names and phone numbers (audited: personal data). */
export async function participantsAction(ctx: ActionContext, workshopId: string): Promise<ActionResult> {
  const workshop = /^\d{1,12}$/u.test(workshopId) ? await ctx.db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirst() : undefined;
  await audit(ctx, 'workshop_participants_viewed', { workshopId });
  if (!workshop) return reply(text('workshop.staff_closed_not_found', { id: workshopId }));
  const participants = await workshopParticipants(ctx.db, workshop.id);
  return { reply: participantsMessage(workshop, participants, ctx.timeZone), notices: [], reschedule: null, workshop };
}

/** Tells the people moved up from the waiting list; returns their rows. */
export async function tellPromoted(ctx: Pick<ActionContext, 'db' | 'renderer' | 'facts' | 'timeZone'>, workshop: WorkshopRow, promoted: readonly Promoted[]): Promise<QueueableRow[]> {
  if (promoted.length === 0) return [];
  const seqOf = new Map(promoted.map((p) => [p.personId, p.waitingSeq]));
  const message = { text: [text('workshop.promoted', { title: workshop.title, when: workshopWhen(workshop.starts_at, workshop.ends_at, ctx.timeZone), place: workshop.place })] };
  return notifyPeople(ctx.db, notice(ctx), workshop, [...seqOf.keys()], () => message, (chat) => promotedKey(workshop.id, chat.personId, seqOf.get(chat.personId)!));
}

export function staffClosed(closed: Closed, id: string, workshop?: WorkshopRow): Text {
  return text(`workshop.staff_closed_${closed.why}`, { id, title: workshop?.title ?? '' });
}

/** `12 Desember 2026`. */
function dayOf(w: WorkshopRow, timeZone: string): string {
  return workshopWhen(w.starts_at, null, timeZone).split(',')[0] ?? '';
}

function notice(ctx: Pick<ActionContext, 'renderer' | 'facts'>): NoticeDeps {
  return { renderer: ctx.renderer, facts: ctx.facts };
}

function audit(ctx: ActionContext, action: AuditAction, details: Record<string, unknown>): Promise<void> {
  return recordAudit(ctx.db, { staffId: ctx.staffId, actor: ctx.actor, action, details }, ctx.now);
}
