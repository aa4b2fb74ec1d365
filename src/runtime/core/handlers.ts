import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CoreEvent, Lang, OutgoingMessage } from '../../engine/core/vocabulary.js';
import type { EngineEvent } from '../../engine/unions.js';
import type { Renderer } from '../../i18n.js';
import type { QueueableRow } from '../../outbox/queue.js';
import type { DirectReply } from '../../outbox/direct.js';
import { ORDER_HOLD_LIMIT_MS, SEND_LEASE_MS } from '../../outbox/deliver.js';
import type { IdHasher } from './id-hash.js';
import type { ReferenceLists } from './references.js';
import { recordMiss } from './misses.js';

// One handler per event type: each turns an engine event into rows, inside the turn's
// transaction. Nothing here sends anything; sending happens after commit. The core handles
// its own events; every other handler is a capability's (src/capabilities.ts checks that
// each event has one).

export interface TurnScope {
  readonly trx: Kysely<Database>;
  readonly renderer: Renderer;
  readonly identity: { readonly id: string; readonly channel: string; readonly address: string };
  personId: string | null;
  readonly inboundId: string | null;
  readonly memberPrefix: string;
  readonly now: Date;
  lang: Lang;
  /** Values every template may use: office details, and facts made during this turn. */
  readonly facts: Record<string, string>;
  /** Messages said this turn, in order; written to the outbox at the end of the turn. */
  readonly messages: { readonly message: OutgoingMessage; readonly lang: Lang }[];
  /** Set when the person erased their data: this chat (and theirs) is forgotten once the turn is written. */
  forgetIdentity: boolean;
  /** Other chats to forget with it (an unlinked chat of the erased person's verified number). */
  readonly forgetChats: string[];
  /** This turn's sectors and kecamatan (segments are described with them). */
  readonly references: ReferenceLists;
  /** Work that may only start once the turn is committed (a fan-out job, notices to queue). */
  readonly afterCommit: (() => Promise<void>)[];
  /** `HAPUS DATA`: every capability's eraser, run in this transaction. */
  readonly erasers: readonly Eraser[];
  /** People this turn's message and replies name besides the chat's own person (see `mention`). */
  readonly mentions: Set<string>;
  /** Keyed hashes of platform ids and addresses (ID_HASH_KEY). */
  readonly hashId: IdHasher;
}

/** `HAPUS DATA`: `personId` is null for a chat that never registered (what it wrote may still be kept, as in a question to staff). */
export type Eraser = (scope: TurnScope, personId: string | null) => Promise<void>;

export type HandlersFor<E extends { readonly type: string }> = { [T in E['type']]: (scope: TurnScope, event: Extract<E, { type: T }>) => Promise<void> };

export type Handler = (scope: TurnScope, event: EngineEvent) => Promise<void>;
export type HandlerMap = ReadonlyMap<string, Handler>;

/** Says a message in this turn, in the language in force at this point. */
export function say(scope: TurnScope, message: OutgoingMessage): void {
  scope.messages.push({ message, lang: scope.lang });
}

/**
 * This turn names these people to someone else (a staff member typed their member number,
 * a reply, preview or report shows their name): the turn's message and replies are marked,
 * so erasing one of them scrubs exactly these texts. Name people to staff only this way.
 */
export function mention(scope: TurnScope, personIds: Iterable<string>): void {
  for (const id of personIds) if (id !== scope.personId) scope.mentions.add(String(id));
}

export interface RegistrationConsent {
  readonly version: string;
  readonly decidedAt: string;
  readonly lang: Lang;
}

/** The consent row a person's agreement to be registered becomes, but for whose it is (sign-up and linking an imported record). */
export function registrationConsent(scope: TurnScope, consent: RegistrationConsent): Omit<Insertable<Database['consents']>, 'person_id'> {
  return {
    purpose: 'registration',
    text_version: consent.version,
    lang: consent.lang,
    granted: true,
    channel: scope.identity.channel,
    decided_at: consent.decidedAt,
  };
}

/** Records the consent a person gave to be registered. */
export async function recordRegistrationConsent(scope: TurnScope, personId: string, consent: RegistrationConsent): Promise<void> {
  await scope.trx
    .insertInto('consents')
    .values({ person_id: personId, ...registrationConsent(scope, consent) })
    .execute();
}

/** Runs once the turn has committed. */
export function later(scope: TurnScope, work: () => Promise<void>): void {
  scope.afterCommit.push(work);
}

/** How a staff member acted: in chat, on this channel. */
export function actorOf(scope: TurnScope): string {
  return `chat:${scope.identity.channel}`;
}

const coreHandlers: HandlersFor<CoreEvent> = {
  async message_created(scope, event) {
    // Rendered when the turn is written, so facts made later in the turn (a new member
    // number) can appear in it; the language is the one in force at this point.
    say(scope, event);
  },

  async answer_missed(scope, event) {
    await recordMiss(scope.trx, event.question, event.text, scope.now);
  },

  async language_changed(scope, event) {
    scope.lang = event.lang;
    if (scope.personId) await scope.trx.updateTable('people').set({ lang: event.lang }).where('id', '=', scope.personId).execute();
  },
};

