import { sql, type Kysely } from 'kysely';
import { CliInputError } from '../../cli/input.js';
import type { Database } from '../../db/schema.js';
import type { StaffRow } from '../../db/staff-schema.js';
import { parseIndonesianPhone } from '../../engine/parse/phone.js';

// Who is staff. A staff member is known by a phone number (matched against the number
// WhatsApp vouches for) and/or a Telegram user id; removing one keeps the row, so the
// audit log still says who did what.

export class StaffInputError extends CliInputError {
  override readonly name = 'StaffInputError';
}

export interface NewStaff {
  readonly name: string;
  readonly phone?: string | undefined;
  readonly telegramId?: string | undefined;
}

export async function addStaff(db: Kysely<Database>, input: NewStaff): Promise<StaffRow> {
  const name = input.name.trim();
  if (name === '') throw new StaffInputError('a name is needed (--name "Siti Aminah")');
  const phone = input.phone ? toE164(input.phone) : null;
  const telegram = input.telegramId ? toTelegramId(input.telegramId) : null;
  if (!phone && !telegram) throw new StaffInputError('give --phone, --telegram-id or both');
  const clash = await activeStaff(db)
    .where((eb) => eb.or([...(phone ? [eb('phone_e164', '=', phone)] : []), ...(telegram ? [eb('telegram_user_id', '=', telegram)] : [])]))
    .executeTakeFirst();
  if (clash) throw new StaffInputError(`already staff: #${clash.id} ${clash.name}`);
  return db.insertInto('staff').values({ name, phone_e164: phone, telegram_user_id: telegram }).returningAll().executeTakeFirstOrThrow();
}

export function listStaff(db: Kysely<Database>, includeRemoved = false): Promise<StaffRow[]> {
  const query = db.selectFrom('staff').selectAll().orderBy('id');
  return (includeRemoved ? query : query.where('removed_at', 'is', null)).execute();
}

/** An active staff member by id (`3` or `#3`), phone number or Telegram user id. */
export async function findStaff(db: Kysely<Database>, ref: string): Promise<StaffRow | undefined> {
  const trimmed = ref.trim();
  const byId = /^#(\d+)$/u.exec(trimmed)?.[1];
  if (byId) return activeStaff(db).where('id', '=', byId).executeTakeFirst();
  const phone = parseIndonesianPhone(trimmed);
  return activeStaff(db)
    .where((eb) =>
      eb.or([
        eb('telegram_user_id', '=', trimmed),
        ...(phone.kind === 'ok' ? [eb('phone_e164', '=', phone.e164)] : []),
        ...(/^\d{1,9}$/u.test(trimmed) ? [eb('id', '=', trimmed)] : []),
      ]),
    )
    .orderBy('id')
    .executeTakeFirst();
}

/**
 * Removes a staff member and ends whatever they had half done in chat (an announcement at
 * its preview): re-added later, a bare `ya` must not send what was previewed back then.
 */
export async function removeStaff(db: Kysely<Database>, id: string, at = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .updateTable('staff')
      .set({ removed_at: at })
      .where('id', '=', id)
      .where('removed_at', 'is', null)
      .returning(['phone_e164', 'telegram_user_id'])
      .executeTakeFirst();
    if (!removed) return;
    // The chats that were theirs: as in runtime/core/chats.ts (CHAT_JOINS).
    await sql`
      update conversations c set state = c.state - 'staffFlow'
        from identities i
       where i.id = c.identity_id and c.state ? 'staffFlow'
         and ((i.verified_phone is not null and i.verified_phone = ${removed.phone_e164})
           or (i.channel = 'telegram' and i.address = ${removed.telegram_user_id}))`.execute(trx);
  });
}

function activeStaff(db: Kysely<Database>) {
  return db.selectFrom('staff').selectAll().where('removed_at', 'is', null);
}

function toE164(raw: string): string {
  const phone = parseIndonesianPhone(raw);
  if (phone.kind !== 'ok') throw new StaffInputError(`not an Indonesian phone number: "${raw}" (e.g. 081234567890)`);
  return phone.e164;
}

function toTelegramId(raw: string): string {
  const id = raw.trim();
  // A user's id is a positive number; negative ids are groups, which are never staff.
  if (!/^\d{1,15}$/u.test(id)) throw new StaffInputError(`not a Telegram user id: "${raw}" (a number, e.g. 123456789)`);
  return id;
}
