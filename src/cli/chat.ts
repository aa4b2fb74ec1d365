import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../app.js';
import { bootConfig } from '../boot.js';
import { consoleInbound, ConsoleSender } from '../channels/console.js';
import { text } from '../engine/core/text.js';
import { parseIndonesianPhone } from '../engine/parse/phone.js';
import { sendQueueName } from '../outbox/queue.js';
import { exitOnInterrupt } from '../interrupt.js';

// `npm run chat [-- --as 0812… | --session name]`: chat with the real bot in a terminal.
// Piped input is one message per line; the process exits once every reply is out.

const USAGE = 'usage: npm run chat -- [--as <phone number>] [--session <name>]';

function parseSession(runId: string): { address: string; verifiedPhone?: string; runId: string } {
  const { values } = parseArgs({ options: { as: { type: 'string' }, session: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n  --as       chat as the owner of this (verified) phone number\n  --session  a name for this chat, to come back to it later\n`);
    process.exit(0);
  }
  if (values.as) {
    const phone = parseIndonesianPhone(values.as);
    if (phone.kind !== 'ok') {
      process.stderr.write(`--as expects an Indonesian phone number such as 081234567890 (got "${values.as}")\n`);
      process.exit(64);
    }
    return { address: phone.e164, verifiedPhone: phone.e164, runId };
  }
  const name = values.session ?? `local-${userInfo().username}`;
  return { address: name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 60), runId };
}

async function waitUntilAnswered(app: App, session: { address: string; runId: string }, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const { db } = app.database;
  while (Date.now() < deadline) {
    const waiting = await db
      .selectFrom('inbound_messages as m')
      .innerJoin('identities as i', 'i.id', 'm.identity_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('i.channel', '=', 'console')
      .where('i.address', '=', session.address)
      .where('m.handled_at', 'is', null)
      .executeTakeFirstOrThrow();
    const unsent = await db
      .selectFrom('outbound_messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('channel', '=', 'console')
      .where('address', '=', session.address)
      .where('status', 'in', ['pending', 'queued'])
      .executeTakeFirstOrThrow();
    if (Number(waiting.n) === 0 && Number(unsent.n) === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const config = bootConfig();
  const session = parseSession(`${Date.now().toString(36)}-${process.pid}`);
  let app: App | undefined;
  exitOnInterrupt(async () => app?.close());
  app = await createApp(config);
  await app.startTurnWorkers(2);
  app.startSender(sendQueueName('console', 'reply', session.address), new ConsoleSender(process.stdout, config.BOT_NAME));

  const interactive = process.stdin.isTTY === true;
  const lines = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
  // In a terminal readline reads Ctrl+C itself; without this it would only end the input.
  if (interactive) lines.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
  if (interactive) {
    process.stdout.write(`${app.renderer.render('id', text('cli.chat_intro', { botName: config.BOT_NAME }))}\n`);
    lines.setPrompt(app.renderer.render('id', text('cli.chat_prompt')));
    lines.prompt();
  }
  let seq = 0;
  for await (const line of lines) {
    await app.runtime.handleInbound(consoleInbound(session, line, ++seq));
    if (interactive) setTimeout(() => lines.prompt(), 300);
  }
  const done = await waitUntilAnswered(app, session);
  await app.close();
  if (!done) {
    process.stderr.write('Some replies were not sent in time; is the worker running and Redis reachable?\n');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`chat failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
