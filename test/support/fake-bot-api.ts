import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'telegraf/types';

// A small stand-in for api.telegram.org: enough of the Bot API for telegraf to poll,
// for Wirabot to send, and for a test to push updates and make calls fail the way
// Telegram does (429 with retry_after, 403 for a blocked bot, 5xx).

export const FAKE_TOKEN = '123456789:TEST-fake-token-for-wirabot-tests';

export interface SentMessage {
  readonly chatId: string;
  readonly text: string;
  readonly parseMode?: string;
  readonly replyMarkup?: ReplyMarkupSent;
  readonly messageId: number;
  readonly at: number;
}

export interface ReplyMarkupSent {
  readonly keyboard?: { text: string; request_contact?: boolean }[][];
  readonly one_time_keyboard?: boolean;
  readonly resize_keyboard?: boolean;
  readonly remove_keyboard?: boolean;
}

export type Failure =
  | { readonly status: 429; readonly retry_after: number }
  | { readonly status: 400 | 403; readonly description: string }
  | { readonly status: 500 | 502 };

export interface FailedCall {
  readonly method: string;
  readonly chatId?: string;
  readonly status: number;
  readonly at: number;
}

type Params = Record<string, unknown>;
type NewUpdate = Omit<Update.MessageUpdate, 'update_id'> & { update_id?: number };

interface Waiter {
  readonly params: Params;
  readonly res: ServerResponse;
  readonly timer: NodeJS.Timeout;
}

export class FakeBotApi {
  readonly sent: SentMessage[] = [];
  readonly failures: FailedCall[] = [];
  readonly calls: { method: string; params: Params }[] = [];
  webhook: { url: string; secretToken?: string } | null = null;

