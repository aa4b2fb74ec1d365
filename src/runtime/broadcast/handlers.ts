import type { Kysely } from 'kysely';
import type { ChannelName } from '../../channels/types.js';
import type { Database } from '../../db/schema.js';
import type { BroadcastEvent } from '../../engine/broadcast/vocabulary.js';
import { text } from '../../engine/core/text.js';
import type { Text } from '../../engine/core/vocabulary.js';
import type { PacingRule } from '../../outbox/pace.js';
import { actorOf, later, mention, say, type HandlersFor, type TurnScope } from '../core/handlers.js';
import type { Segments } from '../core/segments.js';
import { recordAudit, type AuditAction } from '../staff/audit.js';
import { broadcastReport, previewData, previewMessage, recapMessage, type Render } from './report.js';
import { createBroadcast } from './store.js';

// The runtime side of the broadcast events: what the engine cannot know (who a segment
// selects, how broadcasts went) is looked up here, inside the turn's transaction, and said
// as the turn's messages. Every one is written to the audit log.

export interface BroadcastDeps {
  /** A channel's bulk pace, for the time a broadcast will take. */
  readonly pacing: (channel: ChannelName) => PacingRule;
  readonly timeZone: string;
  readonly segments: Segments;
  /** Queues a broadcast's fan-out; called after the turn commits, never throws. */
  readonly startFanout: (broadcastId: string) => Promise<void>;
}

export function broadcastHandlers(deps: BroadcastDeps): HandlersFor<BroadcastEvent> {
  const settings = (scope: TurnScope) => ({ refs: scope.references, timeZone: deps.timeZone, segments: deps.segments });
  return {
    async broadcast_preview_requested(scope, event) {
      const render = renderIn(scope);
      const preview = await previewData(scope.trx, event.text, event.segment, scope.references, render, deps.segments);
      say(scope, previewMessage(preview, deps.pacing, render));
      if (preview.firstPersonId) mention(scope, [preview.firstPersonId]);
      await audit(scope, event.staffId, 'broadcast_previewed', { segment: event.segment, recipients: preview.total, perChannel: Object.fromEntries(preview.perChannel) });
    },

    async broadcast_confirmed(scope, event) {
      const id = await createBroadcast(
        scope.trx,
        { staffId: event.staffId, actor: actorOf(scope), text: event.text, segment: event.segment, notifyIdentityId: scope.identity.id, lang: scope.lang },
        scope.now,
      );
      say(scope, { text: [text('broadcast.started', { id })] });
      later(scope, () => deps.startFanout(id));
    },

    async broadcast_dropped(scope, event) {
      await audit(scope, event.staffId, 'broadcast_dropped', {});
    },

    async broadcast_status_requested(scope, event) {
      const broadcast = await findBroadcast(scope.trx, event.broadcastId, event.staffId);
      await audit(scope, event.staffId, 'broadcast_status_viewed', { broadcastId: broadcast?.id ?? event.broadcastId });
      if (!broadcast) {
        say(scope, { text: [event.broadcastId ? text('broadcast.not_found', { id: event.broadcastId }) : text('broadcast.none_yet')] });
        return;
      }
      say(scope, await broadcastReport(scope.trx, broadcast, settings(scope), renderIn(scope), broadcast.status === 'finished'));
    },

    async broadcast_recap_requested(scope, event) {
      await audit(scope, event.staffId, 'broadcast_recap_viewed', {});
      say(scope, await recapMessage(scope.trx, settings(scope), renderIn(scope)));
    },
  };
}

/** A broadcast by id; without one, the staff member's latest, or else anyone's latest. */
async function findBroadcast(db: Kysely<Database>, id: string | null, staffId: string) {
  const query = db.selectFrom('broadcasts').selectAll();
  if (id) return query.where('id', '=', id).executeTakeFirst();
  const own = await query.where('staff_id', '=', staffId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return own ?? query.orderBy('id', 'desc').limit(1).executeTakeFirst();
}

function renderIn(scope: TurnScope): Render {
  return (t: Text) => scope.renderer.render(scope.lang, t, scope.facts);
}

function audit(scope: TurnScope, staffId: string, action: AuditAction, details: Record<string, unknown>): Promise<void> {
  return recordAudit(scope.trx, { staffId, actor: actorOf(scope), action, details }, scope.now);
}
