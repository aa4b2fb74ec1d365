import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WhatsAppMessage } from '../../src/channels/whatsapp/convert.js';
import {
  readChannelStatus,
  reconnectDelay,
  startWhatsAppGateway,
  type ChannelStatus,
  type ConnectionState,
  type WhatsAppClient,
  type WhatsAppGateway,
  type WhatsAppGatewayOptions,
} from '../../src/channels/whatsapp/gateway.js';
import { WhatsAppSender, type WhatsAppSendClient } from '../../src/channels/whatsapp/sender.js';
import { RecipientUnreachableError, TransientSendError, type Outbound } from '../../src/channels/types.js';
import { createLogger } from '../../src/log.js';
import { createTestApp, REDIS_URL, waitFor, type TestApp } from '../support/app.js';

// The WhatsApp gateway over a fake whatsapp-web.js client, with the real runtime, Postgres
// and Redis behind it: what a person on WhatsApp sees, what is stored, and how the
// connection recovers.

const BOT = '6281100000000';

/** Everything the fake WhatsApp knows, shared by every client the gateway creates. */
class FakeWhatsApp {
  readonly clients: FakeClient[] = [];
  readonly sent: { chatId: string; text: string; by: FakeClient }[] = [];
  readonly unregistered = new Set<string>();
  readonly noLid = new Set<string>();
  readonly lidPhones = new Map<string, string>();
  readonly pairingRequests: string[] = [];
  lidLookupFails = false;
  /** The next N initialize() calls fail as they do without internet. */
  failInitialize = 0;
  /** New clients stay connecting until the test calls `becomeReady()`. */
  holdReady = false;
  initializeCalls = 0;

  readonly create = (): FakeClient => {
    const client = new FakeClient(this);
    this.clients.push(client);
    return client;
  };

  get current(): FakeClient {
    return this.clients.at(-1)!;
  }

  sentTo(chatId: string): string[] {
    return this.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
  }
}

class FakeClient extends EventEmitter implements WhatsAppClient {
  readonly info = { wid: { user: BOT } };
  ready = false;
  destroyed = false;

  constructor(private readonly world: FakeWhatsApp) {
    super();
  }

  async initialize(): Promise<void> {
    this.world.initializeCalls++;
    if (this.world.failInitialize > 0) {
      this.world.failInitialize--;
      throw new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/');
    }
    if (!this.world.holdReady) setImmediate(() => this.becomeReady());
  }

  becomeReady(): void {
    this.ready = true;
    this.emit('ready');
  }

  async sendMessage(chatId: string, text: string): Promise<{ id: { _serialized: string } }> {
    if (!this.ready || this.destroyed) throw new Error('Protocol error (Runtime.callFunctionOn): Session closed.');
    if (this.world.noLid.has(chatId)) throw new Error('Evaluation failed: Error: No LID for user');
    this.world.sent.push({ chatId, text, by: this });
    return { id: { _serialized: `true_${chatId}_${this.world.sent.length}` } };
  }

  async getNumberId(number: string): Promise<{ _serialized: string } | null> {
    const id = number.endsWith('@c.us') ? number : `${number}@c.us`;
    return this.world.unregistered.has(id) ? null : { _serialized: id };
  }

  async getContactLidAndPhone(ids: string[]): Promise<{ lid?: string; pn?: string }[]> {
    if (this.world.lidLookupFails) throw new Error('Evaluation failed: t');
    return ids.map((lid) => ({ lid, pn: this.world.lidPhones.get(lid) }));
  }

  async requestPairingCode(phoneNumber: string): Promise<string> {
    this.world.pairingRequests.push(phoneNumber);
    return 'WIRA2026';
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.ready = false;
  }
}

let seq = 0;
const runId = Date.now().toString(36);

function waMessage(from: string, body: string, overrides: Partial<WhatsAppMessage> = {}): WhatsAppMessage {
  return { id: { _serialized: `false_${from}_${runId}${++seq}` }, from, fromMe: false, type: 'chat', body, timestamp: Math.floor(Date.now() / 1000), ...overrides };
}

/** Collects log records so tests can read the operator's lines. */
class LogSink extends Writable {
  readonly records: { msg: string; level: number }[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.records.push(JSON.parse(chunk.toString()) as { msg: string; level: number });
    done();
  }
  lines(): string[] {
    return this.records.map((r) => r.msg);
  }
}

