import type { Kysely } from 'kysely';
import type { ChannelName } from '../../channels/types.js';
import type { Database } from '../../db/schema.js';
import type { BroadcastEvent } from '../../engine/broadcast/vocabulary.js';
import { text } from '../../engine/core/text.js';
import type { OutgoingMessage, Text } from '../../engine/core/vocabulary.js';
import type { PacingRule } from '../../outbox/pace.js';
import { recordAudit, type AuditAction } from '../staff/audit.js';
import { createBroadcast } from './store.js';
import { broadcastReport, previewData, previewMessage, recapMessage, type Render } from './report.js';
import type { TurnScope } from '../core/handlers.js';

// The runtime side of the staff events: what the engine cannot know (who a segment
// selects, how broadcasts went) is looked up here, inside the turn's transaction, and said
// as the turn's messages. Every one is written to the audit log.

export interface StaffDeps {
  /** A channel's bulk pace, for the time a broadcast will take. */
  readonly pacing: (channel: ChannelName) => PacingRule;
  readonly timeZone: string;
  /** Queues a broadcast's fan-out; called after the turn commits, never throws. */
  readonly startFanout: (broadcastId: string) => Promise<void>;
}

type StaffHandler<T extends BroadcastEvent['type']> = (scope: TurnScope, event: Extract<BroadcastEvent, { type: T }>) => Promise<void>;

export const staffHandlers: { [T in BroadcastEvent['type']]: StaffHandler<T> } = {
  async broadcast_preview_requested(scope, event) {
    const deps = requireDeps(scope);
    const render = renderIn(scope);
    const preview = await previewData(scope.trx, event.text, event.segment, scope.references, render);
    say(scope, previewMessage(preview, deps.pacing, render));
    await audit(scope, event.staffId, 'broadcast_previewed', { segment: event.segment, recipients: preview.total, perChannel: Object.fromEntries(preview.perChannel) });
  },

  async broadcast_confirmed(scope, event) {
    const deps = requireDeps(scope);
    const id = await createBroadcast(
      scope.trx,
      { staffId: event.staffId, actor: actorOf(scope), text: event.text, segment: event.segment, notifyIdentityId: scope.identity.id, lang: scope.lang },
      scope.now,
    );
    say(scope, { text: [text('broadcast.started', { id })] });
    scope.afterCommit.push(() => deps.startFanout(id));
  },

  async broadcast_dropped(scope, event) {
    await audit(scope, event.staffId, 'broadcast_dropped', {});
  },

  async broadcast_status_requested(scope, event) {
    const deps = requireDeps(scope);
    const broadcast = await findBroadcast(scope.trx, event.broadcastId, event.staffId);
    await audit(scope, event.staffId, 'broadcast_status_viewed', { broadcastId: broadcast?.id ?? event.broadcastId });
    if (!broadcast) {
      say(scope, { text: [event.broadcastId ? text('broadcast.not_found', { id: event.broadcastId }) : text('broadcast.none_yet')] });
      return;
    }
    const settings = { refs: scope.references, timeZone: deps.timeZone };
    say(scope, await broadcastReport(scope.trx, broadcast, settings, renderIn(scope), broadcast.status === 'finished'));
  },

  async broadcast_recap_requested(scope, event) {
    const deps = requireDeps(scope);
    await audit(scope, event.staffId, 'broadcast_recap_viewed', {});
    say(scope, await recapMessage(scope.trx, { refs: scope.references, timeZone: deps.timeZone }, renderIn(scope)));
  },
};

/** A broadcast by id; without one, the staff member's latest, or else anyone's latest. */
async function findBroadcast(db: Kysely<Database>, id: string | null, staffId: string) {
  const query = db.selectFrom('broadcasts').selectAll();
  if (id) return query.where('id', '=', id).executeTakeFirst();
  const own = await query.where('staff_id', '=', staffId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return own ?? query.orderBy('id', 'desc').limit(1).executeTakeFirst();
}

function requireDeps(scope: TurnScope): StaffDeps {
  // Only a runtime built without staff support lacks them, and then no chat is staff's.
  if (!scope.staffDeps) throw new Error('staff event in a runtime without staff support');
  return scope.staffDeps;
}

function say(scope: TurnScope, message: OutgoingMessage): void {
  scope.messages.push({ message, lang: scope.lang });
}

function renderIn(scope: TurnScope): Render {
  return (t: Text) => scope.renderer.render(scope.lang, t, scope.facts);
}

function actorOf(scope: TurnScope): string {
  return `chat:${scope.identity.channel}`;
}

function audit(scope: TurnScope, staffId: string, action: AuditAction, details: Record<string, unknown>): Promise<void> {
  return recordAudit(scope.trx, { staffId, actor: actorOf(scope), action, details }, scope.now);
}
