import { sql, type Kysely } from 'kysely';
import type { ChannelName } from '../../channels/types.js';
import type { Database } from '../../db/schema.js';
import type { WorkshopRow } from '../../db/workshop-schema.js';
import type { Lang } from '../../engine/core/vocabulary.js';
import { invitationMessage } from '../../engine/workshop/messages.js';
import type { Renderer } from '../../i18n.js';
import { workshopTopic } from './keys.js';
import { toDetails } from './report.js';

// A workshop changed (time, place, seats) while its invitations were still waiting in the
// bulk queue: the ones not sent yet are written again with the new details, in the change's
// transaction, so nobody is invited to the old place. A row the sender has already picked up
// may still go out as it was (it is in flight); everything after it says the new details.

export interface RefreshDeps {
  readonly renderer: Renderer;
  readonly facts: Readonly<Record<string, string>>;
  readonly timeZone: string;
  readonly telegramBot: string | null;
}

interface WaitingInvitation {
  id: string;
  channel: ChannelName;
  full_name: string | null;
  lang: string | null;
  with_choice: boolean;
}

/** Rewrites the unsent invitations of this workshop; returns how many people they are for. */
export async function refreshWaitingInvitations(trx: Kysely<Database>, deps: RefreshDeps, workshop: WorkshopRow): Promise<number> {
  // The first message of each invitation turn is the invitation (`…:<identity>`); a question
  // asked again after it (`…:<identity>-1`) does not name the workshop.
  const { rows } = await sql<WaitingInvitation>`
    select o.id, o.channel, p.full_name, c.state->>'lang' as lang, jsonb_array_length(o.choices) > 0 as with_choice
      from outbound_messages o
      join people p on p.id = o.person_id
      left join conversations c on c.identity_id = o.identity_id
     where o.workshop_id = ${workshop.id}
       and o.topic = ${workshopTopic('invite')}
       and o.status in ('pending', 'queued')
       and o.text is not null
       and o.dedupe_key !~ '-[0-9]+$'
     order by o.id
       for update of o`.execute(trx);
  const details = toDetails(workshop);
  for (const row of rows) {
    const lang: Lang = row.lang === 'en' ? 'en' : 'id';
    const message = invitationMessage(details, { name: row.full_name ?? '', channel: row.channel, telegramBot: deps.telegramBot, timeZone: deps.timeZone, withChoice: row.with_choice });
    const rendered = deps.renderer.renderMessage(lang, message, deps.facts);
    await trx
      .updateTable('outbound_messages')
      .set({ text: rendered.text, choices: JSON.stringify(rendered.choices) })
      .where('id', '=', row.id)
      .where('status', 'in', ['pending', 'queued'])
      .execute();
  }
  return rows.length;
}
