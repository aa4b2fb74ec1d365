import os from 'node:os';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../src/app.js';
import { createTelegramSender } from '../src/channels/telegram/sender.js';
import { DEV_ID_HASH_KEY, loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { sendBulk } from '../src/outbox/write.js';
import { FakeBotApi } from '../test/support/fake-bot-api.js';
import { dropQueueKeys, freshDatabase, mb, percentile, REDIS_URL, trackPeakMemory } from './support.js';

// `npm run bench:send`: messages through the real queues and the real Telegram sender
// (telegraf) to a fake Bot API on localhost.
//   1. pacing off: how fast the bot can send at all (it must never be the bottleneck);
//   2. pacing on: the achieved rate against the configured limit;
//   3. meanwhile, people chatting: reply latency while the bulk backlog drains.

const { values } = parseArgs({
  options: {
    unpaced: { type: 'string', default: '10000' },
    paced: { type: 'string', default: '750' },
    rate: { type: 'string', default: '25' },
    people: { type: 'string', default: '20' },
  },
});

async function makeRecipients(app: App, count: number, label: string, firstChatId: number): Promise<{ id: string; address: string }[]> {
  const out: { id: string; address: string }[] = [];
  for (let i = 0; i < count; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({ channel: 'telegram', address: String(firstChatId + i + j), display_name: label }));
    out.push(...(await app.database.db.insertInto('identities').values(rows).returning(['id', 'address']).execute()));
  }
  return out;
}

async function announce(app: App, recipients: { id: string; address: string }[], key: string): Promise<void> {
  for (let i = 0; i < recipients.length; i += 5000) {
    const batch = recipients.slice(i, i + 5000).map((r) => ({
      identityId: r.id,
      personId: null,
      channel: 'telegram',
      address: r.address,
      text: `Pelatihan pemasaran digital, Sabtu 12 Desember 2026, 09.00 WITA. (${key})`,
      dedupeKey: `${key}:${r.id}`,
    }));
    await sendBulk(app.database.db, app.queues, batch);
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startApp(fake: FakeBotApi, url: string, prefix: string, rate: string): Promise<App> {
  const config = loadConfig({ DATABASE_URL: url, ID_HASH_KEY: DEV_ID_HASH_KEY, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, TELEGRAM_RATE_PER_SECOND: rate, DATABASE_POOL_SIZE: '30' });
  return createApp(config, { log: createLogger('warn') });
}

async function unpacedRun(fake: FakeBotApi, url: string): Promise<string> {
  const prefix = `bench-send-a-${Date.now()}`;
  const app = await startApp(fake, url, prefix, values.rate!);
  const count = Number(values.unpaced);
  const recipients = await makeRecipients(app, count, 'unpaced', 1_000_000);
  const memory = trackPeakMemory();
  const before = fake.sent.length;
  const started = performance.now();
  app.startChannelSenders(createTelegramSender(app), { paced: false });
  await announce(app, recipients, 'unpaced');
  await until(() => fake.sent.length - before >= count, 600_000);
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  await dropQueueKeys(prefix);
  return `pacing off: ${count} messages in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(0)} messages/s (peak rss ${mb(memory.stop())})`;
}

async function pacedRun(fake: FakeBotApi, url: string): Promise<string[]> {
  const prefix = `bench-send-b-${Date.now()}`;
  const app = await startApp(fake, url, prefix, values.rate!);
  await app.startTurnWorkers();
  const count = Number(values.paced);
  const recipients = await makeRecipients(app, count, 'paced', 3_000_000);
  app.startChannelSenders(createTelegramSender(app));
  const firstBulk = fake.sent.length;
  const started = performance.now();
  await announce(app, recipients, 'paced');

  // People chatting while the backlog drains: each waits for the reply, thinks, writes again.
  const latencies: number[] = [];
  let chatting = true;
  const people = Array.from({ length: Number(values.people) }, async (_, p) => {
    const chatId = 5_000_000 + p;
    for (let i = 0; chatting; i++) {
      const seen = fake.sentTo(chatId).length;
      const asked = Date.now();
      fake.pushUpdate(fake.privateText(chatId, i === 0 ? 'halo' : 'menu'));
      await until(() => fake.sentTo(chatId).length > seen, 60_000);
      latencies.push(fake.sentTo(chatId)[seen]!.at - asked);
      await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 2000));
    }
  });
  const { startTelegramGateway } = await import('../src/channels/telegram/gateway.js');
  const gateway = await startTelegramGateway({ app, config: app.config });
  const bulkSent = () => fake.sent.filter((m, i) => i >= firstBulk && Number(m.chatId) < 5_000_000).length;
  await until(() => bulkSent() >= count, 600_000);
  const seconds = (performance.now() - started) / 1000;
  chatting = false;
  await Promise.all(people);
  await gateway.stop();
  await app.close();
  await dropQueueKeys(prefix);
  const sorted = latencies.sort((a, b) => a - b);
  return [
    `pacing on (limit ${values.rate}/s for the channel, 1/s per chat, bulk leaves 1/5 for replies): ${count} bulk messages in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(1)} messages/s`,
    `reply latency while the backlog drained (${sorted.length} replies to ${values.people} people): p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms`,
  ];
}

async function main(): Promise<void> {
  const fake = await FakeBotApi.start();
  const database = await freshDatabase('send');
  try {
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} RAM, Node ${process.version}`);
    console.log(await unpacedRun(fake, database.url));
    for (const line of await pacedRun(fake, database.url)) console.log(line);
  } finally {
    await fake.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
