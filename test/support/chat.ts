import type { App } from '../../src/app.js';
import { RecipientUnreachableError, TransientSendError, type ChannelName, type ChannelSender, type Outbound, type SendResult } from '../../src/channels/types.js';
import { sendQueueName } from '../../src/outbox/queue.js';
import { waitFor } from './app.js';

// People chatting with the real runtime on any channel, and channels that record what they
// were asked to send. One rule for "the bot has answered": the message is handled and every
// reply to that chat is out (bulk messages, such as a check-in a job sends, are not replies
// and are waited for by the test that expects them).

export class RecordingSender implements ChannelSender {
  readonly sent: Outbound[] = [];
  constructor(readonly channel: ChannelName = 'console') {}
  async send(message: Outbound): Promise<SendResult> {
    this.sent.push(message);
    return { platformMessageId: `rec-${this.sent.length}` };
  }
  to(address: string): Outbound[] {
    return this.sent.filter((m) => m.address === address);
  }
}

/** Records what it sends; chats it was told about fail as a platform would make them. */
export class ScriptedSender extends RecordingSender {
  /** Sends fail as "blocked by the user": unreachable, never retried. */
  readonly blocked = new Set<string>();
  /** Sends fail as a network error every time: retried, then failed. */
  readonly broken = new Set<string>();

  override async send(message: Outbound): Promise<SendResult> {
    if (this.blocked.has(message.address)) throw new RecipientUnreachableError('Forbidden: bot was blocked by the user');
    if (this.broken.has(message.address)) throw new TransientSendError('ECONNRESET');
    return super.send(message);
  }
}

let seq = 0;
const runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Sends one message as the person at `address` and waits until the bot has answered it. */
async function sayAndWait(app: App, channel: ChannelName, address: string, text: string, verifiedPhone?: string): Promise<void> {
  const externalId = `${runId}-${++seq}`;
  await app.runtime.handleInbound({ channel, externalId, address, kind: 'text', text, ...(verifiedPhone ? { verifiedPhone } : {}), receivedAt: new Date() });
  await settled(app, channel, address, externalId);
}

/** Waits until the message is handled and every reply to the chat is out. */
async function settled(app: App, channel: ChannelName, address: string, externalId: string): Promise<void> {
  const { db } = app.database;
  await waitFor(async () => {
    const inbound = await db.selectFrom('inbound_messages').select('handled_at').where('channel', '=', channel).where('external_id', '=', app.runtime.externalKey(channel, externalId)).executeTakeFirst();
    if (!inbound?.handled_at) return false;
    const unsent = await db
      .selectFrom('outbound_messages')
      .select('id')
      .where('channel', '=', channel)
      .where('address', '=', address)
      .where('path', '=', 'reply')
      .where('status', 'in', ['pending', 'queued'])
      .executeTakeFirst();
    return !unsent;
  }, 20_000, `replies to ${externalId} on ${channel}`);
}

/** The words of a message as read: its text, then its footer (said after the choices). */
const shown = (m: Outbound): string => (m.footer ? `${m.text}\n\n${m.footer}` : m.text);

/** People on every channel, each reply recorded by the channel's own recording sender. */
export class Chats {
  readonly senders = { console: new ScriptedSender('console'), telegram: new ScriptedSender('telegram'), whatsapp: new ScriptedSender('whatsapp') };
  private readonly consoles = new Set<string>();

  /** Bulk senders may be started later, to hold a broadcast's messages back for a while. */
  constructor(
    private readonly app: App,
    options: { bulk?: boolean } = {},
  ) {
    for (const channel of ['telegram', 'whatsapp'] as const) app.startSender(sendQueueName(channel, 'reply'), this.senders[channel]);
    if (options.bulk !== false) this.startBulk();
  }

  startBulk(): void {
    for (const channel of ['telegram', 'whatsapp'] as const) this.app.startSender(sendQueueName(channel, 'bulk'), this.senders[channel]);
  }

  /** Sends one message and waits until it is handled and every reply to the chat is out; returns the texts since. */
  async say(channel: ChannelName, address: string, text: string, verifiedPhone?: string): Promise<string[]> {
    if (channel === 'console' && !this.consoles.has(address)) {
      this.consoles.add(address);
      this.app.startSender(sendQueueName('console', 'reply', address), this.senders.console);
    }
    const sender = this.senders[channel];
    const before = sender.to(address).length;
    await sayAndWait(this.app, channel, address, text, verifiedPhone);
    return sender.to(address).slice(before).map(shown);
  }

  seen(channel: ChannelName, address: string): string[] {
    return this.senders[channel].to(address).map(shown);
  }
}

/** One person at a terminal chat (the console channel), with a sender of their own. */
export class TestPerson {
  constructor(
    private readonly app: App,
    private readonly sender: RecordingSender,
    readonly address: string,
    private readonly verifiedPhone?: string,
  ) {
    app.startSender(sendQueueName('console', 'reply', address), sender);
  }

  /** Sends one message and waits until the bot has answered it; returns the texts since. */
  async say(text: string): Promise<string[]> {
    const before = this.sender.to(this.address).length;
    await sayAndWait(this.app, 'console', this.address, text, this.verifiedPhone);
    return this.sender.to(this.address).slice(before).map(shown);
  }

  /** Waits until a message sent some other way is handled and its replies are out. */
  settled(externalId: string): Promise<void> {
    return settled(this.app, 'console', this.address, externalId);
  }
}
