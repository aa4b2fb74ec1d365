import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { questionKey } from '../../src/runtime/checkin/keys.js';
import type { ContextLoader } from '../../src/runtime/core/context.js';
import { lockConversations, runLockedSystemTurns } from '../../src/runtime/core/system-turns.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { insertPeopleInOrder } from '../support/seed.js';

// A batch of system turns reads each capability's context for hundreds of people in one
// statement; Postgres compiling those statements with JIT took several times longer than
// running them (bench:checkin went from 34 s to 138 s), so a batch reads with JIT off.

const jitOf = async (db: Kysely<Database>) => (await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(db)).rows[0]!.jit;

describe('system turns', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('system-turns');
    await insertPeopleInOrder(t.app.database.db, ['Ani', 'Budi', 'Citra'].map((name) => ({ name, chats: [{ address: `st-${name}` }] })));
  });
  afterAll(() => t.close());

  it('read their batch context with JIT off, for that transaction only', async () => {
    const db = t.app.database.db;
    const seen: string[] = [];
    const recorder: ContextLoader = {
      async load(trx, chats) {
        seen.push(`${chats.length} chats, jit ${await jitOf(trx)}`);
        return new Map();
      },
    };
    const deps = { ...t.app.runtime.turnDeps, loaders: [...t.app.runtime.turnDeps.loaders, recorder] };
    const before = await jitOf(db);
    const identityIds = (await db.selectFrom('identities').select('id').where('address', 'like', 'st-%').execute()).map((r) => r.id);

    await db.transaction().execute(async (trx) => {
      const locked = await lockConversations(trx, identityIds);
      await runLockedSystemTurns(trx, deps, locked, {
        input: { type: 'system', event: 'checkin_opened', period: '2026-11' },
        dedupeKey: (identityId, index) => questionKey('2026-11', identityId, index),
      });
    });

    expect(seen).toEqual(['3 chats, jit off']);
    expect(await jitOf(db)).toBe(before);
  });
});
