import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, PeopleTable } from '../../db/schema.js';
import { formatRupiah } from '../../i18n.js';
import { recordAudit } from '../staff/audit.js';
import type { Actor } from './staff-edit.js';

// Two records of the same person (signed up on WhatsApp and on Telegram, or imported and
// self-registered) become one (issue 13). In one transaction, both rows locked: every row
// that belongs to the other record moves to the kept one, a clash on a unique key keeps the
// better row and says which, the profile takes the values staff chose, and the other record
// is marked `merged_into` (never deleted). MERGE_STEPS names every column that points at a
// person; test/profile/merge.test.ts fails when the schema has one it does not name.

/** The profile values staff choose between. */
export const MERGE_FIELDS = ['name', 'business', 'activity', 'sector', 'kecamatan', 'phone', 'year', 'omzet'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

const FIELD_COLUMNS = {
  name: 'full_name',
  business: 'business_name',
  activity: 'business_activity',
  sector: 'sector_id',
  kecamatan: 'kecamatan_id',
  phone: 'phone_e164',
  year: 'business_started_year',
  omzet: 'baseline_omzet',
} as const satisfies Record<MergeField, keyof Database['people']>;

/** For each field, whose value stays; a field not named keeps the kept record's value, or the other's when the kept one has none. */
export type MergeChoice = Partial<Record<MergeField, 'keep' | 'other'>>;

/** A row of the other record that clashed with one of the kept record's and was dropped. */
export interface MergeConflict {
  readonly table: string;
  /** The period or the workshop the two rows were for. */
  readonly key: string;
  /** Whose row stayed. */
  readonly kept: 'keep' | 'other';
  /** Why (`completed`, `latest`, `confirmed`, `earliest`, `answered` …). */
  readonly reason: string;
}

export type MergeResult =
  | { readonly kind: 'merged'; readonly keep: MergeSide; readonly other: MergeSide; readonly moved: Readonly<Record<string, number>>; readonly conflicts: readonly MergeConflict[]; readonly taken: readonly MergeField[] }
  | { readonly kind: 'already_merged'; readonly keep: MergeSide; readonly other: MergeSide }
  | { readonly kind: 'refused'; readonly reason: 'same' | 'not_found' | 'erased' | 'merged'; readonly memberNo?: string | null };

export interface MergeSide {
  readonly id: string;
  readonly memberNo: string | null;
}

type PersonRow = Selectable<PeopleTable>;

interface StepContext {
  readonly trx: Kysely<Database>;
  readonly keep: string;
  readonly other: string;
  readonly moved: Record<string, number>;
  readonly conflicts: MergeConflict[];
}

interface MergeStep {
  /** `table.column` of every column this step moves. */
  readonly columns: readonly string[];
  run(c: StepContext): Promise<void>;
}

async function moveAll(c: StepContext, table: string): Promise<void> {
  const result = await sql`update ${sql.table(table)} set person_id = ${c.keep} where person_id = ${c.other}`.execute(c.trx);
  c.moved[table] = (c.moved[table] ?? 0) + Number(result.numAffectedRows ?? 0);
}

const move = (table: string): MergeStep => ({ columns: [`${table}.person_id`], run: (c) => moveAll(c, table) });

/**
 * A table with one row per person and `key` (a workshop, a period): where both records have
 * one, `winner` picks the row that stays (its SQL is true when the kept record's row `k` is
 * better than the other's `o`), the other is deleted, then the rest move.
 */
function moveUnique(table: string, key: string, winner: string, reason: (keepWins: boolean) => string): MergeStep {
  return {
    columns: [`${table}.person_id`],
    async run(c) {
      const { rows } = await sql<{ key: string; keep_wins: boolean }>`
        select k.${sql.raw(key)}::text as key, coalesce((${sql.raw(winner)}), true) as keep_wins
          from ${sql.table(table)} k join ${sql.table(table)} o on o.${sql.raw(key)} = k.${sql.raw(key)}
         where k.person_id = ${c.keep} and o.person_id = ${c.other}
         order by 1`.execute(c.trx);
      for (const row of rows) {
        const loser = row.keep_wins ? c.other : c.keep;
        await sql`delete from ${sql.table(table)} where person_id = ${loser} and ${sql.ref(key)}::text = ${row.key}`.execute(c.trx);
        c.conflicts.push({ table, key: row.key, kept: row.keep_wins ? 'keep' : 'other', reason: reason(row.keep_wins) });
      }
      await moveAll(c, table);
    },
  };
}

export const MERGE_STEPS: readonly MergeStep[] = [
  move('identities'),
  move('consents'),
  move('omzet_corrections'),
  move('outbound_messages'),
  move('tickets'),
  // One report per month: the completed one stays, between two completed the later, between two open the one started.
  moveUnique(
    'checkins',
    'period',
    `case when (k.status = 'completed') <> (o.status = 'completed') then k.status = 'completed'
          when k.status = 'completed' then (coalesce(k.completed_at, k.created_at), k.id) >= (coalesce(o.completed_at, o.created_at), o.id)
          else coalesce(k.started_at, k.created_at) >= coalesce(o.started_at, o.created_at) end`,
    () => 'completed_or_latest',
  ),
  // Recomputed when the next period closes; until then the kept record's own stays.
  moveUnique('growth_history', 'period', 'true', () => 'kept_record'),
  moveUnique('workshop_invitations', 'workshop_id', '(k.invited_at, k.announcement_id) <= (o.invited_at, o.announcement_id)', () => 'earliest'),
  moveUnique(
    'workshop_rsvps',
    'workshop_id',
    `(case k.status when 'confirmed' then 0 when 'waiting' then 1 else 2 end, k.created_at) <= (case o.status when 'confirmed' then 0 when 'waiting' then 1 else 2 end, o.created_at)`,
    () => 'confirmed_or_earliest',
  ),
  moveUnique('workshop_attendance', 'workshop_id', 'k.marked_at <= o.marked_at', () => 'earliest'),
  moveUnique(
    'workshop_feedback',
    'workshop_id',
    `case when (k.rating is null) <> (o.rating is null) then k.rating is not null else coalesce(k.answered_at, k.asked_at) >= coalesce(o.answered_at, o.asked_at) end`,
    () => 'answered_or_latest',
  ),
  {
    // Staff texts that named the other record (mentions, by id) now name the kept one, so erasing it scrubs them too.
    columns: ['inbound_messages.mentions', 'outbound_messages.mentions'],
    async run(c) {
      for (const table of ['inbound_messages', 'outbound_messages']) {
        const result = await sql`
          update ${sql.table(table)} set mentions = array(select distinct unnest(array_replace(mentions, ${c.other}::bigint, ${c.keep}::bigint)))
           where mentions @> array[${c.other}]::bigint[]`.execute(c.trx);
        c.moved[`${table}.mentions`] = Number(result.numAffectedRows ?? 0);
      }
    },
  },
  {
    // A code to link another chat (`hubungkan`) issued to the other record, not used yet, now links to the kept one.
    columns: ['one_time_codes.subject'],
    async run(c) {
      const result = await c.trx
        .updateTable('one_time_codes')
        .set({ subject: c.keep })
        .where('purpose', '=', 'link_chat')
        .where('subject', '=', c.other)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      c.moved['one_time_codes'] = Number(result.numUpdatedRows);
    },
  },
];

/** Columns that name a person and are not moved, with the reason (the test reads this too). */
export const NOT_MOVED: Readonly<Record<string, string>> = {
  'people.merged_into': 'the merge itself',
  'staff_people.person_id': 'a view over identities and staff, follows the moved identities',
};

async function lockBoth(trx: Kysely<Database>, a: string, b: string): Promise<Map<string, PersonRow>> {
  // Always in id order, so two merges of the same pair wait for each other instead of deadlocking.
  const rows = await trx.selectFrom('people').selectAll().where('id', 'in', [a, b]).orderBy('id').forUpdate().execute();
  return new Map(rows.map((r) => [r.id, r]));
}

const side = (p: PersonRow): MergeSide => ({ id: p.id, memberNo: p.member_no });

/** The profile values of both records, as the audit log keeps them. */
function profileOf(p: PersonRow): Record<MergeField | 'memberNo', unknown> {
  return {
    memberNo: p.member_no,
    ...Object.fromEntries(MERGE_FIELDS.map((f) => [f, p[FIELD_COLUMNS[f]] ?? null])),
  } as Record<MergeField | 'memberNo', unknown>;
}

/** Merges `otherId` into `keepId`; the kept record stays, with the values chosen. */
export async function mergePeople(db: Kysely<Database>, keepId: string, otherId: string, choice: MergeChoice, who: Actor, now: Date): Promise<MergeResult> {
  if (keepId === otherId) return { kind: 'refused', reason: 'same' };
  return db.transaction().execute(async (trx): Promise<MergeResult> => {
    const rows = await lockBoth(trx, keepId, otherId);
    const keep = rows.get(keepId);
    const other = rows.get(otherId);
    if (!keep || !other) return { kind: 'refused', reason: 'not_found' };
    if (other.merged_into === keep.id && !keep.merged_into) return { kind: 'already_merged', keep: side(keep), other: side(other) };
    for (const p of [keep, other]) {
      if (p.erased_at) return { kind: 'refused', reason: 'erased', memberNo: p.member_no };
      if (p.merged_into) return { kind: 'refused', reason: 'merged', memberNo: p.member_no };
    }

    const c: StepContext = { trx, keep: keep.id, other: other.id, moved: {}, conflicts: [] };
    for (const step of MERGE_STEPS) await step.run(c);

    const taken = MERGE_FIELDS.filter((f) => (choice[f] ?? (keep[FIELD_COLUMNS[f]] === null ? 'other' : 'keep')) === 'other' && other[FIELD_COLUMNS[f]] !== null);
    const values: Record<string, unknown> = Object.fromEntries(taken.map((f) => [FIELD_COLUMNS[f], other[FIELD_COLUMNS[f]]]));
    if (taken.includes('phone')) values['phone_verified'] = other.phone_verified;
    if (taken.includes('sector') && !taken.includes('activity')) values['business_activity'] = other.business_activity ?? keep.business_activity;
    // A member number is the person's key at the office: the kept one's, else the other's moves over.
    const memberNo = keep.member_no ?? other.member_no;
    if (!keep.member_no && other.member_no) await trx.updateTable('people').set({ member_no: null }).where('id', '=', other.id).execute();
    await trx
      .updateTable('people')
      .set({
        ...values,
        member_no: memberNo,
        registered_at: new Date(Math.min(keep.registered_at.getTime(), other.registered_at.getTime())),
        imported_at: keep.imported_at ?? other.imported_at,
        // Agreed on either record is agreed (the consent rows moved); BERHENTI on either is kept.
        consent_pending: keep.consent_pending && other.consent_pending,
        opted_out_at: keep.opted_out_at ?? other.opted_out_at,
        growth_status: keep.growth_status ?? other.growth_status,
        growth_status_at: keep.growth_status ? keep.growth_status_at : other.growth_status_at,
        updated_at: now,
      })
      .where('id', '=', keep.id)
      .execute();
    // Records merged into the other earlier now point at the kept one too: never a chain to follow.
    await trx.updateTable('people').set({ merged_into: keep.id, updated_at: now }).where('merged_into', '=', other.id).execute();
    // Nothing is pending for a record merged away: an imported one is never invited nor offered to a chat (runtime/import).
    await trx.updateTable('people').set({ merged_into: keep.id, merged_at: now, consent_pending: false, updated_at: now }).where('id', '=', other.id).execute();

    await recordAudit(
      trx,
      {
        staffId: who.staffId,
        actor: who.actor,
        action: 'person_merged',
        details: { personId: keep.id, otherPersonId: other.id, memberNo, otherMemberNo: other.member_no, taken, before: { keep: profileOf(keep), other: profileOf(other) }, moved: c.moved, conflicts: c.conflicts },
      },
      now,
    );
    return { kind: 'merged', keep: { id: keep.id, memberNo }, other: side(other), moved: c.moved, conflicts: c.conflicts, taken };
  });
}

/** Both records as staff compare them before merging. */
export async function mergeCandidates(db: Kysely<Database>, keepId: string, otherId: string) {
  const rows = await db
    .selectFrom('people as p')
    .leftJoin('sectors as s', 's.id', 'p.sector_id')
    .leftJoin('kecamatan as k', 'k.id', 'p.kecamatan_id')
    .select([
      'p.id', 'p.member_no', 'p.full_name', 'p.business_name', 'p.business_activity', 'p.sector_id', 'p.kecamatan_id', 'p.phone_e164', 'p.phone_verified',
      'p.business_started_year', 'p.baseline_omzet', 'p.registered_at', 'p.imported_at', 'p.erased_at', 'p.merged_into', 's.name as sector', 'k.name as kecamatan',
      (eb) => eb.selectFrom('identities as i').select((e) => e.fn.countAll<string>().as('n')).whereRef('i.person_id', '=', 'p.id').as('chats'),
      (eb) => eb.selectFrom('checkins as c').select((e) => e.fn.countAll<string>().as('n')).whereRef('c.person_id', '=', 'p.id').where('c.status', '=', 'completed').as('reports'),
    ])
    .where('p.id', 'in', [keepId, otherId])
    .execute();
  const keep = rows.find((r) => r.id === keepId);
  const other = rows.find((r) => r.id === otherId);
  return keep && other ? { keep, other } : null;
}

export type MergeCandidate = NonNullable<Awaited<ReturnType<typeof mergeCandidates>>>['keep'];

/** What a candidate shows for a field. */
export function candidateValue(p: MergeCandidate, field: MergeField): string | number | null {
  switch (field) {
    case 'name':
      return p.full_name;
    case 'business':
      return p.business_name;
    case 'activity':
      return p.business_activity;
    case 'sector':
      return p.sector;
    case 'kecamatan':
      return p.kecamatan;
    case 'phone':
      return p.phone_e164;
    case 'year':
      return p.business_started_year;
    case 'omzet':
      return p.baseline_omzet === null ? null : formatRupiah(p.baseline_omzet);
  }
}
