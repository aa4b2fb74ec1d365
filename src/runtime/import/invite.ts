import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { text } from '../../engine/core/text.js';
import { dedupeKey } from '../../outbox/dedupe-key.js';
import { BULK_PRIORITY, type QueueableRow } from '../../outbox/queue.js';
import { insertBulk, type BulkMessage } from '../../outbox/write.js';
import { queueAfterCommit } from '../core/after-commit.js';
import type { Services } from '../core/capability.js';
import { chatKey, idHasher } from '../core/id-hash.js';

// The invitation to people imported from the office's register (issue 13): one WhatsApp
// message to the number on record, asking them to reply and agree. It goes on the bulk path
// (paced like an announcement), never twice to anyone, never to someone erased, stopped
// (BERHENTI) or already on Wirabot, and at most IMPORT_INVITES_PER_DAY in a day (in TZ):
// WhatsApp bans numbers that message many strangers. Used by `import invite` and the Impor page.

export type InviteDeps = Pick<Services, 'db' | 'queues' | 'renderer' | 'config' | 'facts' | 'log'>;

export interface InvitePlan {
  readonly perDay: number;
  readonly sentToday: number;
  readonly remainingToday: number;
  /** Imported people who may still be invited. */
  readonly waiting: number;
  /** Days, today included, until every one waiting has had their invitation at the daily limit. */
  readonly days: number;
  /** About how long one day's invitations take to go out at WhatsApp's bulk pace. */
  readonly minutesPerDay: number;
}

export interface InviteResult {
  readonly plan: InvitePlan;
  /** Invited now (or, in a dry run, who would be). */
  readonly invited: number;
}

const LOCK = 'wirabot:import-invite';

/** Who may be invited: imported, not yet agreed, never invited, not erased or stopped, not already someone on Wirabot. */
const ELIGIBLE = sql`
  p.imported_at is not null and p.consent_pending and p.invited_at is null and p.member_no is null
  and p.erased_at is null and p.opted_out_at is null and p.phone_e164 is not null
  and not exists (select 1 from identities i where i.person_id = p.id)
  and not exists (select 1 from people q where q.phone_e164 = p.phone_e164 and q.id <> p.id and q.member_no is not null and q.erased_at is null)
  and not exists (select 1 from identities i where i.person_id is not null
                    and (i.verified_phone = p.phone_e164 or (i.channel = 'whatsapp' and i.address = substr(p.phone_e164, 2) || '@c.us')))`;

/** The chat the invitation goes to: the number on record, as WhatsApp addresses it. */
export const whatsappAddress = (e164: string): string => `${e164.replace(/^\+/u, '')}@c.us`;

interface Candidate {
  id: string;
  full_name: string | null;
  phone_e164: string;
}

async function sentToday(db: Kysely<Database>, timeZone: string, now: Date): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from people
     where invited_at >= (date_trunc('day', ${now}::timestamptz at time zone ${timeZone}) at time zone ${timeZone})`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Everyone who may be invited, in import order, without the chats that already refused consent. */
async function candidates(db: Kysely<Database>, hashKey: string): Promise<Candidate[]> {
  const { rows } = await sql<Candidate>`select p.id, p.full_name, p.phone_e164 from people p where ${ELIGIBLE} order by p.id`.execute(db);
  const hash = idHasher(hashKey);
  const keys = new Map(rows.map((r) => [chatKey(hash, 'whatsapp', whatsappAddress(r.phone_e164)), r.id]));
  const refused = new Set<string>();
  const all = [...keys.keys()];
  for (let i = 0; i < all.length; i += 5000) {
    const found = await db.selectFrom('consent_refusals').select('chat_key').where('chat_key', 'in', all.slice(i, i + 5000)).execute();
    for (const f of found) refused.add(keys.get(f.chat_key)!);
  }
  return rows.filter((r) => !refused.has(r.id));
}

function planOf(deps: Pick<InviteDeps, 'config'>, sent: number, waiting: number): InvitePlan {
  const perDay = deps.config.IMPORT_INVITES_PER_DAY;
  const remainingToday = Math.max(0, perDay - sent);
  const later = Math.max(0, waiting - remainingToday);
  const days = waiting === 0 ? 0 : (remainingToday > 0 ? 1 : 0) + Math.ceil(later / perDay);
  const gapMs = (deps.config.WHATSAPP_BULK_MIN_DELAY_MS + deps.config.WHATSAPP_BULK_MAX_DELAY_MS) / 2;
  return { perDay, sentToday: sent, remainingToday, waiting, days, minutesPerDay: Math.ceil((Math.min(perDay, waiting) * gapMs) / 60_000) };
}

/** Today's figures, for the warning shown before sending. */
export async function invitePlan(deps: Pick<InviteDeps, 'db' | 'config'>, now: Date): Promise<InvitePlan> {
  const [sent, waiting] = await Promise.all([sentToday(deps.db, deps.config.TZ, now), candidates(deps.db, deps.config.ID_HASH_KEY)]);
  return planOf(deps, sent, waiting.length);
}

/**
 * Invites up to `limit` (and never more than today's remainder), in import order. One at a
 * time: concurrent runs (the page and the CLI) wait for each other, so the day's limit holds.
 */
export async function sendInvitations(deps: InviteDeps, now: Date, options: { limit?: number; dryRun?: boolean } = {}): Promise<InviteResult> {
  let rows: QueueableRow[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${LOCK}))`.execute(trx);
    const waiting = await candidates(trx, deps.config.ID_HASH_KEY);
    const plan = planOf(deps, await sentToday(trx, deps.config.TZ, now), waiting.length);
    const chosen = waiting.slice(0, Math.max(0, Math.min(options.limit ?? Number.POSITIVE_INFINITY, plan.remainingToday)));
    if (options.dryRun || chosen.length === 0) return { plan, invited: chosen.length };
    const chats = await chatsFor(trx, chosen);
    const messages: BulkMessage[] = chosen.map((p) => {
      const rendered = deps.renderer.renderMessage('id', { text: [text('import.invite.message', { name: p.full_name ?? '' })] }, deps.facts);
      const chat = chats.get(whatsappAddress(p.phone_e164))!;
      return {
        identityId: chat,
        // Not their chat until they say so: the person is named in it, so erasing them scrubs it.
        personId: null,
        mentions: [p.id],
        channel: 'whatsapp',
        address: whatsappAddress(p.phone_e164),
        text: rendered.text,
        ...dedupeKey(['import-invite', p.id], { topic: 'import_invite' }),
        priority: BULK_PRIORITY.announcement,
      };
    });
    rows = await insertBulk(trx, messages);
    await trx.updateTable('people').set({ invited_at: now }).where('id', 'in', chosen.map((p) => p.id)).execute();
    return { plan, invited: chosen.length };
  });
  await queueAfterCommit(deps.db, deps.queues, rows, deps.log);
  return result;
}

/** The WhatsApp chat of each number (made for numbers that never wrote), by address. */
async function chatsFor(trx: Kysely<Database>, people: readonly Candidate[]): Promise<Map<string, string>> {
  const addresses = [...new Set(people.map((p) => whatsappAddress(p.phone_e164)))];
  const { rows } = await sql<{ id: string; address: string }>`
    insert into identities (channel, address)
    select 'whatsapp', a from unnest(${addresses}::text[]) as a
    on conflict on constraint identities_channel_address_key do update set channel = excluded.channel
    returning id, address`.execute(trx);
  return new Map(rows.map((r) => [r.address, String(r.id)]));
}
