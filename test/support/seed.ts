import { sql, type Kysely } from 'kysely';
import type { ChannelName } from '../../src/channels/types.js';
import type { Database, GrowthStatus } from '../../src/db/schema.js';

// People as if they had signed up by chat, written straight into the tables, with one set
// of rules for every test: registered forty days ago with their consent, started in 2019,
// in Banjarmasin Utara (kecamatan 5) and Kuliner (sector 1) with growth status stagnan
// unless told otherwise, each with the chats given (a chat last seen an hour ago unless told).

export interface ChatSpec {
  readonly channel?: ChannelName;
  readonly address: string;
  readonly verifiedPhone?: string;
  readonly unreachable?: boolean;
  readonly lastSeen?: Date;
  /** Minutes ago this chat last wrote (the most recent reachable one is the one used). */
  readonly seenMinutesAgo?: number;
}

export interface PersonSpec {
  readonly name: string;
  readonly business?: string;
  readonly kecamatan?: number;
  readonly kecamatanId?: number;
  readonly sector?: number;
  readonly sectorId?: number;
  /** The omzet given at sign-up. */
  readonly omzet?: number;
  readonly status?: GrowthStatus | null;
  readonly phone?: string | null;
  readonly optedOut?: boolean;
  readonly erased?: boolean;
  /** Left out only to test someone who never consented. */
  readonly consent?: boolean;
  readonly chats: readonly ChatSpec[];
}

let memberSeq = 0;
const DAY_MS = 86_400_000;

/** Inserts the people and their chats; returns each one's id, in order. */
export async function seedPeople(db: Kysely<Database>, people: readonly PersonSpec[]): Promise<{ name: string; id: string }[]> {
  const seeded: { name: string; id: string }[] = [];
  for (const p of people) {
    const row = await db
      .insertInto('people')
      .values({
        member_no: p.erased ? null : `BJM-${String(900_000 + ++memberSeq)}`,
        full_name: p.erased ? null : p.name,
        business_name: p.erased ? null : (p.business ?? `Usaha ${p.name}`),
        phone_e164: p.erased ? null : (p.phone ?? null),
        kecamatan_id: p.kecamatan ?? p.kecamatanId ?? 5,
        sector_id: p.sector ?? p.sectorId ?? 1,
        business_started_year: 2019,
        baseline_omzet: p.omzet ?? null,
        growth_status: p.status === undefined ? 'stagnan' : p.status,
        opted_out_at: p.optedOut || p.erased ? new Date() : null,
        erased_at: p.erased ? new Date() : null,
        registered_at: new Date(Date.now() - 40 * DAY_MS),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    seeded.push({ name: p.name, id: row.id });
    if (p.consent !== false && !p.erased) {
      await db.insertInto('consents').values({ person_id: row.id, purpose: 'registration', text_version: 'consent-test', lang: 'id', granted: true, channel: 'console', decided_at: new Date() }).execute();
    }
    for (const c of p.chats) {
      await db
        .insertInto('identities')
        .values({
          channel: c.channel ?? 'console',
          address: c.address,
          person_id: row.id,
          verified_phone: c.verifiedPhone ?? null,
          unreachable_at: c.unreachable ? new Date() : null,
          last_seen_at: c.lastSeen ?? new Date(Date.now() - (c.seenMinutesAgo ?? 60) * 60_000),
        })
        .execute();
    }
  }
  return seeded;
}

/** The people's ids by name. */
export async function insertPeople(db: Kysely<Database>, people: readonly PersonSpec[]): Promise<Map<string, string>> {
  return new Map((await seedPeople(db, people)).map((p) => [p.name, p.id]));
}

/** The people's ids in the order given. */
export async function insertPeopleInOrder(db: Kysely<Database>, people: readonly PersonSpec[]): Promise<string[]> {
  return (await seedPeople(db, people)).map((p) => p.id);
}

/** `count` registered people in Banjarmasin Utara, stagnant, each with one Telegram chat. */
export async function insertTelegramCrowd(db: Kysely<Database>, count: number, firstChatId: number, label = 'Crowd'): Promise<void> {
  await insertCrowd(
    db,
    sql`select 'C' || ${label} || '-' || g as member_no, ${label} || ' ' || g as full_name, 'Warung ' || ${label} || ' ' || g as business_name,
               1 as sector_id, 5 as kecamatan_id, null::bigint as baseline_omzet,
               (${firstChatId}::bigint + g)::text as address
          from generate_series(1, ${count}) g`,
  );
}

/** Many people across sectors and kecamatan with varied omzet, each with one Telegram chat (fan-outs, benchmarks). */
export async function insertManyPeople(db: Kysely<Database>, count: number, label: string): Promise<void> {
  await insertCrowd(
    db,
    sql`select ${label} || '-' || g as member_no, 'Orang ' || g as full_name, 'Usaha ' || g as business_name,
               1 + g % 7 as sector_id, 1 + g % 5 as kecamatan_id, 1000000 + (g % 50) * 100000 as baseline_omzet,
               'tg-' || ${label} || '-' || g as address
          from generate_series(1, ${count}) g`,
  );
}

/** People from `rows` (member_no, full_name, business_name, sector_id, kecamatan_id, baseline_omzet, address), by the same rules. */
async function insertCrowd(db: Kysely<Database>, rows: ReturnType<typeof sql>): Promise<void> {
  await sql`
    with source as (${rows}),
    person as (
      insert into people (member_no, full_name, business_name, sector_id, kecamatan_id, business_started_year, baseline_omzet, growth_status, registered_at)
      select member_no, full_name, business_name, sector_id, kecamatan_id, 2019, baseline_omzet, 'stagnan', now() - interval '40 days' from source
      returning id, member_no
    ), consent as (
      insert into consents (person_id, purpose, text_version, lang, granted, channel, decided_at)
      select id, 'registration', 'consent-test', 'id', true, 'telegram', now() from person
    )
    insert into identities (channel, address, person_id, last_seen_at)
    select 'telegram', source.address, person.id, now() from person join source on source.member_no = person.member_no`.execute(db);
}
