import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { openCheckinPeriod, type CheckinJobDeps } from '../../src/runtime/checkin/jobs.js';
import { waitFor, type TestApp } from '../support/app.js';

// Check-in test helpers: a population inserted straight into the tables (as after sign-up),
// and opening a period by hand as staff do.

export function checkinDeps(t: TestApp): CheckinJobDeps {
  const app = t.app;
  return { db: app.database.db, queues: app.queues, turnDeps: app.runtime.turnDeps, config: app.config, log: app.log };
}

export function openByHand(t: TestApp, period: string) {
  return openCheckinPeriod(checkinDeps(t), period, 'test');
}

export async function waitForFanout(t: TestApp, period: string, timeoutMs = 30_000): Promise<void> {
  const db = t.app.database.db;
  await waitFor(async () => (await db.selectFrom('checkin_periods').select('fanout_done_at').where('period', '=', period).executeTakeFirst())?.fanout_done_at, timeoutMs, `fan-out of ${period}`);
}

export interface Chat {
  readonly channel?: 'console' | 'telegram' | 'whatsapp';
  readonly address: string;
  readonly unreachable?: boolean;
  /** Minutes ago this chat last wrote (the most recent reachable one gets the check-in). */
  readonly seenMinutesAgo?: number;
}

export interface Seed {
  readonly name: string;
  readonly omzet: number;
  readonly sectorId?: number;
  readonly kecamatanId?: number;
  readonly chats: readonly Chat[];
  readonly optedOut?: boolean;
  readonly erased?: boolean;
  readonly consent?: boolean;
  readonly phone?: string;
  readonly business?: string;
}

let memberSeq = 0;

/** Inserts registered people with their chats; returns their ids in order. */
export async function insertPeople(db: Kysely<Database>, seeds: readonly Seed[]): Promise<string[]> {
  const ids: string[] = [];
  for (const s of seeds) {
    const person = await db
      .insertInto('people')
      .values({
        member_no: s.erased ? null : `TST-${String(++memberSeq).padStart(6, '0')}-${Math.random().toString(36).slice(2, 6)}`,
        full_name: s.erased ? null : s.name,
        business_name: s.erased ? null : (s.business ?? `Usaha ${s.name}`),
        phone_e164: s.erased ? null : (s.phone ?? null),
        sector_id: s.sectorId ?? 1,
        kecamatan_id: s.kecamatanId ?? 5,
        business_started_year: 2019,
        baseline_omzet: s.omzet,
        opted_out_at: s.optedOut || s.erased ? new Date() : null,
        erased_at: s.erased ? new Date() : null,
        registered_at: new Date(Date.now() - 40 * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(person.id);
    if (s.consent !== false && !s.erased) {
      await db.insertInto('consents').values({ person_id: person.id, purpose: 'registration', text_version: 'consent-test', lang: 'id', granted: true, channel: 'console', decided_at: new Date() }).execute();
    }
    for (const chat of s.erased ? [] : s.chats) {
      await db
        .insertInto('identities')
        .values({
          channel: chat.channel ?? 'console',
          address: chat.address,
          person_id: person.id,
          unreachable_at: chat.unreachable ? new Date() : null,
          last_seen_at: new Date(Date.now() - (chat.seenMinutesAgo ?? 60) * 60_000),
        })
        .execute();
    }
  }
  return ids;
}

/** Many telegram people at once (benchmarks and fan-out tests): one statement per table. */
export async function insertManyPeople(db: Kysely<Database>, count: number, label: string): Promise<void> {
  await sql`
    with p as (
      insert into people (member_no, full_name, business_name, sector_id, kecamatan_id, business_started_year, baseline_omzet, registered_at)
      select ${label} || '-' || g, 'Orang ' || g, 'Usaha ' || g, 1 + g % 7, 1 + g % 5, 2019, 1000000 + (g % 50) * 100000, now() - interval '40 days'
        from generate_series(1, ${count}) g
      returning id, member_no
    ), c as (
      insert into consents (person_id, purpose, text_version, lang, granted, channel, decided_at)
      select id, 'registration', 'consent-test', 'id', true, 'telegram', now() from p
    )
    insert into identities (channel, address, person_id, last_seen_at)
    select 'telegram', 'tg-' || member_no, id, now() from p`.execute(db);
}

export async function answersOf(db: Kysely<Database>, personId: string, period: string) {
  return db
    .selectFrom('checkin_answers as a')
    .innerJoin('checkins as c', 'c.id', 'a.checkin_id')
    .select(['a.question_id', 'a.value', 'a.detail', 'a.survey_version'])
    .where('c.person_id', '=', personId)
    .where('c.period', '=', period)
    .orderBy('a.answered_at')
    .execute();
}
