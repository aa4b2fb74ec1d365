import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { setStaffPassword } from '../../src/web/auth.js';
import { seedPeople } from '../support/seed.js';

// What the dashboard tests look at: an admin on Telegram, an operator on WhatsApp (with a
// password), people in two kecamatan and sectors, two check-in periods and one workshop.

export const ADMIN_TELEGRAM = '7123456789';
export const OPERATOR_PHONE = '+6281234567890';
export const OPERATOR_PASSWORD = 'kata-sandi-panjang-1';

export interface WebFixture {
  readonly adminId: string;
  readonly operatorId: string;
  readonly sitiId: string;
  readonly budiId: string;
}

export async function seedWeb(db: Kysely<Database>): Promise<WebFixture> {
  const admin = await db.insertInto('staff').values({ name: 'Rina Hayati', telegram_user_id: ADMIN_TELEGRAM }).returning('id').executeTakeFirstOrThrow();
  const operator = await db.insertInto('staff').values({ name: 'Agus Salim', phone_e164: OPERATOR_PHONE, role: 'operator' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('identities').values({ channel: 'whatsapp', address: '6281234567890@c.us', verified_phone: OPERATOR_PHONE }).execute();
  await setStaffPassword(db, operator.id, OPERATOR_PASSWORD);

  const [siti, budi] = await seedPeople(db, [
    { name: 'Siti Aminah', business: 'Kue Bingka <Siti>', phone: '+6281311112222', kecamatan: 1, sector: 1, status: 'berkembang', omzet: 3_000_000, chats: [{ channel: 'telegram', address: '7234567890' }] },
    { name: 'Budi Santoso', business: 'Bengkel Budi', phone: '+6281322223333', kecamatan: 2, sector: 2, status: 'menurun', optedOut: true, chats: [{ channel: 'whatsapp', address: '6281322223333@c.us' }] },
    { name: 'Dewi Lestari', business: 'Sasirangan Dewi', kecamatan: 1, sector: 2, status: null, chats: [] },
  ]);
  await sql`insert into survey_definitions (version, definition) values (901, '{}'::jsonb) on conflict do nothing`.execute(db);
  for (const period of ['2026-10', '2026-11']) {
    await db.insertInto('checkin_periods').values({ period, survey_version: 901, opened_by: 'test', closed_at: period === '2026-10' ? new Date('2026-11-01T00:00:00Z') : null }).execute();
  }
  const invited = new Date('2026-11-01T01:00:00Z');
  const rows = [
    { person_id: siti!.id, period: '2026-10', omzet: 3_500_000 },
    { person_id: budi!.id, period: '2026-10', omzet: 2_000_000 },
    { person_id: siti!.id, period: '2026-11', omzet: 4_000_000 },
  ];
  for (const r of rows) {
    const c = await db
      .insertInto('checkins')
      .values({ ...r, survey_version: 901, status: 'completed', invited_at: invited, completed_at: invited, growth_status: 'berkembang' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('checkin_answers').values({ checkin_id: c.id, question_id: 'omzet', survey_version: 901, value: JSON.stringify(r.omzet), detail: null, answered_at: invited }).execute();
  }
  await db.insertInto('checkins').values({ person_id: budi!.id, period: '2026-11', survey_version: 901, invited_at: invited }).execute();

  const workshop = await db
    .insertInto('workshops')
    .values({ title: 'Pemasaran Digital', starts_at: new Date('2026-11-20T01:00:00Z'), ends_at: new Date('2026-11-20T04:00:00Z'), place: 'Aula Dinas', capacity: 30, actor: 'test' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const announcement = await db.insertInto('workshop_announcements').values({ workshop_id: workshop.id, actor: 'test', segment: JSON.stringify({}) }).returning('id').executeTakeFirstOrThrow();
  for (const p of [siti!, budi!]) {
    await db.insertInto('workshop_invitations').values({ workshop_id: workshop.id, person_id: p.id, announcement_id: announcement.id, invited_at: invited }).execute();
  }
  await db.insertInto('workshop_rsvps').values({ workshop_id: workshop.id, person_id: siti!.id, status: 'confirmed', created_at: invited, updated_at: invited, confirmed_at: invited }).execute();
  await db.insertInto('workshop_attendance').values({ workshop_id: workshop.id, person_id: siti!.id, source: 'code', actor: 'test', marked_at: invited }).execute();
  await db.insertInto('workshop_feedback').values({ workshop_id: workshop.id, person_id: siti!.id, rating: 5 }).execute();
  return { adminId: admin.id, operatorId: operator.id, sitiId: siti!.id, budiId: budi!.id };
}
