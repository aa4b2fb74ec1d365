import type { ChannelName, ChannelSender, Outbound, SendResult } from '../../src/channels/types.js';
import { sendQueueName } from '../../src/outbox/queue.js';
import type { App } from '../../src/app.js';
import { waitFor } from './app.js';

// A channel that only records what it was asked to send, and a person who chats through it.

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

let seq = 0;

export class TestPerson {
  private readonly runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  constructor(
    private readonly app: App,
    private readonly sender: RecordingSender,
    readonly address: string,
    private readonly verifiedPhone?: string,
  ) {
    app.startSender(sendQueueName('console', 'reply', address), sender);
  }

  /** Sends one message and waits until the bot has answered it; returns the reply texts. */
  async say(text: string): Promise<string[]> {
    const before = this.sender.to(this.address).length;
    const externalId = `${this.runId}-${++seq}`;
    await this.app.runtime.handleInbound({
      channel: 'console',
      externalId,
      address: this.address,
      kind: 'text',
      text,
      ...(this.verifiedPhone ? { verifiedPhone: this.verifiedPhone } : {}),
      receivedAt: new Date(),
    });
    await this.settled(externalId);
    return this.sender.to(this.address).slice(before).map((m) => m.text);
  }

  /** Waits until the message is handled and every reply to this chat has been sent. */
  async settled(externalId: string): Promise<void> {
    const { db } = this.app.database;
    await waitFor(async () => {
      const inbound = await db.selectFrom('inbound_messages').select('handled_at').where('channel', '=', 'console').where('external_id', '=', externalId).executeTakeFirst();
      if (inbound && !inbound.handled_at) return false;
      const unsent = await db
        .selectFrom('outbound_messages')
        .select('id')
        .where('channel', '=', 'console')
        .where('address', '=', this.address)
        .where('status', 'in', ['pending', 'queued'])
        .executeTakeFirst();
      return !unsent;
    }, 15_000, `reply to ${externalId}`);
  }
}
