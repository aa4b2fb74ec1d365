import { sql, type Kysely } from 'kysely';
import { CliInputError } from '../../cli/input.js';
import type { ChangeFeed } from '../../db/changes.js';
import type { Database } from '../../db/schema.js';
import type { FaqEntry, FaqTopic, Vocabulary } from '../../engine/parse/vocabulary.js';

// The FAQ kept in the database (seeded from the city's faq.json by migration 0016): the
// engine reads questions with the city's words and answers them with these entries, loaded
// for each turn. Staff add entries on the command line or turn an answered ticket into one.

export class FaqInputError extends CliInputError {
  override readonly name = 'FaqInputError';
}

export interface FaqRow {
  readonly id: string;
  readonly code: string;
  readonly question: string;
  readonly answer: string;
  readonly keywords: readonly string[];
}

// Entries staff add have no topic of the city file's; the topic matters only for workshops.
const STAFF_TOPIC = 'staff';

/** The entries in force, as the engine reads them; `{officeName}` … filled from the office's details. */
export async function loadFaq(db: Kysely<Database>, facts: Readonly<Record<string, string>>): Promise<FaqEntry[]> {
  const rows = await db.selectFrom('faq_entries').selectAll().where('removed_at', 'is', null).orderBy('id').execute();
  const fill = (t: string) => fillPlaceholders(t, facts);
  return rows.map((r) => ({
    id: r.code,
    topic: r.topic as FaqTopic,
    priority: r.priority,
    match: r.match,
    bare: r.bare,
    answer: { id: fill(r.answer_id), en: fill(r.answer_en ?? r.answer_id) },
  }));
}

const PLACEHOLDERS: Readonly<Record<string, string>> = { officeName: 'orgName', officeAddress: 'officeAddress', officeHours: 'officeHours', officePhone: 'officePhone' };

function fillPlaceholders(text: string, facts: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/gu, (whole, name: string) => facts[PLACEHOLDERS[name] ?? name] ?? whole);
}

/** A vocabulary with the database's FAQ, rebuilt only when the entries change (the readers cache by vocabulary). */
export class FaqVocabulary {
  private cached: { key: string; vocabulary: Vocabulary; generation: number | null } | null = null;
  constructor(
    private readonly city: Vocabulary,
    private readonly facts: Readonly<Record<string, string>>,
    /** While it listens, the entries are not looked at again until they change. */
    private readonly changes?: ChangeFeed,
  ) {}

  async get(db: Kysely<Database>): Promise<Vocabulary> {
    const generation = this.changes?.generation('faq') ?? null;
    if (generation !== null && this.cached?.generation === generation) return this.cached.vocabulary;
    const { rows } = await sql<{ key: string }>`
      select count(*) || ':' || coalesce(max(id), 0) || ':' || count(removed_at) as key from faq_entries`.execute(db);
    const key = rows[0]?.key ?? '';
    if (this.cached?.key === key) {
      this.cached.generation = generation;
      return this.cached.vocabulary;
    }
    const vocabulary = { ...this.city, faq: await loadFaq(db, this.facts) };
    this.cached = { key, vocabulary, generation };
    return vocabulary;
  }
}

export async function listFaq(db: Kysely<Database>): Promise<FaqRow[]> {
  const rows = await db.selectFrom('faq_entries').selectAll().where('removed_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, code: r.code, question: r.question, answer: r.answer_id, keywords: r.match.flatMap((alt) => alt.flat()) }));
}

export interface NewFaq {
  readonly question: string;
  readonly answer: string;
  /** Each keyword (or phrase) alone is enough for the entry to match a question. */
  readonly keywords: readonly string[];
  /** Instead of "any one keyword": FaqEntry.match as it is (alternatives of groups of phrases). */
  readonly match?: readonly (readonly string[])[][];
  readonly sourceTicketId?: string;
}

export async function addFaq(db: Kysely<Database>, entry: NewFaq): Promise<FaqRow> {
  const question = entry.question.trim();
  const answer = entry.answer.trim();
  const keywords = [...new Set(entry.keywords.map((k) => k.trim().toLowerCase()).filter(Boolean))];
  if (question === '') throw new FaqInputError('a question is needed (--question "Bagaimana cara mengurus NIB?")');
  if (answer === '') throw new FaqInputError('an answer is needed (--answer "…")');
  if (keywords.length === 0) throw new FaqInputError('at least one keyword is needed (--keywords "nib, izin usaha")');
  const row = await db
    .insertInto('faq_entries')
    .values({
      code: `staff-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
      topic: STAFF_TOPIC,
      priority: 40,
      match: JSON.stringify(entry.match ?? keywords.map((k) => [[k]])),
      bare: JSON.stringify([]),
      question,
      answer_id: answer,
      answer_en: null,
      source_ticket_id: entry.sourceTicketId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { id: row.id, code: row.code, question: row.question, answer: row.answer_id, keywords };
}

export async function removeFaq(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const done = await db.updateTable('faq_entries').set({ removed_at: now }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
  return Number(done.numUpdatedRows) > 0;
}
