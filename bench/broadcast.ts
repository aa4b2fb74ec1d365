import os from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { DEV_ID_HASH_KEY, loadConfig } from '../src/config.js';
import { queueFanout } from '../src/runtime/broadcast/fanout.js';
import { sendQueueName } from '../src/outbox/queue.js';
import { createLogger } from '../src/log.js';
import { previewData } from '../src/runtime/broadcast/report.js';
import { ReferenceCache } from '../src/runtime/core/references.js';
import { parseSegment } from '../src/segments.js';
import { createBroadcast } from '../src/runtime/broadcast/store.js';
import { dropQueueKeys, freshDatabase, mb, REDIS_URL, trackPeakMemory } from './support.js';

// `npm run bench:broadcast [-- --people 100000 --batch 1000]`: a broadcast's fan-out to that
// many recipients, prepared with SQL in a fresh database, through the real fan-out worker:
// one outbox row per recipient (insertBulk) queued on each channel's bulk path (queueRows).
// Nothing is sent; the clock stops when every row is queued. Prints the time, rows written
// per second, peak memory of the process and what the queued jobs cost Redis.

const { values } = parseArgs({ options: { people: { type: 'string', default: '100000' }, batch: { type: 'string', default: '1000' } } });
const PEOPLE = Number(values.people);
const OTHERS = Math.round(PEOPLE / 5);

/** Bytes Redis holds under this run's queue prefix (other processes may share the server). */
async function prefixMemory(redis: Redis, prefix: string): Promise<number> {
  let total = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.memory('USAGE', key);
    for (const [, bytes] of (await pipeline.exec()) ?? []) total += Number(bytes ?? 0);
    cursor = next;
  } while (cursor !== '0');
  return total;
}

async function main(): Promise<void> {
  const database = await freshDatabase('broadcast');
  const prefix = `bench-broadcast-${Date.now()}`;
  const config = loadConfig({ DATABASE_URL: database.url, ID_HASH_KEY: DEV_ID_HASH_KEY, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', BROADCAST_FANOUT_BATCH: values.batch, BROADCAST_CHECK_INTERVAL_MS: '3600000' });
  const app = await createApp(config, { log: createLogger('warn') });
  const db = app.database.db;

  // The recipients: stagnant businesses in Banjarmasin Utara, 70% on WhatsApp and 30% on
  // Telegram; and a fifth as many others the segment must pass over.
  const prepared = performance.now();
  await sql`
    with person as (
      insert into people (member_no, full_name, business_name, sector_id, kecamatan_id, growth_status)
      select 'BJM-' || lpad(g::text, 7, '0'), 'Pelaku ' || g, 'Usaha ' || g, 1 + g % 7,
             case when g <= ${PEOPLE} then 5 else 1 + g % 4 end,
             case when g <= ${PEOPLE} then 'stagnan' else 'berkembang' end
        from generate_series(1, ${PEOPLE + OTHERS}) g
      returning id, member_no
    ), consent as (
      insert into consents (person_id, purpose, text_version, lang, granted, channel, decided_at)
      select id, 'registration', 'bench', 'id', true, 'telegram', now() from person
    )
    insert into identities (channel, address, person_id, verified_phone)
    select case when id % 10 < 7 then 'whatsapp' else 'telegram' end,
           case when id % 10 < 7 then '628' || lpad(id::text, 10, '0') || '@c.us' else (5000000000 + id)::text end,
           id, case when id % 10 < 7 then '+628' || lpad(id::text, 10, '0') end
      from person`.execute(db);
  await sql`analyze`.execute(db);
  const preparedS = (performance.now() - prepared) / 1000;

  const refs = await new ReferenceCache(db).get();
  const parsed = parseSegment('kecamatan=Banjarmasin Utara, status=stagnan', refs);
  if (parsed.kind !== 'ok') throw new Error('segment did not parse');
  const previewStarted = performance.now();
  const preview = await previewData(db, 'Halo {nama}, pelatihan untuk {usaha}.', parsed.spec, refs, (t) => app.renderer.render('id', t), app.services.segments);
  const previewMs = performance.now() - previewStarted;
  if (preview.total !== PEOPLE) throw new Error(`segment selects ${preview.total}, expected ${PEOPLE}`);

  const redis = new Redis(REDIS_URL);
  await app.startTurnWorkers(1);
  const memory = trackPeakMemory();
  const started = performance.now();
  const id = await createBroadcast(db, { staffId: null, actor: 'bench', text: 'Halo {nama}, ada pelatihan pemasaran digital untuk {usaha}.', segment: parsed.spec, notifyIdentityId: null, lang: 'id' });
  await queueFanout(app.queues, id);
  for (;;) {
    const b = await db.selectFrom('broadcasts').select(['status', 'recipients']).where('id', '=', id).executeTakeFirstOrThrow();
    if (b.status === 'sending') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = memory.stop();

  const statuses = await db.selectFrom('outbound_messages').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).where('broadcast_id', '=', id).groupBy('status').execute();
  const queued = Number(statuses.find((s) => s.status === 'queued')?.n ?? 0);
  const jobs: Record<string, number> = {};
  for (const channel of ['whatsapp', 'telegram'] as const) {
    const counts = await app.queues.get(sendQueueName(channel, 'bulk')).getJobCounts('waiting', 'prioritized');
    jobs[channel] = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
  }

  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} RAM, Node ${process.version}`);
  console.log(`population: ${PEOPLE + OTHERS} people prepared in ${preparedS.toFixed(1)} s, ${PEOPLE} in the segment`);
  console.log(`preview (counts per channel + first recipient): ${previewMs.toFixed(0)} ms`);
  console.log(`fan-out: ${queued} of ${PEOPLE} rows written and queued in ${seconds.toFixed(1)} s (batches of ${values.batch})`);
  console.log(`rows written per second: ${(queued / seconds).toFixed(0)}`);
  console.log(`send jobs waiting: whatsapp bulk ${jobs.whatsapp}, telegram bulk ${jobs.telegram}`);
  console.log(`peak memory (rss): ${mb(peak)}; redis memory under the queue prefix: ${mb(await prefixMemory(redis, prefix))}`);

  redis.disconnect();
  await app.close();
  await dropQueueKeys(prefix);
  await database.drop();
  if (queued !== PEOPLE) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
