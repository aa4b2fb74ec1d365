import type { ChannelName } from '../../channels/types.js';
import type { WorkshopRow } from '../../db/workshop-schema.js';
import { text } from '../../engine/core/text.js';
import type { Text } from '../../engine/core/vocabulary.js';
import { workshopWhen } from '../../engine/workshop/messages.js';
import type { WorkshopEvent } from '../../engine/workshop/vocabulary.js';
import type { PacingRule } from '../../outbox/pace.js';
import type { Segments } from '../core/segments.js';
import { recordAudit } from '../staff/audit.js';
import { actorOf, later as afterThisTurn, mention, say, type Eraser, type HandlersFor, type TurnScope } from '../core/handlers.js';
import type { QueueableRow } from '../../outbox/queue.js';
import { attendAction, cancelAction, changeAction, codeAction, createAction, participantsAction, reportAction, staffClosed, tellPromoted, type ActionContext, type ActionResult } from './actions.js';
import { createInvitation } from './fanout.js';
import { fullKey } from './keys.js';
import { notifyCreator } from './notices.js';
import { invitationPreview, workshopList } from './report.js';
import { closedReason, leaveSeat, lockWorkshop, markAttendanceByCode, recordComment, recordRating, releaseErasedPerson, takeSeat, type Closed, type SeatOutcome } from './seats.js';

// The runtime side of the workshop events, one handler each. Seats are decided here, in
// the turn's transaction and under the workshop's lock, and the reply says what was
// stored; people affected elsewhere (moved up, told of a change) get bulk messages written
// in the same transaction and queued once it commits.

export interface WorkshopDeps {
  readonly timeZone: string;
  readonly defaultDurationMs: number;
  /** The Telegram bot's username for deep links in invitations; null without Telegram. */
  readonly telegramBot: () => Promise<string | null>;
  readonly pacing: (channel: ChannelName) => PacingRule;
  /** Four random digits. */
  readonly randomCode: () => string;
  /** Queues committed outbox rows; never throws (the sweeper queues what it could not). */
  queue(rows: readonly QueueableRow[]): Promise<void>;
  /** Brings a workshop's reminder and feedback jobs in line with its row; never throws. */
  schedule(workshopId: string): Promise<void>;
  /** Starts an invitation's fan-out; never throws (the periodic check starts it otherwise). */
  startInvitation(invitationId: string): Promise<void>;
  readonly segments: Segments;
}

export function workshopHandlers(deps: WorkshopDeps): HandlersFor<WorkshopEvent> {
  return {
    async rsvp_made(scope, event) {
      if (!scope.personId) return;
      const { workshop, outcome } = await takeSeat(scope.trx, event.workshopId, scope.personId, scope.identity.id, scope.now);
      say(scope, { text: [seatText(workshop, outcome, event.workshopId, deps.timeZone)] });
      if (workshop && outcome.kind === 'confirmed' && outcome.full) {
        const full = { text: [text('workshop.full_notice', { id: workshop.id, title: workshop.title, capacity: workshop.capacity })] };
        later(scope, deps, await notifyCreator(scope.trx, scope, workshop, full, fullKey(workshop.id, workshop.capacity)));
      }
    },

    async rsvp_cancelled(scope, event) {
      if (!scope.personId) return;
      const { workshop, outcome } = await leaveSeat(scope.trx, event.workshopId, scope.personId, scope.now);
      if (outcome.kind === 'closed' || !workshop) {
        say(scope, { text: [closedText(workshop, outcome.kind === 'closed' ? outcome : { kind: 'closed', why: 'not_found' }, event.workshopId)] });
        return;
      }
      if (outcome.kind === 'not_registered') {
        say(scope, { text: [text('workshop.withdraw_not_registered', { title: workshop.title })] });
        return;
      }
      say(scope, { text: [text(outcome.was === 'confirmed' ? 'workshop.withdraw_done' : 'workshop.withdraw_waiting_done', { title: workshop.title })] });
      later(scope, deps, await tellPromoted(actionContext(scope, deps, null), workshop, outcome.promoted));
    },

    async attendance_code_given(scope, event) {
      if (!scope.personId) return;
      const outcome = await markAttendanceByCode(scope.trx, scope.personId, event.code, scope.now, deps.timeZone);
      switch (outcome.kind) {
        case 'marked':
        case 'already':
          return say(scope, { text: [text(`workshop.attendance_${outcome.kind}`, { title: outcome.workshop.title })] });
        case 'wrong_day':
          return say(scope, { text: [text('workshop.attendance_wrong_day', { title: outcome.workshop.title, when: workshopWhen(outcome.workshop.starts_at, null, deps.timeZone) })] });
        case 'wrong_code':
          return say(scope, { text: [text('workshop.attendance_wrong_code')] });
      }
    },

    async workshop_rated(scope, event) {
      if (scope.personId) await recordRating(scope.trx, event.workshopId, scope.personId, event.rating, scope.now);
    },

    async workshop_commented(scope, event) {
      if (scope.personId) await recordComment(scope.trx, event.workshopId, scope.personId, event.comment, scope.now);
    },

    async workshop_created(scope, event) {
      done(scope, deps, await createAction(actionContext(scope, deps, event.staffId), event.workshop, scope.identity.id));
    },

    async workshop_list_requested(scope) {
      say(scope, await workshopList(scope.trx, deps.timeZone, scope.now, (t) => scope.renderer.render(scope.lang, t, scope.facts)));
    },

    async workshop_change_requested(scope, event) {
      done(scope, deps, await changeAction({ ...actionContext(scope, deps, event.staffId), telegramBot: await deps.telegramBot() }, event.workshopId, event.change));
    },

    async workshop_cancel_confirmed(scope, event) {
      done(scope, deps, await cancelAction(actionContext(scope, deps, event.staffId), event.workshopId));
    },

    async workshop_preview_requested(scope, event) {
      const workshop = /^\d{1,12}$/u.test(event.workshopId) ? await scope.trx.selectFrom('workshops').selectAll().where('id', '=', event.workshopId).executeTakeFirst() : undefined;
      const closed = closedReason(workshop, scope.now);
      if (closed || !workshop) return say(scope, { text: [staffClosed(closed ?? { kind: 'closed', why: 'not_found' }, event.workshopId)] });
      const settings = { refs: scope.references, facts: scope.facts, timeZone: deps.timeZone, telegramBot: await deps.telegramBot(), pacing: deps.pacing, segments: deps.segments };
      const preview = await invitationPreview(scope.trx, scope.renderer, scope.lang, workshop, event.segment, settings, true);
      say(scope, preview.message);
      mention(scope, preview.names);
      await recordAudit(scope.trx, { staffId: event.staffId, actor: actorOf(scope), action: 'workshop_previewed', details: { workshopId: workshop.id, segment: event.segment } }, scope.now);
    },

    async workshop_announcement_confirmed(scope, event) {
      const workshop = await lockWorkshop(scope.trx, event.workshopId);
      const closed = closedReason(workshop, scope.now);
      if (closed || !workshop) return say(scope, { text: [staffClosed(closed ?? { kind: 'closed', why: 'not_found' }, event.workshopId)] });
      const input = { workshopId: workshop.id, staffId: event.staffId, actor: actorOf(scope), segment: event.segment, notifyIdentityId: scope.identity.id, lang: scope.lang };
      const id = await createInvitation(scope.trx, input, scope.now);
      say(scope, { text: [text('workshop.announce_started', { id: workshop.id, title: workshop.title })] });
      afterThisTurn(scope, () => deps.startInvitation(id));
    },

    async workshop_code_requested(scope, event) {
      done(scope, deps, await codeAction(actionContext(scope, deps, event.staffId), event.workshopId, deps.randomCode));
    },

    async workshop_attendance_marked(scope, event) {
      done(scope, deps, await attendAction(actionContext(scope, deps, event.staffId), event.workshopId, event.memberNo));
    },

    async workshop_participants_requested(scope, event) {
      done(scope, deps, await participantsAction(actionContext(scope, deps, event.staffId), event.workshopId));
    },

    async workshop_report_requested(scope, event) {
      done(scope, deps, await reportAction(actionContext(scope, deps, event.staffId), event.workshopId));
    },
  };
}

