import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RefOption } from '../../engine/core/vocabulary.js';
import { parseIndonesianPhone } from '../../engine/parse/phone.js';
import { guard, readBusinessName, readKecamatan, readMobile, readPersonName, readSector, type Reading } from '../../engine/parse/understand/index.js';
import type { ReferenceLists } from '../core/references.js';
import { recordAudit } from '../staff/audit.js';
import { applyProfileChange } from './update.js';

// Staff correct a person's profile (issue 13): on the person's page and with `people edit`.
// What they type is read by the same readers as `ubah <field>` in chat (a name, a business
// name, a sector or kecamatan in the city's words or by its number, an Indonesian mobile
// number, checked again with libphonenumber-js) and written through the same
// applyProfileChange; every change goes to the audit log with its value before and after.

export const STAFF_EDIT_FIELDS = ['name', 'business', 'activity', 'sector', 'kecamatan', 'phone'] as const;
export type StaffEditField = (typeof STAFF_EDIT_FIELDS)[number];

/** What staff typed, field by field; a field left out or empty stays as it is. */
export type StaffEditInput = Partial<Record<StaffEditField, string>>;

export interface FieldChange {
  readonly field: StaffEditField;
  readonly before: string | null;
  readonly after: string;
}

export interface EditProblem {
  readonly field: StaffEditField;
  /** The reader's reason (`unclear`, `not_mobile`, `hostile`, `too_long`, `unknown` …). */
  readonly reason: string;
}

export type EditResult =
  | { readonly kind: 'saved'; readonly memberNo: string | null; readonly changes: readonly FieldChange[] }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'invalid'; readonly problems: readonly EditProblem[] }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'merged'; readonly into: string };

export interface Actor {
  readonly staffId: string | null;
  /** `web:<ip>`, `cli:<os user>`. */
  readonly actor: string;
}

const MAX_ACTIVITY = 120;

type Parsed = { field: 'name' | 'business' | 'phone'; value: string } | { field: 'sector' | 'kecamatan'; value: number } | { field: 'activity'; value: string };

/** A sector or kecamatan by its number in the list, its code, or the words people use for it. */
function readRef(raw: string, list: readonly RefOption[], read: (raw: string) => Reading<string>): number | string {
  const trimmed = raw.trim();
  if (/^\d{1,9}$/u.test(trimmed)) return list.find((r) => r.id === Number(trimmed))?.id ?? 'unknown';
  const reading = read(trimmed);
  if (reading.kind !== 'value') return reading.kind === 'ask' ? reading.reason : 'unclear';
  const found = list.find((r) => (r.code ?? String(r.id)) === reading.value);
  return found ? found.id : 'unknown';
}

function readOne(field: StaffEditField, raw: string, refs: ReferenceLists, nowYear: number): Parsed | EditProblem {
  const v = refs.vocabulary;
  const hostile = guard(raw);
  if (hostile) return { field, reason: hostile.reason };
  const fromReading = (f: 'name' | 'business', r: Reading<string>): Parsed | EditProblem => (r.kind === 'value' ? { field: f, value: r.value } : { field: f, reason: r.kind === 'ask' ? r.reason : 'unclear' });
  switch (field) {
    case 'name':
      return fromReading('name', readPersonName(raw, v));
    case 'business':
      return fromReading('business', readBusinessName(raw, v));
    case 'activity': {
      const words = raw.normalize('NFKC').replace(/\s+/gu, ' ').trim();
      if ([...words].length > MAX_ACTIVITY) return { field, reason: 'too_long' };
      if (!/\p{L}.*\p{L}/u.test(words)) return { field, reason: 'unclear' };
      return { field, value: words };
    }
    case 'sector': {
      const id = readRef(raw, refs.sectors, (t) => readSector(t, v, { nowYear, options: refs.sectors.map((s) => s.code ?? String(s.id)) }));
      return typeof id === 'number' ? { field, value: id } : { field, reason: id };
    }
    case 'kecamatan': {
      const id = readRef(raw, refs.kecamatan, (t) => readKecamatan(t, v, { nowYear, options: refs.kecamatan.map((k) => k.code ?? String(k.id)) }));
      return typeof id === 'number' ? { field, value: id } : { field, reason: id };
    }
    case 'phone': {
      const reading = readMobile(raw, v);
      if (reading.kind !== 'value') return { field, reason: reading.kind === 'ask' ? reading.reason : 'unclear' };
      // The chat's reader knows Indonesian mobile prefixes; libphonenumber-js knows which exist.
      const checked = parseIndonesianPhone(reading.value);
      return checked.kind === 'ok' ? { field, value: checked.e164 } : { field, reason: 'not_mobile' };
    }
  }
}

