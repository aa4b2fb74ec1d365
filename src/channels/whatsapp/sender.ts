import { RecipientUnreachableError, TransientSendError, type ChannelSender, type Outbound, type SendResult } from '../types.js';
import { toWhatsAppText } from './convert.js';

// Sends through whichever whatsapp-web.js client is connected right now. The gateway hands
// it the client on `ready` and takes it away on a disconnect, so a send while the browser is
// gone is a retryable failure, never a silent success.

/** The part of a whatsapp-web.js `Client` that sending needs. */
export interface WhatsAppSendClient {
  sendMessage(chatId: string, content: string, options?: { sendSeen?: boolean }): Promise<{ readonly id: { readonly _serialized: string } } | null | undefined>;
  getNumberId(number: string): Promise<{ readonly _serialized: string } | null>;
}

// What the page throws when the number is not on WhatsApp or the chat cannot exist.
const UNREACHABLE_ERRORS: readonly RegExp[] = [/No LID for user/i, /not a registered whatsapp user/i, /invalid wid/i, /wid error/i];

/** Numbers WhatsApp confirmed; a bounded memory so replies skip a server query each. */
const KNOWN_LIMIT = 10_000;

export class WhatsAppSender implements ChannelSender {
  readonly channel = 'whatsapp' as const;
  private client: WhatsAppSendClient | null = null;
  private readonly known = new Map<string, string>();

  /** The gateway sets the client on `ready` and clears it when the connection is lost. */
  setClient(client: WhatsAppSendClient | null): void {
    this.client = client;
  }

  get ready(): boolean {
    return this.client !== null;
  }

  async send(message: Outbound): Promise<SendResult> {
    const client = this.client;
    if (!client) throw new TransientSendError('WhatsApp is not connected; the message waits for the reconnect');
    try {
      const chatId = await this.checkedChatId(client, message.address);
      // sendSeen marks the person's chat read first; it has broken with WhatsApp Web
      // updates before and is not needed to deliver the reply.
      const sent = await client.sendMessage(chatId, toWhatsAppText(message), { sendSeen: false });
      if (!sent) throw new RecipientUnreachableError('WhatsApp has no chat for this address');
      return { platformMessageId: sent.id._serialized };
    } catch (error) {
      throw classifySendError(error);
    }
  }

  /** `@c.us` numbers are checked once with WhatsApp; `@lid` chats exist because the person wrote. */
  private async checkedChatId(client: WhatsAppSendClient, address: string): Promise<string> {
    if (!address.endsWith('@c.us')) return address;
    const cached = this.known.get(address);
    if (cached) return cached;
    const id = await client.getNumberId(address);
    if (!id) throw new RecipientUnreachableError('this number is not on WhatsApp');
    this.remember(address, id._serialized);
    return id._serialized;
  }

  private remember(address: string, chatId: string): void {
    if (this.known.size >= KNOWN_LIMIT) this.known.delete(this.known.keys().next().value!);
    this.known.set(address, chatId);
  }
}

/** Maps what whatsapp-web.js or the browser threw to the delivery's typed errors. */
export function classifySendError(error: unknown): Error {
  if (error instanceof RecipientUnreachableError || error instanceof TransientSendError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0]!.slice(0, 300);
  if (UNREACHABLE_ERRORS.some((pattern) => pattern.test(message))) return new RecipientUnreachableError(firstLine);
  // A closed page, a navigation, a timeout: the browser or the network, worth retrying.
  return new TransientSendError(firstLine);
}
