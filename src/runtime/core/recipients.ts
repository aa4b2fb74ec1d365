import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SegmentSpec } from '../../engine/segments/types.js';

// Who may be sent a message nobody asked for, and which chat reaches them: written once and
// used by every bulk send (broadcasts, check-ins, workshop invitations, reminders and
// notices) and by segments. A person is reached on one chat: the one a conversation about
// the matter already runs in while it can be reached, else the one they used last.

/**
 * Registered with their consent, not erased, not merged into another record, not stopped (BERHENTI), not staff. `p` is the
 * alias of `people` in the query.
 */
export function mayReceive(p: string): RawBuilder<boolean> {
  const person = sql.raw(p);
  return sql<boolean>`(${person}.member_no is not null and ${person}.erased_at is null and ${person}.merged_into is null and ${person}.opted_out_at is null
    and exists (select 1 from consents co where co.person_id = ${person}.id and co.purpose = 'registration' and co.granted)
    and not exists (select 1 from staff_people sp where sp.person_id = ${person}.id))`;
}

/** At least one of the person's chats can still be reached. */
export function reachable(p: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from identities ri where ri.person_id = ${sql.raw(p)}.id and ri.unreachable_at is null)`;
}

/**
 * The chat that reaches a person, as a lateral subquery (`identity_id`, `channel`,
 * `address`): reachable, `prefer` first while it is, else the one used last.
 */
export function reachingChat(personId: RawBuilder<unknown>, prefer?: RawBuilder<unknown>): RawBuilder<unknown> {
  const preferred = prefer ? sql`(i.id = ${prefer}) desc nulls last, ` : sql``;
  return sql`(
        select i.id as identity_id, i.channel, i.address from identities i
         where i.person_id = ${personId} and i.unreachable_at is null
         order by ${preferred}i.last_seen_at desc, i.id desc limit 1
      )`;
}

/** The language a chat is spoken in: its conversation's, else the person's. */
export function chatLanguage(conversation: string, person: string): RawBuilder<string | null> {
  return sql<string | null>`coalesce(${sql.raw(conversation)}.state->>'lang', ${sql.raw(person)}.lang)`;
}

export interface Recipient {
  readonly personId: string;
  readonly name: string | null;
  readonly business: string | null;
  readonly identityId: string;
  readonly channel: string;
  readonly address: string;
}

interface RecipientRow {
  person_id: string;
  full_name: string | null;
  business_name: string | null;
  identity_id: string;
  channel: string;
  address: string;
}

/** The people a segment selects, each with the chat that reaches them. */
export interface SegmentRecipients {
  /** The next `limit` recipients after person id `after`, in person id order (for fan-out). */
  after(db: Kysely<Database>, spec: SegmentSpec, after: string | number, limit: number): Promise<Recipient[]>;
  /** How many recipients the segment has on each channel. */
  count(db: Kysely<Database>, spec: SegmentSpec): Promise<Map<string, number>>;
}

/** `conditions`: each segment kind's SQL over `people p`, `{values}` standing for the chosen values. */
export function segmentRecipients(conditions: Readonly<Record<string, string>>): SegmentRecipients {
  const from = (spec: SegmentSpec) => sql`
      from people p
      join lateral ${reachingChat(sql`p.id`)} c on true
     where ${mayReceive('p')}
       ${filterSql(spec, conditions)}`;
  return {
    async after(db, spec, after, limit) {
      const result = await sql<RecipientRow>`
        select p.id as person_id, p.full_name, p.business_name, c.identity_id, c.channel, c.address
        ${from(spec)}
           and p.id > ${after}
         order by p.id
         limit ${limit}`.execute(db);
      return result.rows.map((r) => ({ personId: r.person_id, name: r.full_name, business: r.business_name, identityId: r.identity_id, channel: r.channel, address: r.address }));
    },
    async count(db, spec) {
      const result = await sql<{ channel: string; n: string }>`select c.channel, count(*) as n ${from(spec)} group by c.channel order by c.channel`.execute(db);
      return new Map(result.rows.map((r) => [r.channel, Number(r.n)]));
    },
  };
}

/** Each filter's condition with its values bound as one array parameter. */
function filterSql(spec: SegmentSpec, conditions: Readonly<Record<string, string>>): RawBuilder<unknown> {
  const parts = spec.filters.map((filter) => {
    const condition = conditions[filter.kind];
    // An unknown kind must not be skipped: that would send to more people than chosen.
    if (!condition) throw new Error(`unknown segment kind "${filter.kind}"`);
    const values = sql`${[...filter.values]}`;
    return sql`(${sql.join(condition.split('{values}').map((piece) => sql.raw(piece)), values)})`;
  });
  return parts.length > 0 ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
}
