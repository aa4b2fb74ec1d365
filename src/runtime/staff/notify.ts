import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Lang, OutgoingMessage } from '../../engine/core/vocabulary.js';
import type { Renderer } from '../../i18n.js';
import type { QueueRegistry } from '../../jobs/queues.js';
import type { DedupeKey } from '../../outbox/dedupe-key.js';
import { insertBulk } from '../../outbox/write.js';
import { BULK_PRIORITY, queueRows } from '../../outbox/queue.js';

// Messages to staff that nobody just asked for (an alert). They go on the bulk path with a
// dedupe key, so a check that runs twice tells them once.

export interface NotifyDeps {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly renderer: Renderer;
}

export interface StaffTelegramChat {
  readonly staffId: string;
  readonly identityId: string;
  readonly address: string;
  readonly lang: Lang;
}

/**
 * The Telegram chats of active staff. A staff member added by user id who has not written
 * yet gets a chat row now; Telegram delivers once they have pressed Start.
 */
export async function staffTelegramChats(db: Kysely<Database>): Promise<StaffTelegramChat[]> {
  const result = await sql<{ staff_id: string; identity_id: string; address: string; lang: string | null }>`
    with chat as (
      insert into identities (channel, address)
      select 'telegram', telegram_user_id from staff where removed_at is null and telegram_user_id is not null
      on conflict on constraint identities_channel_address_key do update set channel = excluded.channel
      returning id, address
    )
    select s.id as staff_id, chat.id as identity_id, chat.address, c.state->>'lang' as lang
      from staff s
      join chat on chat.address = s.telegram_user_id
      left join conversations c on c.identity_id = chat.id
     where s.removed_at is null
     order by s.id`.execute(db);
  return result.rows.map((r) => ({ staffId: r.staff_id, identityId: r.identity_id, address: r.address, lang: r.lang === 'en' ? 'en' : 'id' }));
}

export async function notifyChat(
  deps: NotifyDeps,
  chat: { readonly identityId: string; readonly channel: string; readonly address: string; readonly lang: Lang },
  message: OutgoingMessage,
  key: DedupeKey,
  facts: Readonly<Record<string, string>> = {},
): Promise<boolean> {
  const rendered = deps.renderer.renderMessage(chat.lang, message, facts);
  const rows = await insertBulk(deps.db, [
    {
      identityId: chat.identityId,
      personId: null,
      channel: chat.channel,
      address: chat.address,
      text: rendered.text,
      choices: rendered.choices,
      ...key,
      // An alert must not wait behind an announcement draining on the same channel.
      priority: BULK_PRIORITY.reminder,
    },
  ]);
  await queueRows(deps.db, deps.queues, rows);
  return rows.length > 0;
}
