import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { eraseCodesOf } from '../../codes/codes.js';
import type { Database } from '../../db/schema.js';
import { chatKey, inboundKey, type IdHasher } from '../core/id-hash.js';
import type { TurnScope } from '../core/handlers.js';

// What `HAPUS DATA` (and a refused consent) scrubs, and where: one list, in order. A
// capability that keeps something of a person adds its own eraser (CapabilityParts.erase),
// which runs at the step "each capability's own"; the chats themselves (identities and
// their conversation state) are deleted once the turn is written (turn.ts, forgetIdentity).
//
// What stays, as anonymous statistics (the texts erase.confirm and signup.consent say the
// same): sector, kecamatan, the year the business started, the month of registration, the
// omzet at sign-up and the numbers of the monthly reports with their growth status, and
// workshop RSVPs, attendance and ratings — under a number that no longer leads to anyone.

/** Who is being erased: a registered person with all their chats, or one chat without a person. */
export interface ErasureSubject {
  readonly personId: string | null;
  readonly memberNo: string | null;
  /** The office's time zone: the month of registration is the month there. */
  readonly timeZone: string;
  readonly identityIds: readonly string[];
  /** Every value that identified them, to scrub from texts that named them. */
  readonly identifying: readonly RegExp[];
}

export interface ErasureStep {
  readonly what: string;
  run(scope: TurnScope, subject: ErasureSubject): Promise<void>;
}

export const ERASURE_STEPS: readonly ErasureStep[] = [
  {
    what: 'messages from their chats: text, /start payload, names of others; old-style platform ids hashed',
    run: ({ trx, hashId }, s) => eraseMessagesFrom(trx, hashId, s.identityIds),
  },
  {
    what: 'messages to them: text, choices, address, platform message id (it holds the number), failure reason',
    run: ({ trx }, s) => eraseMessagesTo(trx, s.identityIds, s.personId),
  },
  {
    what: 'staff-side texts that named them (mentions: /pelatihan hadir, its reply, previews, /rekap; and their member number typed in any message): name, business, member number, number and chat ids scrubbed',
    async run(scope, s) {
      if (!s.personId) return;
      const redacted = scope.renderer.render('id', { key: 'erase.redacted' });
      const { personId, memberNo } = s;
      for (const table of ['inbound_messages', 'outbound_messages'] as const) {
        const rows = await scope.trx
          .selectFrom(table)
          .select(['id', 'text'])
          .where((eb) =>
            eb.or([
              eb(sql<string[]>`mentions`, '@>', sql<string[]>`array[${personId}]::bigint[]`),
              ...(memberNo && table === 'inbound_messages' ? [eb('text', 'ilike', `%${memberNo}%`)] : []),
            ]),
          )
          .execute();
        for (const row of rows) {
          await scope.trx
            .updateTable(table)
            .set({ text: row.text === null ? null : scrub(row.text, s.identifying, redacted), mentions: sql`array_remove(mentions, ${s.personId}::bigint)` })
            .where('id', '=', row.id)
            .execute();
        }
      }
    },
  },
  {
    what: 'audit entries that name them (always by id): the id removed, and the values of staff edits and merges (before and after) with it',
    async run({ trx }, s) {
      if (!s.personId) return;
      await sql`
        update audit_log set details = (details - 'personId' - 'otherPersonId' - 'memberNo' - 'otherMemberNo' - 'before' - 'changes') || '{"personErased": true}'::jsonb
         where details->>'personId' = ${s.personId} or details->>'otherPersonId' = ${s.personId}`.execute(trx);
    },
  },
  {
    what: 'one-time codes issued to them or naming their chats (`hubungkan`), and wrong codes counted against them or typed in their chats (the key holds the chat id)',
    async run({ trx }, s) {
      const chats = s.identityIds.length > 0 ? await trx.selectFrom('identities').select(['channel', 'address']).where('id', 'in', s.identityIds).execute() : [];
      await eraseCodesOf(trx, { personId: s.personId, identityIds: s.identityIds, senders: chats.map((c) => `${c.channel}:${c.address}`) });
    },
  },
  {
    what: "each capability's own (check-in free texts, workshop seats and comments …)",
    async run(scope, s) {
      // Also for a chat that never registered (its question to staff, say).
      for (const erase of scope.erasers) await erase(scope, s.personId);
    },
  },
  {
    what: 'the person (and the records merged into theirs): name, business, phone, member number and consents gone; registration kept only as its month',
    async run({ trx, now }, s) {
      if (!s.personId) return;
      await trx
        .updateTable('people')
        .set({
          member_no: null,
          full_name: null,
          business_name: null,
          business_activity: null,
          phone_e164: null,
          phone_verified: false,
          registered_at: sql`date_trunc('month', registered_at, ${s.timeZone})`,
          // The day alone, so the day's count of invitations (IMPORT_INVITES_PER_DAY) stays right.
          invited_at: sql`date_trunc('day', invited_at, ${s.timeZone})`,
          erased_at: now,
          opted_out_at: now,
          updated_at: now,
        })
        .where((eb) => eb.or([eb('id', '=', s.personId!), eb('merged_into', '=', s.personId!)]))
        .execute();
      await trx.deleteFrom('consents').where('person_id', '=', s.personId).execute();
    },
  },
];

export async function eraseMessagesFrom(trx: Kysely<Database>, hashId: IdHasher, identityIds: readonly string[]): Promise<void> {
  if (identityIds.length === 0) return;
  await trx.updateTable('inbound_messages').set({ text: null, start_payload: null, mentions: null }).where('identity_id', 'in', identityIds).execute();
  await hashLegacyExternalIds(trx, hashId, identityIds);
}

