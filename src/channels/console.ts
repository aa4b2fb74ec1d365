import type { Writable } from 'node:stream';
import { withNumberedChoices } from './format.js';
import type { ChannelSender, Inbound, Outbound, SendResult } from './types.js';

// The terminal as a chat channel, for trying the bot and for replaying scripted
// conversations. It goes through the same runtime, database and queues as the real ones.

export class ConsoleSender implements ChannelSender {
  readonly channel = 'console' as const;
  private sent = 0;

  constructor(
    private readonly out: Writable,
    private readonly botName: string,
  ) {}

  async send(message: Outbound): Promise<SendResult> {
    const body = withNumberedChoices(message.text, message.choices, message.footer);
    this.out.write(`\n${this.botName}: ${body.replace(/\n/g, '\n  ')}\n`);
    this.sent++;
    return { platformMessageId: `console-${Date.now()}-${this.sent}` };
  }
}

export function consoleInbound(session: { address: string; verifiedPhone?: string; runId: string }, line: string, seq: number): Inbound {
  return {
    channel: 'console',
    externalId: `${session.runId}-${seq}`,
    address: session.address,
    kind: 'text',
    text: line,
    ...(session.verifiedPhone ? { verifiedPhone: session.verifiedPhone } : {}),
    receivedAt: new Date(),
  };
}