/** `HAPUS DATA`: seats and waiting-list places are given up (the waiting move up and are told), comments erased. */
export function releaseWorkshopPlaces(deps: WorkshopDeps): Eraser {
  return async (scope, personId) => {
    if (!personId) return;
    const released = await releaseErasedPerson(scope.trx, personId, scope.now);
    for (const { workshop, promoted } of released) later(scope, deps, await tellPromoted(actionContext(scope, deps, null), workshop, promoted));
  };
}

/** The reply to HADIR: exactly the seat that was stored. */
function seatText(workshop: WorkshopRow | undefined, outcome: SeatOutcome, id: string, timeZone: string): Text {
  if (outcome.kind === 'closed' || !workshop) return closedText(workshop, outcome.kind === 'closed' ? outcome : { kind: 'closed', why: 'not_found' }, id);
  const params = { title: workshop.title, when: workshopWhen(workshop.starts_at, workshop.ends_at, timeZone), place: workshop.place };
  switch (outcome.kind) {
    case 'confirmed':
      return text('workshop.rsvp_confirmed', params);
    case 'already_confirmed':
      return text('workshop.rsvp_already', params);
    case 'waiting':
      return text('workshop.rsvp_waiting', { ...params, position: outcome.position });
    case 'already_waiting':
      return text('workshop.rsvp_already_waiting', { ...params, position: outcome.position });
  }
}

function closedText(workshop: WorkshopRow | undefined, closed: Closed, id: string): Text {
  return text(`workshop.closed_${closed.why}`, { id, title: workshop?.title ?? '' });
}

function actionContext(scope: TurnScope, deps: WorkshopDeps, staffId: string | null): ActionContext {
  return { db: scope.trx, renderer: scope.renderer, facts: scope.facts, lang: scope.lang, now: scope.now, timeZone: deps.timeZone, staffId, actor: actorOf(scope) };
}

/** An action's reply is said; its notices and rescheduling wait for the commit. */
function done(scope: TurnScope, deps: WorkshopDeps, outcome: ActionResult): void {
  say(scope, outcome.reply);
  mention(scope, outcome.names ?? []);
  later(scope, deps, outcome.notices);
  const reschedule = outcome.reschedule;
  if (reschedule) afterThisTurn(scope, () => deps.schedule(reschedule));
}

function later(scope: TurnScope, deps: WorkshopDeps, rows: readonly QueueableRow[]): void {
  if (rows.length > 0) afterThisTurn(scope, () => deps.queue(rows));
}
