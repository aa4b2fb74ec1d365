import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WorkshopRow } from '../../db/workshop-schema.js';
import type { Lang, OutgoingMessage } from '../../engine/core/vocabulary.js';
import type { Renderer } from '../../i18n.js';
import type { DedupeKey } from '../../outbox/dedupe-key.js';
import { insertBulk, type BulkMessage } from '../../outbox/write.js';
import { BULK_PRIORITY, type QueueableRow } from '../../outbox/queue.js';
import { chatLanguage, mayReceive, reachingChat } from '../core/recipients.js';

// Telling people about their seat when they did not just ask: moved up from the waiting
// list, the time or place changed, the workshop cancelled, the seats full (to staff).
// Written in the caller's transaction with a dedupe key, so what is said always matches
// what was stored and a retried change says nothing twice; queued after commit.

export interface NoticeDeps {
  readonly renderer: Renderer;
  readonly facts: Readonly<Record<string, string>>;
}

export interface PersonChat {
  readonly personId: string;
  readonly name: string;
  readonly identityId: string;
  readonly channel: string;
  readonly address: string;
  readonly lang: Lang;
}

/**
 * The chat each person is reached on: the one they answered the workshop from while it can
 * be reached, else the one they used last. People who may not be messaged (recipients.ts)
 * are left out.
 */
export async function chatsOf(db: Kysely<Database>, workshopId: string, personIds: readonly string[]): Promise<PersonChat[]> {
  if (personIds.length === 0) return [];
  const { rows } = await sql<{ person_id: string; full_name: string | null; identity_id: string; channel: string; address: string; lang: string | null }>`
    select p.id as person_id, p.full_name, c.identity_id, c.channel, c.address, ${chatLanguage('cv', 'p')} as lang
      from people p
      left join workshop_rsvps r on r.workshop_id = ${workshopId} and r.person_id = p.id
      join lateral ${reachingChat(sql`p.id`, sql`r.identity_id`)} c on true
      left join conversations cv on cv.identity_id = c.identity_id
     where p.id = any(${[...personIds]}::bigint[]) and ${mayReceive('p')}
     order by p.id`.execute(db);
  return rows.map((r) => ({
    personId: r.person_id,
    name: r.full_name ?? '',
    identityId: r.identity_id,
    channel: r.channel,
    address: r.address,
    lang: r.lang === 'en' ? 'en' : 'id',
  }));
}

/** Writes one message per person (to be queued after commit); returns the rows inserted. */
export async function notifyPeople(
  db: Kysely<Database>,
  deps: NoticeDeps,
  workshop: WorkshopRow,
  personIds: readonly string[],
  message: (chat: PersonChat) => OutgoingMessage,
  key: (chat: PersonChat) => DedupeKey,
): Promise<QueueableRow[]> {
  const chats = await chatsOf(db, workshop.id, personIds);
  const messages: BulkMessage[] = chats.map((chat) => {
    const rendered = deps.renderer.renderMessage(chat.lang, message(chat), deps.facts);
    return {
      identityId: chat.identityId,
      personId: chat.personId,
      channel: chat.channel,
      address: chat.address,
      text: rendered.text,
      choices: rendered.choices,
      ...key(chat),
      // About the person's own seat: ahead of announcements, like a reminder.
      priority: BULK_PRIORITY.reminder,
      // Nothing said about a seat is of use once the workshop has begun.
      expiresAt: workshop.starts_at,
    };
  });
  return insertBulk(db, messages);
}

/** A message to the staff chat a workshop was created from, once per dedupe key. */
export async function notifyCreator(db: Kysely<Database>, deps: NoticeDeps, workshop: WorkshopRow, message: OutgoingMessage, key: DedupeKey): Promise<QueueableRow[]> {
  if (!workshop.notify_identity_id) return [];
  const chat = await db
    .selectFrom('identities as i')
    .leftJoin('conversations as c', 'c.identity_id', 'i.id')
    .select(['i.id', 'i.channel', 'i.address', sql<string | null>`c.state->>'lang'`.as('lang')])
    .where('i.id', '=', workshop.notify_identity_id)
    .executeTakeFirst();
  if (!chat) return [];
  const rendered = deps.renderer.renderMessage(chat.lang === 'en' ? 'en' : 'id', message, deps.facts);
  return insertBulk(db, [
    { identityId: chat.id, personId: null, channel: chat.channel, address: chat.address, text: rendered.text, choices: rendered.choices, ...key, priority: BULK_PRIORITY.reminder },
  ]);
}