/** The core's handlers and every capability's, by event type; an event handled twice is a mistake. */
export function composeHandlers(maps: readonly object[]): HandlerMap {
  const handlers = new Map<string, Handler>();
  for (const map of [coreHandlers, ...maps]) {
    for (const [type, handler] of Object.entries(map)) {
      if (handlers.has(type)) throw new Error(`event "${type}" has two handlers`);
      handlers.set(type, handler as Handler);
    }
  }
  return handlers;
}

export function applyEvent(handlers: HandlerMap, scope: TurnScope, event: EngineEvent): Promise<void> {
  const handler = handlers.get(event.type);
  if (!handler) throw new Error(`no handler for the event "${event.type}"`);
  return handler(scope, event);
}

/** Runs after the turn's rows are written: the chat and its conversation state are deleted. */
export async function forgetIdentities(scope: TurnScope): Promise<void> {
  const ids = [scope.identity.id, ...scope.forgetChats];
  if (scope.personId) await scope.trx.deleteFrom('identities').where((eb) => eb.or([eb('person_id', '=', scope.personId), eb('id', 'in', ids)])).execute();
  else await scope.trx.deleteFrom('identities').where('id', 'in', ids).execute();
}

/** Writes the turn's messages to the outbox in one statement; returns them in order. */
export function writeReplies(scope: TurnScope): Promise<QueueableRow[]> {
  return writeRepliesOf(scope.trx, [scope]);
}

/**
 * Writes the messages of several turns of one transaction (a batch) in one statement;
 * returns them in id order, which within each chat is the order they were said.
 *
 * Replies on a channel this process sends itself (`sendsHere`), unless they name other people,
 * are written held for it (outbox/direct.ts) and come back with what sending needs, and with the latest earlier
 * reply to the chat still unsent at this moment.
 */
export async function writeRepliesOf(trx: Kysely<Database>, scopes: readonly TurnScope[], sendsHere?: (channel: string) => boolean): Promise<QueueableRow[]> {
  const rows = scopes.flatMap((scope) => {
    const mentions = scope.mentions.size > 0 ? `{${[...scope.mentions].join(',')}}` : null;
    // A reply naming other people goes by a send job, which reads its text at send time: if
    // one of them erases their data meanwhile, the scrubbed text is what goes. (Sent from
    // here, it would be the text in memory.) Only staff replies name others, and few do.
    const held = mentions === null && sendsHere?.(scope.identity.channel) === true;
    return scope.messages.map(({ message, lang }) => ({ scope, held, mentions, rendered: scope.renderer.renderMessage(lang, message, scope.facts), requestContact: message.requestContact === true }));
  });
  if (rows.length === 0) return [];
  const column = <T>(f: (row: (typeof rows)[number]) => T): T[] => rows.map(f);
  // One array per column (the statement stays the same whatever the number of rows), in the
  // order said: ids are drawn in that order. A held row's subquery sees the table as it was
  // before this statement, so the batch's own replies are never "earlier".
  const { rows: written } = await sql<{ id: string; earlier_unsent: string | null }>`
    insert into outbound_messages (identity_id, person_id, channel, address, text, choices, footer, request_contact, path, inbound_id, forget_after_send, mentions, sending_until, queued_at)
    select v.identity_id, v.person_id, v.channel, v.address, v.text, v.choices::jsonb, v.footer, v.request_contact, 'reply', v.inbound_id, v.forget_after_send, v.mentions::bigint[],
           case when v.held then now() + ${SEND_LEASE_MS} * interval '1 millisecond' end, case when v.held then v.queued_at end
      from unnest(${column((r) => r.scope.identity.id)}::bigint[], ${column((r) => r.scope.personId)}::bigint[], ${column((r) => r.scope.identity.channel)}::text[],
                  ${column((r) => r.scope.identity.address)}::text[], ${column((r) => r.rendered.text)}::text[], ${column((r) => JSON.stringify(r.rendered.choices))}::text[],
                  ${column((r) => r.rendered.footer)}::text[], ${column((r) => r.requestContact)}::boolean[], ${column((r) => r.scope.inboundId)}::bigint[],
                  ${column((r) => r.scope.forgetIdentity)}::boolean[], ${column((r) => r.mentions)}::text[], ${column((r) => r.held)}::boolean[], ${column((r) => r.scope.now.toISOString())}::timestamptz[])
           with ordinality as v(identity_id, person_id, channel, address, text, choices, footer, request_contact, inbound_id, forget_after_send, mentions, held, queued_at, ord)
     order by v.ord
    returning id, case when sending_until is not null then
      (select max(e.id) from outbound_messages e
        where e.identity_id = outbound_messages.identity_id and e.path = 'reply' and e.status in ('pending', 'queued')
          and e.created_at > now() - ${ORDER_HOLD_LIMIT_MS} * interval '1 millisecond') end as earlier_unsent`.execute(trx);
  const ids = written.sort((a, b) => Number(a.id) - Number(b.id));
  return rows.map(({ scope, held, rendered, requestContact }, i): QueueableRow | DirectReply => {
    const row = { id: String(ids[i]!.id), channel: scope.identity.channel, address: scope.identity.address, path: 'reply' as const, priority: 0 };
    if (!held) return row;
    const earlier = ids[i]!.earlier_unsent;
    return { ...row, identity_id: scope.identity.id, text: rendered.text, choices: rendered.choices, footer: rendered.footer, request_contact: requestContact, earlier_unsent: earlier === null ? null : String(earlier) };
  });
}
