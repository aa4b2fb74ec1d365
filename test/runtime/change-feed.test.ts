import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../src/db/changes.js';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { ReferenceCache } from '../../src/runtime/core/references.js';
import { FaqVocabulary, addFaq } from '../../src/runtime/tickets/faq.js';
import { addVocabulary } from '../../src/runtime/understand/vocabulary.js';
import { loadCityVocabulary } from '../../src/city/load.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';

// What every turn needs and rarely changes is read once and kept until the database says it
// changed (issue 14): no per-turn reads while listening; a change by any process, or by hand,
// is used from the next turn on; without the notices (connection lost) it reads as before.

describe('caches dropped on change notices', () => {
  let t: TestApp;
  let counted: DatabaseHandle;
  const counter = { count: 0 };
  let feed: ChangeFeed;

  beforeAll(async () => {
    t = await createTestApp('change-feed');
    counted = await connectDatabase({ url: t.config.DATABASE_URL!, queryCounter: counter, poolSize: 2 });
    feed = new ChangeFeed(t.config.DATABASE_URL!);
    await feed.start();
  });
  afterAll(async () => {
    await feed.stop();
    await counted.close();
    await t.close();
  });

  it('reads the vocabulary, sectors and FAQ once, then not again until one changes', async () => {
    const references = new ReferenceCache(counted.db, 60_000, undefined, 'banjarmasin', feed);
    const faq = new FaqVocabulary(loadCityVocabulary(), {}, feed);
    await references.get();
    await faq.get(counted.db);
    const before = counter.count;
    for (let turn = 0; turn < 50; turn++) {
      await references.get();
      await faq.get(counted.db);
    }
    expect(counter.count).toBe(before);

    // A staff member adds a word in another process: the next turn has it.
    const generation = feed.generation('vocabulary');
    const city = loadCityVocabulary();
    await addVocabulary(t.app.database.db, { kind: 'kecamatan', phrase: 'kayutangi ilir', target: 'bjm-utara' }, city, { staffId: null, actor: 'test' });
    await waitFor(async () => feed.generation('vocabulary') !== generation || null, 5_000, 'the notice');
    const vocabulary = (await references.get()).vocabulary;
    expect(JSON.stringify(vocabulary)).toContain('kayutangi ilir');

    // A sector renamed by hand in psql counts as a change too.
    const lists = await references.get();
    const sector = lists.sectors[0]!;
    const referencesGeneration = feed.generation('references');
    await sql`update sectors set name = ${`${sector.name} (baru)`} where id = ${sector.id}`.execute(t.app.database.db);
    await waitFor(async () => feed.generation('references') !== referencesGeneration || null, 5_000, 'the notice');
    expect((await references.get()).sectors.find((s) => s.id === sector.id)!.name).toBe(`${sector.name} (baru)`);

    // A new FAQ entry.
    const entries = (await faq.get(counted.db)).faq?.length ?? 0;
    const faqGeneration = feed.generation('faq');
    await addFaq(t.app.database.db, { question: 'Bagaimana cara mengurus NIB?', answer: 'Lewat OSS, Bapak/Ibu bisa dibantu di kantor.', keywords: ['nib', 'oss'] });
    await waitFor(async () => feed.generation('faq') !== faqGeneration || null, 5_000, 'the notice');
    expect((await faq.get(counted.db)).faq?.length).toBe(entries + 1);
    expect(JSON.stringify((await faq.get(counted.db)).faq)).toContain('oss');
  });

  it('with its connection lost it reads from the database, and listens again by itself', async () => {
    const references = new ReferenceCache(counted.db, 60_000, undefined, 'banjarmasin', feed);
    await references.get();
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'listen wirabot_changes%' and pid <> pg_backend_pid()`.execute(t.app.database.db);
    await waitFor(async () => feed.generation('vocabulary') === null || null, 5_000, 'the loss noticed');
    const before = counter.count;
    await references.get();
    expect(counter.count).toBeGreaterThan(before);
    await waitFor(async () => feed.generation('vocabulary') !== null || null, 15_000, 'listening again');
    await references.get();
    const after = counter.count;
    await references.get();
    expect(counter.count).toBe(after);
  });
});