class Terminal extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let t: TestApp;
const running: WhatsAppGateway[] = [];

beforeAll(async () => {
  // Replies are paced one job per interval; a short one keeps the conversations quick.
  t = await createTestApp('whatsapp', { WHATSAPP_REPLY_INTERVAL_MS: '50' });
  await t.app.startTurnWorkers(4);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((g) => g.stop()));
});
afterAll(() => t.close());

const db = () => t.app.database.db;

function start(world: FakeWhatsApp, options: Partial<WhatsAppGatewayOptions> = {}): { gateway: WhatsAppGateway; logs: LogSink; terminal: Terminal } {
  const logs = new LogSink();
  const terminal = new Terminal();
  const gateway = startWhatsAppGateway({
    app: t.app,
    createClient: world.create,
    backoff: { baseMs: 20, maxMs: 200 },
    terminal,
    log: createLogger('debug', logs),
    ...options,
  });
  running.push(gateway);
  return { gateway, logs, terminal };
}

async function status(): Promise<ChannelStatus | null> {
  return readChannelStatus(REDIS_URL, t.config.QUEUE_PREFIX, 'whatsapp');
}

async function waitForState(state: ConnectionState, detail?: RegExp): Promise<void> {
  await waitFor(async () => {
    const current = await status();
    return current?.state === state && (!detail || detail.test(current.detail));
  }, 15_000, `WhatsApp state ${state}`);
}

/** Polls the stored state until `last` is reached, returning every state seen on the way. */
async function watchStates(last: ConnectionState): Promise<string[]> {
  const seen: string[] = [];
  await waitFor(async () => {
    const current = await status();
    const entry = `${current?.state}: ${current?.detail}`;
    if (current && seen.at(-1) !== entry) seen.push(entry);
    return current?.state === last;
  }, 15_000, `WhatsApp state ${last}`);
  return seen;
}

/** A person chatting with the bot from one WhatsApp chat. */
class WaChat {
  constructor(
    private readonly world: FakeWhatsApp,
    readonly chatId: string,
  ) {}

  /** Sends one message and waits until the bot has answered it; returns the reply texts. */
  async say(body: string): Promise<string[]> {
    const before = this.world.sentTo(this.chatId).length;
    const msg = waMessage(this.chatId, body);
    this.world.current.emit('message', msg);
    await settled(msg.id._serialized, this.chatId);
    return this.world.sentTo(this.chatId).slice(before);
  }
}

/** Waits until the message is recorded and handled and no reply to the chat is still on its way. */
async function settled(externalId: string, chatId: string): Promise<void> {
  await waitFor(async () => {
    const inbound = await db().selectFrom('inbound_messages').select('handled_at').where('channel', '=', 'whatsapp').where('external_id', '=', t.app.runtime.externalKey('whatsapp', externalId)).executeTakeFirst();
    if (!inbound?.handled_at) return false;
    const unsent = await db().selectFrom('outbound_messages').select('id').where('address', '=', chatId).where('status', 'in', ['pending', 'queued']).executeTakeFirst();
    return !unsent;
  }, 15_000, `reply to ${externalId}`);
}

/** Which of these WhatsApp message ids were recorded (the table holds their keyed hashes). */
async function inboundIds(ids: string[]): Promise<string[]> {
  const byKey = new Map(ids.map((id) => [t.app.runtime.externalKey('whatsapp', id), id]));
  const rows = await db().selectFrom('inbound_messages').select('external_id').where('channel', '=', 'whatsapp').where('external_id', 'in', [...byKey.keys()]).execute();
  return rows.map((r) => byKey.get(r.external_id)!);
}

async function chatUntilPhoneStep(chat: WaChat): Promise<string[]> {
  let replies: string[] = [];
  for (const line of ['halo', 'iya', 'Budi Santoso', 'Soto Banjar Budi', 'kuliner', 'utara']) replies = await chat.say(line);
  return replies;
}

