import { describe, expect, it } from 'vitest';
import { HEARTBEAT_MS, withLiveness, type ChannelStatus } from '../../src/channels/whatsapp/status.js';

// A gateway process that died cannot report it; staff and `cli status` must not keep
// seeing "ready" from a dead process.

describe('WhatsApp status liveness', () => {
  const ready: ChannelStatus = { state: 'ready', since: new Date('2026-11-27T01:00:00Z'), detail: '' };
  const now = Date.parse('2026-11-27T02:00:00Z');

  it('a recent heartbeat keeps the stored state', () => {
    expect(withLiveness(ready, String(now - HEARTBEAT_MS), now)).toEqual(ready);
  });

  it('a stale heartbeat means the gateway is not running: disconnected since the last beat', () => {
    const lastBeat = now - 10 * HEARTBEAT_MS;
    expect(withLiveness(ready, String(lastBeat), now)).toEqual({ state: 'disconnected', since: new Date(lastBeat), detail: 'gateway process not running (no heartbeat)' });
  });

  it('a status written before heartbeats existed is taken as it is', () => {
    expect(withLiveness(ready, undefined, now)).toEqual(ready);
  });
});