export async function eraseMessagesTo(trx: Kysely<Database>, identityIds: readonly string[], personId: string | null): Promise<void> {
  const clear = { text: null, address: null, choices: '[]', footer: null, platform_message_id: null, status_reason: null, mentions: null } as const;
  // Replies not sent yet (the "are you sure?" typed a moment before "ya") still go out, then
  // are forgotten as they are sent (outbox/deliver.ts); everything else loses its text now.
  const unsentReply = (eb: ExpressionBuilder<Database, 'outbound_messages'>) => eb.and([eb('path', '=', 'reply'), eb('status', 'in', ['pending', 'queued'])]);
  if (identityIds.length > 0) {
    await trx.updateTable('outbound_messages').set(clear).where('identity_id', 'in', identityIds).where((eb) => eb.not(unsentReply(eb))).execute();
    await trx.updateTable('outbound_messages').set({ forget_after_send: true }).where('identity_id', 'in', identityIds).where(unsentReply).execute();
  }
  if (personId) await trx.updateTable('outbound_messages').set(clear).where('person_id', '=', personId).where((eb) => eb.not(unsentReply(eb))).execute();
}

/** The person being erased (or this chat alone), with everything that identified them. */
export async function erasureSubject(scope: TurnScope, timeZone: string): Promise<ErasureSubject> {
  if (!scope.personId) return { personId: null, memberNo: null, timeZone, identityIds: [scope.identity.id], identifying: [] };
  const person = await scope.trx.selectFrom('people').select(['full_name', 'business_name', 'member_no', 'phone_e164', 'phone_verified']).where('id', '=', scope.personId).executeTakeFirst();
  // Their chats: those linked to them, and any chat the platform vouches is their number —
  // only when a channel vouched for the number of the registration too: a number merely typed
  // there may be anybody's, and its owner's chat is not theirs to erase (core/links.ts).
  const phone = person?.phone_verified ? person.phone_e164 : null;
  const chats = await scope.trx
    .selectFrom('identities')
    .select(['id', 'address', 'verified_phone', 'display_name'])
    .where((eb) => eb.or([eb('person_id', '=', scope.personId), ...(phone ? [eb.and([eb('verified_phone', '=', phone), eb('person_id', 'is', null)])] : [])]))
    .execute();
  const identityIds = [...new Set([scope.identity.id, ...chats.map((c) => c.id)])];
  const words = [person?.full_name, person?.business_name, person?.member_no, ...chats.map((c) => c.display_name)].filter((w): w is string => !!w && w.trim().length >= 3);
  const phones = [person?.phone_e164, ...chats.map((c) => c.verified_phone)].filter((p): p is string => !!p);
  const chatIds = chats.map((c) => /^-?\d{5,}$/u.exec(c.address)?.[0]).filter((a): a is string => !!a);
  return {
    personId: scope.personId,
    memberNo: person?.member_no ?? null,
    timeZone,
    identityIds,
    identifying: [...phones.map(phonePattern), ...chatIds.map((id) => new RegExp(`(?<!\\d)${id}(?!\\d)`, 'gu')), ...words.map(wordPattern)],
  };
}

/** Runs every step in order, in the turn's transaction. */
export async function eraseSubject(scope: TurnScope, subject: ErasureSubject): Promise<void> {
  for (const step of ERASURE_STEPS) await step.run(scope, subject);
  scope.forgetIdentity = true;
  scope.forgetChats.push(...subject.identityIds);
}

/** A refused consent: only a keyed hash of the chat and the day stay, so the refusal can be shown. */
export async function recordRefusal(scope: TurnScope): Promise<void> {
  await scope.trx
    .insertInto('consent_refusals')
    .values({ chat_key: chatKey(scope.hashId, scope.identity.channel, scope.identity.address), channel: scope.identity.channel, refused_on: scope.now.toISOString().slice(0, 10) })
    .onConflict((oc) => oc.column('chat_key').doUpdateSet({ refused_on: scope.now.toISOString().slice(0, 10) }))
    .execute();
}

export function scrub(textValue: string, patterns: readonly RegExp[], redacted: string): string {
  return patterns.reduce((t, p) => t.replace(p, redacted), textValue);
}

/** `+6281255556666` in every way it is written: 0812…, 62812…, +62 812-5555-6666, (0812) 5555 6666, 812…. */
export function phonePattern(e164: string): RegExp {
  const national = e164.replace(/^\+?62/u, '').replace(/\D/gu, '');
  const digits = [...national].join('[\\s().-]{0,2}');
  return new RegExp(`(?<!\\d)(?:(?:\\+\\s?)?62[\\s().-]{0,2}|\\(?0)?${digits}(?!\\d)`, 'gu');
}

function wordPattern(value: string): RegExp {
  const escaped = value.trim().replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/\s+/gu, '\\s+');
  return new RegExp(escaped, 'giu');
}

/** Inbound ids written before they were hashed (migration 0013) are hashed now. */
async function hashLegacyExternalIds(trx: Kysely<Database>, hashId: IdHasher, identityIds: readonly string[]): Promise<void> {
  const legacy = await trx
    .selectFrom('inbound_messages')
    .select(['id', 'channel', 'external_id'])
    .where('identity_id', 'in', identityIds)
    .where('external_id', 'not like', 'k1:%')
    .execute();
  for (const row of legacy) {
    const key = inboundKey(hashId, row.channel, row.external_id);
    // The same message recorded again since under its hash (a redelivery): the old row needs no key of its own.
    const taken = await trx.selectFrom('inbound_messages').select('id').where('channel', '=', row.channel).where('external_id', '=', key).executeTakeFirst();
    await trx.updateTable('inbound_messages').set({ external_id: taken ? `k1:dup-${row.id}` : key }).where('id', '=', row.id).execute();
  }
}
