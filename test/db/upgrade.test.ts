import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { createLogger } from '../../src/log.js';
import { deleteQueueKeys, REDIS_URL, uniquePrefix } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// An office upgrades: its database was made by the previous release (migrations 0001-0008)
// and holds people in the middle of a conversation, stored as that release stored them.
// The new release migrates it at start, and everyone carries on where they were.

const PREVIOUS_RELEASE = '0008_one_time_codes';

class Folder implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const folder = path.resolve('migrations');
    const files = (await readdir(folder)).filter((f) => /^\d+_[\w-]+\.ts$/.test(f)).sort();
    const all: Record<string, Migration> = {};
    for (const f of files) all[f.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(folder, f)).href)) as Migration;
    return all;
  }
}

// Rows as the previous release wrote them: Siti signed up and is idle; Budi consented,
// gave his name and was asked for his business when the office stopped the bot to upgrade.
const PREVIOUS_ROWS = sql`
  insert into people (id, member_no, full_name, business_name, phone_e164, sector_id, kecamatan_id, business_started_year, baseline_omzet, lang, registered_at, updated_at)
  values (1, 'BJM-000001', 'Siti Aminah', 'Kopi & Roti', '+6281234567890', 1, 5, 2019, 7500000, 'id', '2026-11-02T13:38:09Z', '2026-11-02T13:38:09Z');
  select setval('people_id_seq', 1);
  select setval('member_no_seq', 1);
  insert into identities (id, channel, address, person_id, created_at, last_seen_at) values
    (1, 'telegram', '7123456789', 1, '2026-11-02T13:38:08Z', '2026-11-02T13:38:09Z'),
    (11, 'telegram', '7123456790', null, '2026-11-30T13:38:09Z', '2026-11-30T13:38:09Z');
  select setval('identities_id_seq', 11);
  insert into consents (person_id, purpose, text_version, lang, granted, channel, decided_at)
    values (1, 'registration', 'consent-10836fc5622a', 'id', true, 'telegram', '2026-11-02T13:38:09Z');
  insert into conversations (identity_id, state, state_version, turns, updated_at) values
    (1, '{"flow": null, "lang": "id", "strikes": 0, "version": 2, "menuShown": true}', 2, 10, '2026-11-02T13:38:09Z'),
    (11, '{"flow": {"name": "signup", "step": "business", "draft": {"name": "Budi Santoso"}, "consentedAt": "2026-11-30T13:38:09Z", "phoneVerified": false}, "lang": "id", "strikes": 0, "version": 2, "menuShown": false}', 2, 3, '2026-11-30T13:38:09Z');
`;

describe('upgrading from the previous release (migrations 0001-0008)', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let app: App;
  let chats: Chats;
  const prefix = uniquePrefix('upgrade');

  beforeAll(async () => {
    database = await createTestDatabase('upgrade');
    handle = await connectDatabase({ url: database.url });
    const migrated = await new Migrator({ db: handle.db, provider: new Folder() }).migrateTo(PREVIOUS_RELEASE);
    expect(migrated.error).toBeUndefined();
    // Several statements in one go: the simple query protocol.
    await sql.raw(PREVIOUS_ROWS.compile(handle.db).sql).execute(handle.db);
    const config = loadConfig({ DATABASE_URL: database.url, ID_HASH_KEY: process.env.ID_HASH_KEY, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent' });
    app = await createApp(config, { log: createLogger('silent') });
    await app.startTurnWorkers(2);
    chats = new Chats(app);
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await handle.close();
    await deleteQueueKeys(prefix);
    await database.drop();
  });

  it('the start applies every newer migration', async () => {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db);
    const files = (await readdir('migrations')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(rows.map((r) => r.name)).toEqual(files);
  });

  it('a person who was half-way through signing up carries on from the question they were asked', async () => {
    const say = async (text: string) => (await chats.say('telegram', '7123456790', text)).join('\n');
    expect(await say('Bengkel Budi')).toMatch(/bidang apa/);
    await say('jasa');
    expect(await say('selatan')).toMatch(/nomor HP/);
    await say('0813 1111 2222');
    await say('2018');
    expect(await say('15 juta')).toContain('Bengkel Budi');
    expect(await say('ya')).toContain('BJM-000002');
    const budi = await handle.db.selectFrom('people').select(['member_no', 'full_name', 'business_name', 'phone_e164', 'baseline_omzet']).where('full_name', '=', 'Budi Santoso').executeTakeFirstOrThrow();
    expect(budi).toEqual({ member_no: 'BJM-000002', full_name: 'Budi Santoso', business_name: 'Bengkel Budi', phone_e164: '+6281311112222', baseline_omzet: '15000000' });
  }, 120_000);

  it('a person registered under the previous release is known, with their data', async () => {
    const reply = (await chats.say('telegram', '7123456789', 'profil')).join('\n');
    expect(reply).toContain('BJM-000001');
    expect(reply).toContain('Kopi & Roti');
    expect(reply).toContain('Rp7.500.000');
  }, 60_000);
});
