import { sql, type Kysely } from 'kysely';
import type { App } from '../../src/app.js';
import { RecipientUnreachableError, TransientSendError, type ChannelName, type Outbound, type SendResult } from '../../src/channels/types.js';
import type { Database, GrowthStatus } from '../../src/db/schema.js';
import { sendQueueName } from '../../src/outbox/queue.js';
import { waitFor } from '../support/app.js';
import { RecordingSender } from '../support/chat.js';

// A prepared population written with SQL, and people chatting on any channel through the
// real runtime, their replies recorded per channel.

export interface ChatSpec {
  readonly channel: ChannelName;
  readonly address: string;
  readonly verifiedPhone?: string;
  readonly unreachable?: boolean;
  readonly lastSeen?: Date;
}

export interface PersonSpec {
  readonly name: string;
  readonly business?: string;
  readonly kecamatan?: number;
  readonly sector?: number;
  readonly status?: GrowthStatus | null;
  readonly phone?: string | null;
  readonly optedOut?: boolean;
  readonly erased?: boolean;
  readonly chats: readonly ChatSpec[];
}

let memberSeq = 0;

/** Inserts registered people and their chats; returns each person's id by name. */
export async function insertPeople(db: Kysely<Database>, people: readonly PersonSpec[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const p of people) {
    const row = await db
      .insertInto('people')
      .values({
        member_no: p.erased ? null : `BJM-${String(900_000 + ++memberSeq)}`,
        full_name: p.erased ? null : p.name,
        business_name: p.erased ? null : (p.business ?? `Usaha ${p.name}`),
        phone_e164: p.erased ? null : (p.phone ?? null),
        kecamatan_id: p.kecamatan ?? 5,
        sector_id: p.sector ?? 1,
        growth_status: p.status === undefined ? 'stagnan' : p.status,
        opted_out_at: p.optedOut || p.erased ? new Date() : null,
        erased_at: p.erased ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(p.name, row.id);
    if (!p.erased) {
      await db.insertInto('consents').values({ person_id: row.id, purpose: 'registration', text_version: 'consent-test', lang: 'id', granted: true, channel: 'console', decided_at: new Date() }).execute();
    }
    for (const c of p.chats) {
      await db
        .insertInto('identities')
        .values({
          channel: c.channel,
          address: c.address,
          person_id: row.id,
          verified_phone: c.verifiedPhone ?? null,
          unreachable_at: c.unreachable ? new Date() : null,
          last_seen_at: c.lastSeen ?? new Date(),
        })
        .execute();
    }
  }
  return ids;
}

/** `count` registered people in Banjarmasin Utara, stagnant, each with one Telegram chat. */
export async function insertTelegramCrowd(db: Kysely<Database>, count: number, firstChatId: number, label = 'Crowd'): Promise<void> {
  await sql`
    with person as (
      insert into people (member_no, full_name, business_name, sector_id, kecamatan_id, growth_status)
      select 'C' || ${label} || '-' || g, ${label} || ' ' || g, 'Warung ' || ${label} || ' ' || g, 1, 5, 'stagnan'
        from generate_series(1, ${count}) g
      returning id, full_name
    ), consent as (
      insert into consents (person_id, purpose, text_version, lang, granted, channel, decided_at)
      select id, 'registration', 'consent-test', 'id', true, 'telegram', now() from person
    )
    insert into identities (channel, address, person_id)
    select 'telegram', (${firstChatId}::bigint + split_part(full_name, ' ', 2)::bigint)::text, id from person`.execute(db);
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

/** People on every channel, each reply recorded by the channel's own recording sender. */
export class Chats {
  readonly senders = { console: new ScriptedSender('console'), telegram: new ScriptedSender('telegram'), whatsapp: new ScriptedSender('whatsapp') };
  private readonly consoles = new Set<string>();
  private seq = 0;
  private readonly runId = Math.random().toString(36).slice(2, 8);

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

  /** Sends one message and waits until it is handled and every message to the chat is out. */
  async say(channel: ChannelName, address: string, text: string, verifiedPhone?: string): Promise<string[]> {
    if (channel === 'console' && !this.consoles.has(address)) {
      this.consoles.add(address);
      this.app.startSender(sendQueueName('console', 'reply', address), this.senders.console);
    }
    const sender = this.senders[channel];
    const before = sender.to(address).length;
    const externalId = `${this.runId}-${++this.seq}`;
    await this.app.runtime.handleInbound({ channel, externalId, address, kind: 'text', text, ...(verifiedPhone ? { verifiedPhone } : {}), receivedAt: new Date() });
    const { db } = this.app.database;
    await waitFor(async () => {
      const inbound = await db.selectFrom('inbound_messages').select('handled_at').where('channel', '=', channel).where('external_id', '=', externalId).executeTakeFirst();
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
    }, 20_000, `replies to "${text.slice(0, 30)}" on ${channel}`);
    return sender.to(address).slice(before).map((m) => m.text);
  }

  seen(channel: ChannelName, address: string): string[] {
    return this.senders[channel].to(address).map((m) => m.text);
  }
}
