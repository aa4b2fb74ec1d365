import { broadcast as engine } from '../../engine/broadcast/index.js';
import type { BroadcastEvent } from '../../engine/broadcast/vocabulary.js';
import { pacingFor } from '../../outbox/pace.js';
import { afterCommit } from '../core/after-commit.js';
import type { Capability } from '../core/capability.js';
import { registerBroadcastCommands } from './cli.js';
import { queueFanout } from './fanout.js';
import { broadcastHandlers } from './handlers.js';
import { startBroadcastWorkers } from './jobs.js';

// Staff broadcasts: `/umumkan` in chat or `broadcast create` on the command line, a
// resumable fan-out to the segment, and the delivery summary when it is done.

export const broadcast: Capability<BroadcastEvent> = {
  name: 'broadcast',
  engine,
  cli: registerBroadcastCommands,
  setUp(s) {
    const handlers = broadcastHandlers({
      pacing: (channel) => pacingFor(channel, 'bulk', s.config),
      timeZone: s.config.TZ,
      segments: s.segments,
      // The broadcast is committed; the broadcast check starts its fan-out once Redis is back.
      startFanout: (id) => afterCommit(s.log, 'queue a broadcast fan-out', () => queueFanout(s.queues, id), { broadcastId: id }),
    });
    return { handlers, startWorkers: () => startBroadcastWorkers(s) };
  },
};