describe('WhatsApp sign-up', () => {
  it('a person signs up without being asked for the number WhatsApp already verified', async () => {
    const world = new FakeWhatsApp();
    start(world);
    await waitForState('ready');
    const chat = new WaChat(world, '6281234567890@c.us');

    const transcript: string[][] = [];
    for (const line of ['halo', 'iya', 'Siti Aminah', 'Kopi & Roti', 'kulner', 'utara', 'sejak 2019', 'Rp 7.500.000', 'ya']) {
      transcript.push(await chat.say(line));
    }

    expect(transcript[0]!.join('\n')).toMatch(/selamat datang/);
    expect(transcript[3]!.join('\n')).toMatch(/bidang apa\?[\s\S]*\n\n1\. \S/); // the sectors as a numbered list
    expect(transcript[5]!.join('\n')).toMatch(/Tahun berapa/); // straight from kecamatan to the year
    expect(transcript.flat().join('\n')).not.toMatch(/Berapa nomor HP/);
    expect(transcript[8]!.join('\n')).toMatch(/Pendaftaran berhasil/);

    const person = await db().selectFrom('people').select(['full_name', 'phone_e164']).where('full_name', '=', 'Siti Aminah').executeTakeFirstOrThrow();
    expect(person.phone_e164).toBe('+6281234567890');
    const consent = await db()
      .selectFrom('consents as c')
      .innerJoin('people as p', 'p.id', 'c.person_id')
      .select('c.channel')
      .where('p.full_name', '=', 'Siti Aminah')
      .executeTakeFirstOrThrow();
    expect(consent.channel).toBe('whatsapp');
  });

  it('a @lid sender whose number WhatsApp reveals is not asked for it', async () => {
    const world = new FakeWhatsApp();
    world.lidPhones.set('200000000000001@lid', '6281377778888@c.us');
    start(world);
    await waitForState('ready');
    const chat = new WaChat(world, '200000000000001@lid');

    expect((await chatUntilPhoneStep(chat)).join('\n')).toMatch(/Tahun berapa/);
    const identity = await db().selectFrom('identities').select('verified_phone').where('address', '=', chat.chatId).executeTakeFirstOrThrow();
    expect(identity.verified_phone).toBe('+6281377778888');
  });

  it('a @lid sender whose number stays hidden is asked for it, also when the lookup fails', async () => {
    const world = new FakeWhatsApp();
    start(world);
    await waitForState('ready');
    const hidden = new WaChat(world, '200000000000002@lid');
    expect((await chatUntilPhoneStep(hidden)).join('\n')).toMatch(/Berapa nomor HP/);

    world.lidLookupFails = true;
    const failing = new WaChat(world, '200000000000003@lid');
    expect((await chatUntilPhoneStep(failing)).join('\n')).toMatch(/Berapa nomor HP/);
    const identities = await db().selectFrom('identities').select('verified_phone').where('address', 'in', [hidden.chatId, failing.chatId]).execute();
    expect(identities.map((i) => i.verified_phone)).toEqual([null, null]);
  });
});

describe('what the gateway listens to', () => {
  it('groups, status updates, channels, broadcasts and the bot\'s own messages produce no inbound row', async () => {
    const world = new FakeWhatsApp();
    start(world);
    await waitForState('ready');
    const ignored = [
      waMessage('120363098765432109@g.us', 'halo grup', { author: '6281234500001@c.us' } as Partial<WhatsAppMessage>),
      waMessage('status@broadcast', 'status saya', { isStatus: true }),
      waMessage('120363012345678901@newsletter', 'info saluran'),
      waMessage('6281234500002@c.us', 'daftar siaran', { broadcast: true }),
      waMessage('6281234500003@c.us', 'dari bot sendiri', { fromMe: true }),
      waMessage('6281234500004@c.us', '', { type: 'e2e_notification' }),
    ];
    for (const msg of ignored) world.current.emit('message', msg);
    const sentinel = waMessage('6281234500005@c.us', 'halo');
    world.current.emit('message', sentinel);
    await settled(sentinel.id._serialized, sentinel.from);

    expect(await inboundIds(ignored.map((m) => m.id._serialized))).toEqual([]);
  });

  it('message_create (which also fires for the bot\'s own messages) is not handled', async () => {
    const world = new FakeWhatsApp();
    start(world);
    await waitForState('ready');
    const created = waMessage('6281234500006@c.us', 'halo');
    world.current.emit('message_create', created);
    const received = waMessage('6281234500006@c.us', 'halo lagi');
    world.current.emit('message', received);
    await settled(received.id._serialized, received.from);

    expect(await inboundIds([created.id._serialized, received.id._serialized])).toEqual([received.id._serialized]);
  });

  it('the same message delivered twice is answered once', async () => {
    const world = new FakeWhatsApp();
    start(world);
    await waitForState('ready');
    const msg = waMessage('6281234500007@c.us', 'halo');
    world.current.emit('message', msg);
    world.current.emit('message', msg);
    await settled(msg.id._serialized, msg.from);

    const replies = world.sentTo(msg.from);
    expect(replies).toHaveLength(2); // welcome and consent, once
    expect(replies[0]).toMatch(/selamat datang/);
  });

  it('a message that breaks the handler is logged and the next one is still answered', async () => {
    const world = new FakeWhatsApp();
    const { logs } = start(world);
    await waitForState('ready');
    world.current.emit('message', { id: { _serialized: 'broken' } } as unknown as WhatsAppMessage);
    const chat = new WaChat(world, '6281234500008@c.us');

    expect((await chat.say('halo')).join('\n')).toMatch(/selamat datang/);
    expect(logs.lines()).toContain('whatsapp: event handler failed');
  });
});

