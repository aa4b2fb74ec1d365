import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { GrowthStatus } from '../db/columns.js';

// The Pelaku usaha table (searched, filtered and paginated in SQL) and one person's page.

export const PAGE_SIZE = 50;
export const GROWTH_STATUSES: readonly GrowthStatus[] = ['berkembang', 'stagnan', 'menurun', 'belum_cukup_data'];

export interface PeopleFilter {
  readonly q: string;
  readonly sector: number | null;
  readonly kecamatan: number | null;
  readonly status: GrowthStatus | 'none' | null;
  readonly page: number;
}

export interface PersonListRow {
  readonly id: string;
  readonly full_name: string | null;
  readonly member_no: string | null;
  readonly phone_e164: string | null;
  readonly business_name: string | null;
  readonly sector: string | null;
  readonly kecamatan: string | null;
  readonly growth_status: GrowthStatus | null;
}

export async function listPeople(db: Kysely<Database>, filter: PeopleFilter): Promise<{ rows: PersonListRow[]; total: number }> {
  let query = db
    .selectFrom('people as p')
    .leftJoin('sectors as s', 's.id', 'p.sector_id')
    .leftJoin('kecamatan as k', 'k.id', 'p.kecamatan_id')
    .where('p.member_no', 'is not', null)
    .where('p.erased_at', 'is', null)
    .where('p.merged_into', 'is', null);
  const q = filter.q.trim();
  if (q !== '') {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const digits = q.replace(/\D/g, '').replace(/^0/, '62');
    query = query.where((eb) =>
      eb.or([
        eb('p.full_name', 'ilike', like),
        eb('p.member_no', 'ilike', like),
        eb('p.business_name', 'ilike', like),
        ...(digits.length >= 4 ? [eb('p.phone_e164', 'like', `%${digits}%`)] : []),
      ]),
    );
  }
  if (filter.sector !== null) query = query.where('p.sector_id', '=', filter.sector);
  if (filter.kecamatan !== null) query = query.where('p.kecamatan_id', '=', filter.kecamatan);
  if (filter.status === 'none') query = query.where('p.growth_status', 'is', null);
  else if (filter.status) query = query.where('p.growth_status', '=', filter.status);

  const [rows, count] = await Promise.all([
    query
      .select(['p.id', 'p.full_name', 'p.member_no', 'p.phone_e164', 'p.business_name', 's.name as sector', 'k.name as kecamatan', 'p.growth_status'])
      .orderBy('p.member_no')
      .limit(PAGE_SIZE)
      .offset((filter.page - 1) * PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function references(db: Kysely<Database>): Promise<{ sectors: { id: number; name: string }[]; kecamatan: { id: number; name: string }[] }> {
  const [sectors, kecamatan] = await Promise.all([
    db.selectFrom('sectors').select(['id', 'name']).where('active', '=', true).orderBy('sort_order').orderBy('name').execute(),
    db.selectFrom('kecamatan').select(['id', 'name']).where('active', '=', true).orderBy('sort_order').orderBy('name').execute(),
  ]);
  return { sectors, kecamatan };
}

export async function personDetails(db: Kysely<Database>, id: string) {
  const person = await db
    .selectFrom('people as p')
    .leftJoin('sectors as s', 's.id', 'p.sector_id')
    .leftJoin('kecamatan as k', 'k.id', 'p.kecamatan_id')
    .selectAll('p')
    .select(['s.name as sector', 'k.name as kecamatan'])
    .where('p.id', '=', id)
    .where('p.erased_at', 'is', null)
    .executeTakeFirst();
  if (!person) return null;
  const [identities, consents, omzet, answers, workshops] = await Promise.all([
    db.selectFrom('identities').select(['channel', 'address', 'last_seen_at', 'unreachable_at']).where('person_id', '=', id).orderBy('id').execute(),
    db.selectFrom('consents').select(['purpose', 'granted', 'channel', 'decided_at', 'text_version']).where('person_id', '=', id).orderBy('decided_at', 'desc').execute(),
    db.selectFrom('checkins').select(['period', 'omzet', 'growth_status']).where('person_id', '=', id).where('status', '=', 'completed').where('omzet', 'is not', null).orderBy('period').execute(),
    db
      .selectFrom('checkin_answers as a')
      .innerJoin('checkins as c', 'c.id', 'a.checkin_id')
      .select(['c.period', 'a.question_id', 'a.value', 'a.detail'])
      .where('c.person_id', '=', id)
      .orderBy('c.period', 'desc')
      .orderBy('a.answered_at')
      .execute(),
    sql<{ title: string; starts_at: Date; rsvp: string | null; present: boolean; rating: number | null }>`
      select w.title, w.starts_at, r.status as rsvp, a.person_id is not null as present, f.rating
        from workshops w
        left join workshop_rsvps r on r.workshop_id = w.id and r.person_id = ${id}
        left join workshop_attendance a on a.workshop_id = w.id and a.person_id = ${id}
        left join workshop_feedback f on f.workshop_id = w.id and f.person_id = ${id}
       where r.person_id is not null or a.person_id is not null
          or exists (select 1 from workshop_invitations i where i.workshop_id = w.id and i.person_id = ${id})
       order by w.starts_at desc`.execute(db),
  ]);
  return { person, identities, consents, omzet, answers, workshops: workshops.rows };
}

export type PersonDetails = NonNullable<Awaited<ReturnType<typeof personDetails>>>;
