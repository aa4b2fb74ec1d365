import { sql, type Kysely } from 'kysely';

// Whether a person's phone number was vouched for by a channel (the WhatsApp sender, or a
// Telegram contact the sender shared of their own) or merely typed. Only a vouched number
// links another chat to a registration: a typed one could be anybody's (issue 11, item 1).
//
// Rows written before: a number counts as vouched when some chat of the person has it as its
// verified number and no chat of the person has a different or no verified number. A
// registration made with a typed number that a WhatsApp chat later joined stays unvouched,
// so `people review-links` lists that chat for staff to look at.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('phone_verified', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await sql`
    update people p set phone_verified = true
     where p.phone_e164 is not null
       and exists (select 1 from identities i where i.person_id = p.id and i.verified_phone = p.phone_e164)
       and not exists (select 1 from identities i where i.person_id = p.id and i.verified_phone is distinct from p.phone_e164)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('phone_verified').execute();
}