describe('the connection', () => {
  it('reconnects after a disconnect and an auth failure, storing each state in Redis', async () => {
    const world = new FakeWhatsApp();
    const { gateway, logs } = start(world, { backoff: { baseMs: 400, maxMs: 1000 } });
    await waitForState('ready');
    expect(gateway.state()).toBe('ready');

    world.current.emit('disconnected', 'NAVIGATION');
    const afterDisconnect = await watchStates('ready');
    expect(afterDisconnect[0]).toBe('disconnected: connection lost: NAVIGATION');
    expect(afterDisconnect).toContain('ready: connected as *********0000');
    expect(world.clients).toHaveLength(2);
    expect(world.clients[0]!.destroyed).toBe(true);

    world.current.emit('auth_failure', 'restore session failed');
    const afterAuthFailure = await watchStates('ready');
    expect(afterAuthFailure[0]).toBe('disconnected: auth failure: restore session failed');
    expect(world.clients).toHaveLength(3);

    expect(logs.lines().filter((l) => l.startsWith('whatsapp: reconnect attempt 1 in '))).toHaveLength(2);
  });

  it('keeps retrying with growing delays while WhatsApp Web cannot be reached', async () => {
    const world = new FakeWhatsApp();
    world.failInitialize = 2;
    const { logs } = start(world, { backoff: { baseMs: 400, maxMs: 1000 } });

    const states = await watchStates('ready');
    expect(states).toContain('disconnected: initialize failed: net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/');
    expect(world.initializeCalls).toBe(3);
    const reconnects = logs.records.filter((r) => r.msg.startsWith('whatsapp: reconnect attempt'));
    expect(reconnects.map((r) => /attempt (\d+) in ([\d.]+) (ms|s)/.exec(r.msg)?.[1])).toEqual(['1', '2']);
    const delays = reconnects.map((r) => (r as unknown as { delayMs: number }).delayMs);
    expect(delays[0]).toBeGreaterThanOrEqual(320);
    expect(delays[1]).toBeGreaterThan(delays[0]!);
  });

  it('a reply queued while disconnected is sent after the reconnect', async () => {
    const world = new FakeWhatsApp();
    start(world);
    await waitForState('ready');
    const chat = new WaChat(world, '6281234500009@c.us');
    await chat.say('halo');

    world.holdReady = true;
    world.current.emit('disconnected', 'CONFLICT');
    await waitFor(async () => world.clients.length === 2 && (await status())?.state === 'starting', 15_000, 'a new client connecting');

    // The person's "iya" was recorded just before the connection dropped; its reply waits.
    const externalId = `late-${runId}`;
    await t.app.runtime.handleInbound({ channel: 'whatsapp', externalId, address: chat.chatId, kind: 'text', text: 'iya', receivedAt: new Date() });
    const waiting = await waitFor(async () => {
      const row = await db().selectFrom('outbound_messages').select(['id', 'status']).where('address', '=', chat.chatId).where('status', '=', 'queued').executeTakeFirst();
      return row;
    }, 15_000, 'the reply queued');
    const sentBefore = world.sentTo(chat.chatId).length;
    expect(world.sentTo(chat.chatId)).toHaveLength(2);

    world.current.becomeReady();
    await settled(externalId, chat.chatId);
    const row = await db().selectFrom('outbound_messages').select('status').where('id', '=', waiting.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(world.sent.filter((m) => m.chatId === chat.chatId).slice(sentBefore).every((m) => m.by === world.clients[1])).toBe(true);
  });

  it('a reply to a number that is not on WhatsApp ends as a failed outbox row with the reason', async () => {
    const world = new FakeWhatsApp();
    start(world);
    await waitForState('ready');
    world.unregistered.add('6281234500010@c.us');
    world.noLid.add('6281234500011@c.us');

    await new WaChat(world, '6281234500010@c.us').say('halo');
    await new WaChat(world, '6281234500011@c.us').say('halo');

    const rows = await db().selectFrom('outbound_messages').select(['address', 'status', 'status_reason']).where('address', 'in', ['6281234500010@c.us', '6281234500011@c.us']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.status).toBe('failed');
      expect(row.status_reason).toMatch(row.address === '6281234500010@c.us' ? /^unreachable: this number is not on WhatsApp/ : /^unreachable: .*No LID for user/);
    }
    const identity = await db().selectFrom('identities').select('unreachable_at').where('address', '=', '6281234500010@c.us').executeTakeFirstOrThrow();
    expect(identity.unreachable_at).not.toBeNull();
  });

  it('shows a QR code in the terminal and as a PNG, and removes the PNG once linked', async () => {
    const sessionDir = await mkdtemp(join(tmpdir(), 'wirabot-wa-test-'));
    try {
      const world = new FakeWhatsApp();
      world.holdReady = true;
      const { terminal, logs } = start(world, { config: { ...t.config, WHATSAPP_SESSION_DIR: sessionDir } });
      await waitFor(async () => world.clients.length === 1 && world.initializeCalls === 1, 15_000, 'the client initializing');
      world.current.emit('qr', '2@abcdefghijklmnopqrstuvwxyz,0123456789,ABCDEFGHIJ');
      await waitForState('qr', /scan the QR code/);
      const png = join(sessionDir, 'pairing-qr.png');
      await waitFor(async () => logs.lines().includes(`whatsapp: QR code written to ${png}`), 15_000, 'the QR image');
      expect(existsSync(png)).toBe(true);
      expect(terminal.text).toMatch(/[▀▄█]/);
      // Published for the dashboard, which draws it; a refreshed QR replaces it.
      expect((await status())?.qr).toBe('2@abcdefghijklmnopqrstuvwxyz,0123456789,ABCDEFGHIJ');
      world.current.emit('qr', '2@refreshed,0123456789,ABCDEFGHIJ');
      await waitFor(async () => (await status())?.qr === '2@refreshed,0123456789,ABCDEFGHIJ', 15_000, 'the refreshed QR in Redis');

      world.current.becomeReady();
      await waitForState('ready');
      await waitFor(async () => !existsSync(png), 15_000, 'the QR image removed');
      expect((await status())?.qr).toBeUndefined();
    } finally {
      await rm(sessionDir, { recursive: true, force: true });
    }
  });

  it('asks for a pairing code instead of a QR when WHATSAPP_PAIRING_NUMBER is set', async () => {
    const world = new FakeWhatsApp();
    world.holdReady = true;
    const { logs, terminal } = start(world, { config: { ...t.config, WHATSAPP_PAIRING_NUMBER: '+6281100000000' } });
    await waitFor(async () => world.initializeCalls === 1, 15_000, 'the client initializing');
    world.current.emit('qr', 'first-qr');
    world.current.emit('qr', 'refreshed-qr');
    await waitForState('qr', /pairing code/);
    await waitFor(async () => logs.lines().some((l) => l.startsWith('whatsapp: pairing code WIRA-2026')), 15_000, 'the pairing code logged');

    expect(world.pairingRequests).toEqual(['6281100000000']);
    expect(terminal.text).toContain('WhatsApp pairing code: WIRA-2026');
    expect(terminal.text).not.toMatch(/[▀▄█]/);
    // Published for the dashboard; the QR it did not use is not.
    await waitFor(async () => (await status())?.pairingCode === 'WIRA-2026', 15_000, 'the pairing code in Redis');
    expect((await status())?.qr).toBeUndefined();
  });

  it('never writes a full phone number to the log', async () => {
    const world = new FakeWhatsApp();
    world.lidLookupFails = true;
    const { logs } = start(world);
    await waitForState('ready');
    await new WaChat(world, '200000000000004@lid').say('halo');
    // No message id: recording fails, and the failure is logged with the chat masked.
    world.current.emit('message', { from: '6281299990000@c.us', fromMe: false, type: 'chat', body: 'x' } as unknown as WhatsAppMessage);
    await waitFor(async () => logs.lines().includes('whatsapp: could not record an incoming message'), 15_000, 'the failure logged');

    const all = logs.records.map((r) => JSON.stringify(r)).join('\n');
    expect(all).not.toMatch(/6281100000000|200000000000004|6281299990000/);
  });
});