/** Reads every field typed; either all are good or none is saved. */
export function readStaffEdit(input: StaffEditInput, refs: ReferenceLists, now: Date): { parsed: Parsed[]; problems: EditProblem[] } {
  const parsed: Parsed[] = [];
  const problems: EditProblem[] = [];
  for (const field of STAFF_EDIT_FIELDS) {
    const raw = input[field];
    if (raw === undefined || raw.trim() === '') continue;
    const one = readOne(field, raw, refs, now.getUTCFullYear());
    if ('reason' in one) problems.push(one);
    else parsed.push(one);
  }
  return { parsed, problems };
}

/** The person's row and whether a chat of theirs vouches for a number. */
async function current(trx: Kysely<Database>, personId: string) {
  return trx
    .selectFrom('people as p')
    .leftJoin('sectors as s', 's.id', 'p.sector_id')
    .leftJoin('kecamatan as k', 'k.id', 'p.kecamatan_id')
    .select(['p.id', 'p.member_no', 'p.full_name', 'p.business_name', 'p.business_activity', 'p.sector_id', 'p.kecamatan_id', 'p.phone_e164', 'p.erased_at', 'p.merged_into', 's.name as sector', 'k.name as kecamatan'])
    .where('p.id', '=', personId)
    .forUpdate('p')
    .executeTakeFirst();
}

/** Staff change a person's profile; one transaction, the person's row locked, audited as `person_edited`. */
export async function editPerson(db: Kysely<Database>, refs: ReferenceLists, personId: string, input: StaffEditInput, who: Actor, now: Date): Promise<EditResult> {
  return db.transaction().execute(async (trx): Promise<EditResult> => {
    const p = await current(trx, personId);
    if (!p || p.erased_at) return { kind: 'not_found' };
    if (p.merged_into) return { kind: 'merged', into: p.merged_into };
    // A form sends every field: one left as stored is not read again (an imported name the chat's reader would ask back stays as it is).
    const stored: Record<StaffEditField, string | null> = {
      name: p.full_name,
      business: p.business_name,
      activity: p.business_activity,
      sector: p.sector_id === null ? null : String(p.sector_id),
      kecamatan: p.kecamatan_id === null ? null : String(p.kecamatan_id),
      phone: p.phone_e164,
    };
    const typed = Object.fromEntries(STAFF_EDIT_FIELDS.flatMap((f) => (input[f] === undefined || input[f].trim() === stored[f] ? [] : [[f, input[f]]])));
    const { parsed, problems } = readStaffEdit(typed, refs, now);
    if (problems.length > 0) return { kind: 'invalid', problems };
    const refName = (list: readonly RefOption[], id: number | null) => (id === null ? null : (list.find((r) => r.id === id)?.name ?? String(id)));
    const changes: FieldChange[] = [];
    for (const change of parsed) {
      switch (change.field) {
        case 'name':
        case 'business': {
          const before = change.field === 'name' ? p.full_name : p.business_name;
          if (before === change.value) break;
          await applyProfileChange(trx, p.id, { field: change.field, value: change.value }, now);
          changes.push({ field: change.field, before, after: change.value });
          break;
        }
        case 'activity':
          if (p.business_activity === change.value) break;
          await applyProfileChange(trx, p.id, { activity: change.value }, now);
          changes.push({ field: 'activity', before: p.business_activity, after: change.value });
          break;
        case 'sector':
        case 'kecamatan': {
          const beforeId = change.field === 'sector' ? p.sector_id : p.kecamatan_id;
          if (beforeId === change.value) break;
          await applyProfileChange(trx, p.id, { field: change.field, value: change.value }, now);
          const list = change.field === 'sector' ? refs.sectors : refs.kecamatan;
          changes.push({ field: change.field, before: change.field === 'sector' ? p.sector : p.kecamatan, after: refName(list, change.value) ?? String(change.value) });
          break;
        }
        case 'phone': {
          if (p.phone_e164 === change.value) break;
          // Typed by staff, the number is vouched for only if one of the person's own chats is that number.
          const vouched = await trx.selectFrom('identities').select('id').where('person_id', '=', p.id).where('verified_phone', '=', change.value).executeTakeFirst();
          await applyProfileChange(trx, p.id, { field: 'phone', value: change.value, phoneVerified: Boolean(vouched) }, now);
          changes.push({ field: 'phone', before: p.phone_e164, after: change.value });
          break;
        }
      }
    }
    if (changes.length === 0) return { kind: 'unchanged' };
    await recordAudit(trx, { staffId: who.staffId, actor: who.actor, action: 'person_edited', details: { personId: p.id, memberNo: p.member_no, changes } }, now);
    return { kind: 'saved', memberNo: p.member_no, changes };
  });
}
