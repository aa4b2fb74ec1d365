import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { messageKey, summaryKey } from '../../src/runtime/broadcast/keys.js';
import { questionKey, reminderKey } from '../../src/runtime/checkin/keys.js';
import { whatsappAlertKey } from '../../src/runtime/staff/keys.js';
import { announcedKey, cancelledKey, changedKey, feedbackKey, fullKey, inviteKey, promotedKey, reminderKey as workshopReminderKey } from '../../src/runtime/workshop/keys.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// Bulk messages are deduplicated by the text of their key, so a job run again after a
// deploy must build exactly the text the previous code wrote; what a message is about is
// in columns of its own, filled for the rows written before by migration 0007.

describe('dedupe keys', () => {
  it.each([
    [questionKey('2026-11', '42', 0), 'checkin:2026-11:42:open', { topic: 'checkin_question' }],
    [questionKey('2026-11', '42', 1), 'checkin:2026-11:42:open-1', { topic: 'checkin_question' }],
    [reminderKey('2026-11', 2, '42', 0), 'checkin:2026-11:42:reminder2', { topic: 'checkin_reminder' }],
    [messageKey('7', '9'), 'broadcast:7:9', { topic: 'broadcast', broadcastId: '7' }],
    [summaryKey('7'), 'broadcast-summary:7', { topic: 'broadcast_summary' }],
    [inviteKey('3', '5', '42', 0), 'workshop:3:invite:5:42', { topic: 'workshop_invite', workshopId: '3', runId: '5' }],
    [workshopReminderKey('3', 2, 86_400_000, '42', 1), 'workshop:3:reminder:v2:86400000:42-1', { topic: 'workshop_reminder', workshopId: '3' }],
    [feedbackKey('3', '42', 0), 'workshop:3:feedback:42', { topic: 'workshop_feedback', workshopId: '3' }],
    [changedKey('3', 'time:v2', '9'), 'workshop:3:changed:time:v2:9', { topic: 'workshop_changed', workshopId: '3' }],
    [cancelledKey('3', '9'), 'workshop:3:cancelled:9', { topic: 'workshop_cancelled', workshopId: '3' }],
    [promotedKey('3', '9', '17'), 'workshop:3:promoted:9:17', { topic: 'workshop_promoted', workshopId: '3' }],
    [fullKey('3', 30), 'workshop:3:full:30', { topic: 'workshop_full', workshopId: '3' }],
    [announcedKey('3', '5'), 'workshop:3:announced:5', { topic: 'workshop_announced', workshopId: '3', runId: '5' }],
    [whatsappAlertKey('alert', 1_700_000_000_000, '2'), 'whatsapp-alert:1700000000000:2', { topic: 'whatsapp_alert' }],
  ])('%# %j', (key, text, source) => {
    expect(key).toEqual({ dedupeKey: text, source });
  });
});

describe('migration 0007 on rows written before it', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase('dedupe');
    handle = await connectDatabase({ url: database.url });
    const before = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    const all = path.resolve('migrations');
    for (const file of readdirSync(all).filter((f) => f < '0007')) cpSync(path.join(all, file), path.join(before, file));
    await migrateToLatest(handle.db, before);
    const keys = ['workshop:3:invite:5:42', 'workshop:3:reminder:v1:7200000:42', 'broadcast:7:9', 'broadcast-summary:7', 'checkin:2026-11:42:open', 'checkin:2026-11:42:reminder1', 'whatsapp-back:1:2', null];
    for (const [i, key] of keys.entries()) {
      await handle.db.insertInto('outbound_messages').values({ channel: 'telegram', address: `a${i}`, text: 'x', path: 'bulk', dedupe_key: key }).execute();
    }
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
  });

  it('says what each earlier row is about, in columns', async () => {
    const rows = await handle.db.selectFrom('outbound_messages').select(['dedupe_key', 'topic', 'broadcast_id', 'workshop_id', 'run_id']).orderBy('id').execute();
    expect(rows).toEqual([
      { dedupe_key: 'workshop:3:invite:5:42', topic: 'workshop_invite', broadcast_id: null, workshop_id: '3', run_id: '5' },
      { dedupe_key: 'workshop:3:reminder:v1:7200000:42', topic: 'workshop_reminder', broadcast_id: null, workshop_id: '3', run_id: null },
      { dedupe_key: 'broadcast:7:9', topic: 'broadcast', broadcast_id: '7', workshop_id: null, run_id: null },
      { dedupe_key: 'broadcast-summary:7', topic: 'broadcast_summary', broadcast_id: null, workshop_id: null, run_id: null },
      { dedupe_key: 'checkin:2026-11:42:open', topic: 'checkin_question', broadcast_id: null, workshop_id: null, run_id: null },
      { dedupe_key: 'checkin:2026-11:42:reminder1', topic: 'checkin_reminder', broadcast_id: null, workshop_id: null, run_id: null },
      { dedupe_key: 'whatsapp-back:1:2', topic: 'whatsapp_alert', broadcast_id: null, workshop_id: null, run_id: null },
      { dedupe_key: null, topic: null, broadcast_id: null, workshop_id: null, run_id: null },
    ]);
  });

  it('the ids are ordinary columns now, written as the message is', async () => {
    await handle.db.insertInto('outbound_messages').values({ channel: 'telegram', address: 'b', text: 'x', path: 'bulk', dedupe_key: 'anything', broadcast_id: '11', topic: 'broadcast' }).execute();
    const row = await handle.db.selectFrom('outbound_messages').select(['broadcast_id']).where('dedupe_key', '=', 'anything').executeTakeFirstOrThrow();
    expect(row.broadcast_id).toBe('11');
  });
});
