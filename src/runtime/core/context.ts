import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ChannelName } from '../../engine/core/vocabulary.js';
import type { TurnContext } from '../../engine/unions.js';
import { toPerson, toStaff, type LoadedChat } from './chats.js';
import type { ReferenceCache } from './references.js';

// The facts the engine is given for a turn, built the same way for a person's turn (one
// chat) and for a job's system turns (a batch of chats): the core's, then each capability's
// part, one query per capability for the whole batch.

/** A chat as a capability's loader sees it: the registered person behind it, if any. */
export interface ContextChat {
  readonly identityId: string;
  readonly personId: string | null;
  /** A staff member's chat (what only staff are told, such as ticket notices, need be read only for these). */
  readonly staff: boolean;
}

export type ContextPart = Partial<Omit<TurnContext, keyof CoreFacts>>;
type CoreFacts = Pick<TurnContext, 'now' | 'channel' | 'person' | 'verifiedPhone' | 'sectors' | 'kecamatan' | 'vocabulary' | 'consentVersion' | 'staff'>;

export interface ContextLoader {
  /** Each chat's part, by identity id; a chat left out gets none. */
  load(trx: Kysely<Database>, chats: readonly ContextChat[], now: Date): Promise<ReadonlyMap<string, ContextPart>>;
}

export interface ContextSettings {
  readonly references: ReferenceCache;
  readonly consentVersion: string;
  readonly loaders: readonly ContextLoader[];
}

export async function buildContexts(trx: Kysely<Database>, chats: readonly LoadedChat[], settings: ContextSettings, now: Date): Promise<Map<string, TurnContext>> {
  const references = await settings.references.get(trx);
  const people: ContextChat[] = chats.map((c) => ({ identityId: c.identity_id, personId: c.member_no ? c.person_id : null, staff: c.staff_id !== null }));
  const parts: ReadonlyMap<string, ContextPart>[] = [];
  // One after another: they share the transaction's connection anyway.
  for (const loader of settings.loaders) parts.push(await loader.load(trx, people, now));
  return new Map(
    chats.map((chat) => {
      const core: CoreFacts = {
        now,
        channel: chat.channel as ChannelName,
        person: toPerson(chat),
        verifiedPhone: chat.verified_phone,
        sectors: references.sectors,
        kecamatan: references.kecamatan,
        vocabulary: references.vocabulary,
        consentVersion: settings.consentVersion,
        staff: toStaff(chat),
      };
      const own = parts.map((p) => p.get(chat.identity_id) ?? {});
      return [chat.identity_id, Object.assign({}, core, ...own) as TurnContext];
    }),
  );
}
