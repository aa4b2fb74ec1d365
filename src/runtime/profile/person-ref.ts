import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { parseIndonesianPhone } from '../../engine/parse/phone.js';

// A person as staff name one to edit or merge: a member number (BJM-000123), `#<id>` (an
// imported record has no member number yet), or a phone number in any usual shape.

export interface PersonRef {
  readonly id: string;
  readonly member_no: string | null;
  readonly full_name: string | null;
  readonly business_name: string | null;
  readonly phone_e164: string | null;
  readonly merged_into: string | null;
}

export type PersonLookup = { readonly kind: 'one'; readonly person: PersonRef } | { readonly kind: 'none' } | { readonly kind: 'several'; readonly people: readonly PersonRef[] };

const MEMBER_NO = /^[A-Z]{2,5}-\d{1,12}$/iu;

/** How staff see a record named: its member number, else `#id`. */
export const refLabel = (p: { id: string; member_no: string | null }): string => p.member_no ?? `#${p.id}`;

export async function findPersonRef(db: Kysely<Database>, typed: string): Promise<PersonLookup> {
  const ref = typed.trim();
  const base = db.selectFrom('people').select(['id', 'member_no', 'full_name', 'business_name', 'phone_e164', 'merged_into']).where('erased_at', 'is', null);
  let rows: PersonRef[];
  const id = /^#(\d{1,18})$/u.exec(ref)?.[1];
  if (id) rows = await base.where('id', '=', id).execute();
  else if (MEMBER_NO.test(ref)) rows = await base.where('member_no', '=', ref.toUpperCase()).execute();
  else {
    const phone = parseIndonesianPhone(ref);
    if (phone.kind !== 'ok') return { kind: 'none' };
    rows = await base.where('phone_e164', '=', phone.e164).where('merged_into', 'is', null).orderBy('id').limit(20).execute();
  }
  const [first] = rows;
  if (!first) return { kind: 'none' };
  return rows.length === 1 ? { kind: 'one', person: first } : { kind: 'several', people: rows };
}
