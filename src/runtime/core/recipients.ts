import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SegmentSpec } from '../../engine/segments/types.js';

// The people a segment selects, and the one chat each of them is reached on. Never
// included: people who said BERHENTI, erased their data or never finished signing up;
// people whose every chat is unreachable; staff. A person with several chats is reached on
// the one they used last.

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

/** Each kind's SQL over `people p`, `{values}` standing for the chosen values as one bound array. */
const CONDITIONS: Readonly<Record<string, string>> = {
  status: 'p.growth_status = any({values}::text[])',
  kecamatan: 'p.kecamatan_id = any({values}::int[])',
  sector: 'p.sector_id = any({values}::int[])',
  workshop: 'not exists (select 1 from workshop_attendance wa where wa.person_id = p.id)',
};

/** A kind's condition with its values bound as one array parameter. */
function filterSql(spec: SegmentSpec): RawBuilder<unknown> {
  const conditions = spec.filters.map((filter) => {
    const condition = CONDITIONS[filter.kind];
    // An unknown kind must not be skipped: that would send to more people than chosen.
    if (!condition) throw new Error(`unknown segment kind "${filter.kind}"`);
    const values = sql`${[...filter.values]}`;
    return sql`(${sql.join(condition.split('{values}').map((piece) => sql.raw(piece)), values)})`;
  });
  return conditions.length > 0 ? sql`and ${sql.join(conditions, sql` and `)}` : sql``;
}

function recipientsFrom(spec: SegmentSpec): RawBuilder<unknown> {
  return sql`
      from people p
      join lateral (
        select i.id as identity_id, i.channel, i.address
          from identities i
         where i.person_id = p.id and i.unreachable_at is null
         order by i.last_seen_at desc, i.id desc
         limit 1
      ) c on true
     where p.erased_at is null and p.opted_out_at is null and p.member_no is not null
       and not exists (select 1 from staff_people s where s.person_id = p.id)
       ${filterSql(spec)}`;
}

/** The next `limit` recipients after person id `after`, in person id order (for fan-out). */
export async function recipientsAfter(db: Kysely<Database>, spec: SegmentSpec, after: string | number, limit: number): Promise<Recipient[]> {
  const result = await sql<RecipientRow>`
    select p.id as person_id, p.full_name, p.business_name, c.identity_id, c.channel, c.address
    ${recipientsFrom(spec)}
       and p.id > ${after}
     order by p.id
     limit ${limit}`.execute(db);
  return result.rows.map((r) => ({
    personId: r.person_id,
    name: r.full_name,
    business: r.business_name,
    identityId: r.identity_id,
    channel: r.channel,
    address: r.address,
  }));
}

/** How many recipients the segment has on each channel. */
export async function countRecipients(db: Kysely<Database>, spec: SegmentSpec): Promise<Map<string, number>> {
  const result = await sql<{ channel: string; n: string }>`
    select c.channel, count(*) as n ${recipientsFrom(spec)} group by c.channel order by c.channel`.execute(db);
  return new Map(result.rows.map((r) => [r.channel, Number(r.n)]));
}
