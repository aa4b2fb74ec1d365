import os from 'node:os';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.js';
import type { ChannelSender, Outbound, SendResult } from '../src/channels/types.js';
import { DEV_ID_HASH_KEY, loadConfig } from '../src/config.js';
import { sendQueueName } from '../src/outbox/queue.js';
import { createLogger } from '../src/log.js';
import { dropQueueKeys, freshDatabase, mb, percentile, REDIS_URL, trackPeakMemory } from './support.js';

// `npm run bench:engine [-- --people 1000]`: that many people sign up at the same time
// through the real runtime, Postgres and Redis; a null channel only records the sends.
// Prints messages/s, latency from inbound received to reply queued, and round trips.
// `--think 3000` gives people a pause between messages, for latency at a realistic load.

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    // Average pause between a reply and the person's next message (0: everyone types non-stop).
    think: { type: 'string', default: '0' },
  },
});
const THINK_MS = Number(values.think);
const PEOPLE = Number(values.people);
const ANSWERS = ['halo', 'ya', 'Siti Aminah', 'Warung Berkah', 'kuliner', 'utara', '0812-3456-7890', '2019', '7,5 juta', 'ya'];

class NullSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  private readonly waiting = new Map<string, () => void>();
  sent = 0;
  async send(message: Outbound): Promise<SendResult> {
    this.sent++;
    this.waiting.get(message.address)?.();
    this.waiting.delete(message.address);
    return { platformMessageId: String(this.sent) };
  }
  nextReply(address: string): Promise<void> {
    return new Promise((resolve) => this.waiting.set(address, resolve));
  }
}

async function waitUntilDrained(app: Awaited<ReturnType<typeof createApp>>): Promise<void> {
  const { db } = app.database;
  for (;;) {
    const open = await db.selectFrom('inbound_messages').select('id').where('handled_at', 'is', null).limit(1).executeTakeFirst();
    const unsent = await db.selectFrom('outbound_messages').select('id').where('status', 'in', ['pending', 'queued']).limit(1).executeTakeFirst();
    if (!open && !unsent) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main(): Promise<void> {
  const database = await freshDatabase('engine');
  const prefix = `bench-engine-${Date.now()}`;
  const concurrency = Number(values.concurrency);
  const config = loadConfig({ DATABASE_URL: database.url, ID_HASH_KEY: DEV_ID_HASH_KEY, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: String(concurrency + 4) });
  const queryCounter = { count: 0 };
  const app = await createApp(config, { log: createLogger('warn'), queryCounter });
  const sender = new NullSender();
  await app.startTurnWorkers(concurrency);
  app.startSender(sendQueueName('telegram', 'reply'), sender, { concurrency: 32 });

  const memory = trackPeakMemory();
  const queriesBefore = queryCounter.count;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: PEOPLE }, async (_, p) => {
      const address = String(100_000 + p);
      for (const [i, text] of ANSWERS.entries()) {
        const replied = sender.nextReply(address);
        await app.runtime.handleInbound({ channel: 'telegram', externalId: `${address}-${i}`, address, kind: 'text', text, receivedAt: new Date() });
        await replied;
        if (THINK_MS > 0) await new Promise((resolve) => setTimeout(resolve, THINK_MS * (0.5 + Math.random())));
      }
    }),
  );
  // A person may see the last reply of one turn before its turn ends: wait for every turn.
  await waitUntilDrained(app);
  const seconds = (performance.now() - started) / 1000;
  const peak = memory.stop();
  // A message coalesced by the flood rule was recorded, not answered: it never counts as handled.
  const coalesced = Number((await app.database.db.selectFrom('inbound_messages').select((eb) => eb.fn.countAll<string>().as('n')).where('coalesced_at', 'is not', null).executeTakeFirstOrThrow()).n);
  const messages = PEOPLE * ANSWERS.length - coalesced;
  const queries = queryCounter.count - queriesBefore;

  const latencies = await app.database.db
    .selectFrom('inbound_messages as i')
    .innerJoin('outbound_messages as o', 'o.inbound_id', 'i.id')
    .select((eb) => ['i.id', eb.fn.min('o.queued_at').as('queued'), 'i.received_at'])
    .groupBy(['i.id', 'i.received_at'])
    .execute();
  const ms = latencies.map((l) => new Date(l.queued as unknown as string).getTime() - l.received_at.getTime()).sort((a, b) => a - b);
  const registered = await app.database.db.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} RAM, Node ${process.version}`);
  console.log(`people signed up: ${registered.n} of ${PEOPLE} (${messages} messages, ${sender.sent} replies sent)`);
  console.log(`throughput: ${(messages / seconds).toFixed(0)} messages/s (${seconds.toFixed(1)} s)`);
  console.log(`latency inbound received → reply queued: p50 ${percentile(ms, 50)} ms, p90 ${percentile(ms, 90)} ms, p99 ${percentile(ms, 99)} ms, max ${ms.at(-1)} ms`);
  console.log(`postgres round trips per message: ${(queries / messages).toFixed(1)} (sending included)`);
  console.log(`peak memory (rss): ${mb(peak)}`);
  if (coalesced > 0) console.log(`coalesced by the flood rule (not counted as handled; a bench person should never be): ${coalesced}`);

  await app.close();
  await dropQueueKeys(prefix);
  await database.drop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