  private readonly queue: { update: Update; delivered: boolean }[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly failNextByMethod = new Map<string, Failure[]>();
  private readonly blocked = new Map<string, string>();
  private readonly messageIds = new Map<string, number>();
  private rateLimitedUntil = 0;
  // Real update ids are 9-10 digits; small ones hid a log formatter crash on real traffic.
  private nextUpdateId = 834_567_890;
  private nextSentId = 1;

  private constructor(
    private readonly server: Server,
    readonly token: string,
    readonly username: string,
  ) {}

  static async start(options: { token?: string; username?: string } = {}): Promise<FakeBotApi> {
    const server = createServer();
    const api = new FakeBotApi(server, options.token ?? FAKE_TOKEN, options.username ?? 'wirabot_test_bot');
    server.on('request', (req, res) => void api.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues an update for getUpdates; keeps a given update_id, so the same update can come twice. */
  pushUpdate(update: NewUpdate): Update.MessageUpdate;
  pushUpdate(update: Update): Update;
  pushUpdate(update: NewUpdate | Update): Update {
    const full = { ...update, update_id: update.update_id ?? this.nextUpdateId++ } as Update;
    this.nextUpdateId = Math.max(this.nextUpdateId, full.update_id + 1);
    this.queue.push({ update: full, delivered: false });
    // Wake pollers on the next turn, so updates pushed together arrive in one batch.
    setImmediate(() => this.wakePollers());
    return full;
  }

  /** The next call of `method` fails like Telegram would; a 429 keeps failing sends for retry_after seconds. */
  failNext(method: string, failure: Failure): void {
    this.failNextByMethod.set(method, [...(this.failNextByMethod.get(method) ?? []), failure]);
  }

  /** Every send to this chat gets 403, as after the person blocked the bot. */
  blockChat(chatId: number | string, description = 'Forbidden: bot was blocked by the user'): void {
    this.blocked.set(String(chatId), description);
  }

  unblockChat(chatId: number | string): void {
    this.blocked.delete(String(chatId));
  }

  sentTo(chatId: number | string): SentMessage[] {
    return this.sent.filter((m) => m.chatId === String(chatId));
  }

  async waitForSent(n: number, timeoutMs = 15_000, chatId?: number | string): Promise<SentMessage[]> {
    const list = () => (chatId === undefined ? this.sent : this.sentTo(chatId));
    const deadline = Date.now() + timeoutMs;
    while (list().length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} sent messages, got ${list().length}: ${JSON.stringify(list().map((m) => m.text))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return list();
  }

  privateText(chatId: number, text: string, from: { first_name?: string; last_name?: string } = {}): NewUpdate {
    return { message: { ...this.privateBase(chatId, from), text } } as NewUpdate;
  }

  /** A shared contact; `ownerId` is the Telegram user the number belongs to (the sender's own by default). */
  privateContact(chatId: number, phone: string, ownerId: number | undefined = chatId): NewUpdate {
    const contact = { phone_number: phone, first_name: 'Kontak', ...(ownerId !== undefined ? { user_id: ownerId } : {}) };
    return { message: { ...this.privateBase(chatId), contact } } as NewUpdate;
  }

  privateSticker(chatId: number): NewUpdate {
    const sticker = { file_id: 'sticker-file', file_unique_id: 'sticker-unique', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false };
    return { message: { ...this.privateBase(chatId), sticker } } as NewUpdate;
  }

  groupText(chatId: number, fromId: number, text: string): NewUpdate {
    const message = {
      message_id: this.nextMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'supergroup', title: 'UMKM Banjarmasin' },
      from: { id: fromId, is_bot: false, first_name: 'Anggota' },
      text,
    };
    return { message } as NewUpdate;
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters) this.answerPoll(waiter, []);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private privateBase(chatId: number, from: { first_name?: string; last_name?: string } = {}) {
    return {
      message_id: this.nextMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: from.first_name ?? 'Siti' },
      from: { id: chatId, is_bot: false, first_name: from.first_name ?? 'Siti', ...(from.last_name ? { last_name: from.last_name } : {}) },
    };
  }

  private nextMessageId(chatId: number): number {
    const id = (this.messageIds.get(String(chatId)) ?? 0) + 1;
    this.messageIds.set(String(chatId), id);
    return id;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const match = /^\/bot([^/]+)\/(\w+)$/u.exec(url.pathname);
    if (!match) return respond(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== this.token) return respond(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    const params = { ...Object.fromEntries(url.searchParams), ...(await readParams(req)) };
    this.calls.push({ method, params });
    const failure = this.failureFor(method, params);
    if (failure) return respondFailure(res, failure);
    this.handle(method, params, res);
  }

  private handle(method: string, params: Params, res: ServerResponse): void {
    switch (method) {
      case 'getMe':
        return ok(res, { id: 999_000_111, is_bot: true, first_name: 'Wirabot', username: this.username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'getUpdates':
        return this.getUpdates(params, res);
      case 'sendMessage':
        return ok(res, this.recordSend(params));
      case 'setWebhook':
        this.webhook = { url: String(params['url']), ...(params['secret_token'] ? { secretToken: String(params['secret_token']) } : {}) };
        return ok(res, true);
      case 'deleteWebhook':
        this.webhook = null;
        return ok(res, true);
      case 'getWebhookInfo':
        return ok(res, { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.queue.length });
      default:
        return respond(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }

  private failureFor(method: string, params: Params): Failure | null {
    const chatId = params['chat_id'] === undefined ? undefined : String(params['chat_id']);
    const planned = this.failNextByMethod.get(method)?.shift();
    if (planned?.status === 429) this.rateLimitedUntil = Date.now() + planned.retry_after * 1000;
    let failure: Failure | null = planned ?? null;
    if (!failure && method === 'sendMessage' && Date.now() < this.rateLimitedUntil) {
      failure = { status: 429, retry_after: Math.ceil((this.rateLimitedUntil - Date.now()) / 1000) };
    }
    const blocked = chatId === undefined ? undefined : this.blocked.get(chatId);
    if (!failure && method === 'sendMessage' && blocked) failure = { status: 403, description: blocked };
    if (failure) this.failures.push({ method, ...(chatId ? { chatId } : {}), status: failure.status, at: Date.now() });
    return failure;
  }

  private recordSend(params: Params): unknown {
    const chatId = String(params['chat_id']);
    const markup = typeof params['reply_markup'] === 'string' ? (JSON.parse(params['reply_markup']) as ReplyMarkupSent) : (params['reply_markup'] as ReplyMarkupSent | undefined);
    const message: SentMessage = {
      chatId,
      text: String(params['text']),
      ...(params['parse_mode'] ? { parseMode: String(params['parse_mode']) } : {}),
      ...(markup ? { replyMarkup: markup } : {}),
      messageId: this.nextSentId++,
      at: Date.now(),
    };
    this.sent.push(message);
    return { message_id: message.messageId, date: Math.floor(message.at / 1000), chat: { id: Number(chatId), type: 'private' }, text: message.text };
  }

  private getUpdates(params: Params, res: ServerResponse): void {
    const offset = Number(params['offset'] ?? 0);
    // Telegram forgets what was delivered once a later offset confirms it.
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const entry = this.queue[i]!;
      if (entry.delivered && entry.update.update_id < offset) this.queue.splice(i, 1);
    }
    const timeoutS = Number(params['timeout'] ?? 0);
    if (this.queue.length > 0 || timeoutS <= 0) return ok(res, this.take(params));
    const waiter: Waiter = { params, res, timer: setTimeout(() => this.answerPoll(waiter, []), timeoutS * 1000) };
    this.waiters.add(waiter);
    res.on('close', () => {
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
    });
  }

  private wakePollers(): void {
    for (const waiter of this.waiters) {
      if (this.queue.some((e) => !e.delivered)) this.answerPoll(waiter, this.take(waiter.params));
    }
  }

  private take(params: Params): Update[] {
    const limit = Number(params['limit'] ?? 100);
    const batch = this.queue.slice(0, limit);
    for (const entry of batch) entry.delivered = true;
    return batch.map((e) => e.update);
  }

  private answerPoll(waiter: Waiter, updates: Update[]): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    if (!waiter.res.writableEnded) ok(waiter.res, updates);
  }
}

function ok(res: ServerResponse, result: unknown): void {
  respond(res, 200, { ok: true, result });
}

function respondFailure(res: ServerResponse, failure: Failure): void {
  if (failure.status === 429) {
    const body = { ok: false, error_code: 429, description: `Too Many Requests: retry after ${failure.retry_after}`, parameters: { retry_after: failure.retry_after } };
    return respond(res, 429, body);
  }
  const description = 'description' in failure ? failure.description : 'Internal Server Error';
  respond(res, failure.status, { ok: false, error_code: failure.status, description });
}

function respond(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** telegraf sends JSON, or multipart when a file is attached; other clients may send a form. */
async function readParams(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const body = Buffer.concat(chunks).toString('utf8');
  if (body === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) return JSON.parse(body) as Params;
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/u.exec(type);
  if (type.startsWith('multipart/form-data') && boundary) return parseMultipart(body, boundary[1] ?? boundary[2]!);
  return {};
}

function parseMultipart(body: string, boundary: string): Params {
  const params: Params = {};
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /name="([^"]+)"/u.exec(part.slice(0, split))?.[1];
    if (name) params[name] = part.slice(split + 4).replace(/\r\n$/u, '');
  }
  return params;
}
