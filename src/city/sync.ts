import type { Kysely } from 'kysely';
import type { FaqEntry } from '../engine/parse/vocabulary.js';
import type { Database } from '../db/schema.js';
import type { ReferenceEntry } from './load.js';

// At start the sectors and kecamatan tables follow the city folder (CITY): a code in the
// folder is added, or its name and order are updated (and it is shown again if it was
// hidden); a code no longer in the folder is deleted if nobody uses it, and only hidden
// (active = false) if someone does, so no person ever loses their sector or kecamatan.
// Aliases of a row that already exists are left as they are: the conversation reads them,
// and a start must not change what the bot understands.

export interface SyncSummary {
  readonly added: string[];
  readonly updated: string[];
  readonly hidden: string[];
  readonly deleted: string[];
}

type Table = 'sectors' | 'kecamatan';
const USED_BY = { sectors: 'sector_id', kecamatan: 'kecamatan_id' } as const;

export async function syncReferenceTables(db: Kysely<Database>, city: { sectors: readonly ReferenceEntry[]; kecamatan: readonly ReferenceEntry[] }): Promise<Record<Table, SyncSummary>> {
  return db.transaction().execute(async (trx) => ({
    sectors: await syncTable(trx, 'sectors', city.sectors),
    kecamatan: await syncTable(trx, 'kecamatan', city.kecamatan),
  }));
}

async function syncTable(db: Kysely<Database>, table: Table, entries: readonly ReferenceEntry[]): Promise<SyncSummary> {
  const summary: SyncSummary = { added: [], updated: [], hidden: [], deleted: [] };
  const rows = await db.selectFrom(table).select(['id', 'code', 'name', 'sort_order', 'active']).execute();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  for (const entry of entries) {
    const row = byCode.get(entry.code);
    if (!row) {
      await db.insertInto(table).values({ code: entry.code, name: entry.name, aliases: [...entry.aliases], sort_order: entry.sortOrder })
        // Two processes starting together: the other one added it first.
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
      summary.added.push(entry.code);
    } else if (row.name !== entry.name || row.sort_order !== entry.sortOrder || !row.active) {
      await db.updateTable(table).set({ name: entry.name, sort_order: entry.sortOrder, active: true }).where('id', '=', row.id).execute();
      summary.updated.push(entry.code);
    }
  }
  const wanted = new Set(entries.map((e) => e.code));
  for (const row of rows.filter((r) => !wanted.has(r.code))) {
    const used = await db.selectFrom('people').select('id').where(USED_BY[table], '=', row.id).limit(1).executeTakeFirst();
    if (used) {
      if (row.active) {
        await db.updateTable(table).set({ active: false }).where('id', '=', row.id).execute();
        summary.hidden.push(row.code);
      }
    } else {
      await db.deleteFrom(table).where('id', '=', row.id).execute();
      summary.deleted.push(row.code);
    }
  }
  return summary;
}

/**
 * The city's FAQ (faq.json) is where the database's starts: entries it does not have yet are
 * added at every start; an entry staff changed or removed (`faq remove`) is left as it is.
 */
export async function seedFaq(db: Kysely<Database>, entries: readonly FaqEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const added = await db
    .insertInto('faq_entries')
    .values(
      entries.map((e) => ({
        code: e.id,
        topic: e.topic,
        priority: e.priority,
        match: JSON.stringify(e.match),
        bare: JSON.stringify(e.bare),
        question: e.bare[0] ?? e.id,
        answer_id: e.answer.id,
        answer_en: e.answer.en ?? null,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(added.numInsertedOrUpdatedRows ?? 0);
}