describe('WhatsAppSender', () => {
  const reply: Outbound = { address: '6281234567890@c.us', text: 'Pilih:', choices: ['Ya', 'Tidak'], requestContact: false };

  function fakeClient(overrides: Partial<WhatsAppSendClient> = {}): WhatsAppSendClient & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      async getNumberId(number) {
        calls.push(`check ${number}`);
        return { _serialized: number };
      },
      async sendMessage(chatId, content) {
        calls.push(`send ${chatId} ${JSON.stringify(content)}`);
        return { id: { _serialized: 'true_x_1' } };
      },
      ...overrides,
    };
  }

  it('sends the text with numbered choices and returns the WhatsApp message id', async () => {
    const sender = new WhatsAppSender();
    const client = fakeClient();
    sender.setClient(client);
    expect(await sender.send(reply)).toEqual({ platformMessageId: 'true_x_1' });
    expect(client.calls).toEqual(['check 6281234567890@c.us', 'send 6281234567890@c.us "Pilih:\\n\\n1. Ya\\n2. Tidak"']);
  });

  it('checks a number with WhatsApp once, and never a @lid chat', async () => {
    const sender = new WhatsAppSender();
    const client = fakeClient();
    sender.setClient(client);
    await sender.send(reply);
    await sender.send(reply);
    await sender.send({ ...reply, address: '200000000000005@lid' });
    expect(client.calls.filter((c) => c.startsWith('check'))).toEqual(['check 6281234567890@c.us']);
  });

  it.each<[string, Partial<WhatsAppSendClient> | null, typeof TransientSendError | typeof RecipientUnreachableError, RegExp]>([
    ['not connected', null, TransientSendError, /not connected/],
    ['a number not on WhatsApp', { getNumberId: async () => null }, RecipientUnreachableError, /not on WhatsApp/],
    ['a chat WhatsApp cannot open', { sendMessage: async () => undefined }, RecipientUnreachableError, /no chat/],
    ['"No LID for user"', { sendMessage: async () => Promise.reject(new Error('Evaluation failed: Error: No LID for user\n    at x')) }, RecipientUnreachableError, /^Evaluation failed: Error: No LID for user$/],
    ['the page closing mid-send', { sendMessage: async () => Promise.reject(new Error('Protocol error: Session closed.')) }, TransientSendError, /Session closed/],
    ['the check failing on a closed page', { getNumberId: async () => Promise.reject(new Error('Target closed')) }, TransientSendError, /Target closed/],
  ])('%s is a typed failure, never a success', async (_what, overrides, type, message) => {
    const sender = new WhatsAppSender();
    if (overrides) sender.setClient(fakeClient(overrides));
    const error = await sender.send(reply).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
  });
});

describe('reconnectDelay', () => {
  const backoff = { baseMs: 1000, maxMs: 300_000 };
  it.each<[number, number, number]>([
    [1, 0.5, 1000],
    [2, 0.5, 2000],
    [3, 0.5, 4000],
    [1, 0, 800],
    [1, 1, 1200],
    [9, 0.5, 256_000],
    [10, 0.5, 300_000],
    [10, 1, 300_000],
    [50, 0, 240_000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(reconnectDelay(attempt, backoff, () => random)).toBe(expected);
  });
});
