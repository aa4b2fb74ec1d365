import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { VocabularyKind } from '../../db/understand-schema.js';
import type { Activity, PlaceAlias, Vocabulary, VocabularyAdditions } from '../../engine/parse/vocabulary.js';
import { recordAudit } from '../staff/audit.js';

// Words staff teach the bot (`understand add sector "jual pulsa" perdagangan`): rows on top
// of the city files. Each addition bumps the one vocabulary version row in the same
// transaction, so every process sees the change before its next turn.

export const VOCABULARY_KINDS: readonly VocabularyKind[] = ['sector', 'kecamatan', 'yes', 'no', 'rsvp'];
const RSVP_TARGETS = ['attend', 'withdraw'] as const;

/** Every addition, as the engine merges it over the city vocabulary (newest first). */
export async function vocabularyAdditions(db: Kysely<Database>): Promise<VocabularyAdditions> {
  const rows = await db.selectFrom('vocabulary_additions').select(['kind', 'phrase', 'target']).orderBy('id', 'desc').execute();
  const activities: Activity[] = [];
  const places: PlaceAlias[] = [];
  const yes: string[] = [];
  const no: string[] = [];
  const rsvpAttend: string[] = [];
  const rsvpWithdraw: string[] = [];
  for (const r of rows) {
    if (r.kind === 'sector') activities.push({ phrase: r.phrase, sector: r.target });
    else if (r.kind === 'kecamatan') places.push({ phrase: r.phrase, kecamatan: r.target });
    else if (r.kind === 'yes') yes.push(r.phrase);
    else if (r.kind === 'no') no.push(r.phrase);
    else (r.target === 'withdraw' ? rsvpWithdraw : rsvpAttend).push(r.phrase);
  }
  return { activities, places, words: { yes, no, rsvpAttend, rsvpWithdraw } };
}

export class VocabularyError extends Error {
  override readonly name = 'VocabularyError';
}

export interface NewWord {
  readonly kind: string;
  readonly phrase: string;
  /** A sector or kecamatan code, or attend / withdraw; none for yes and no. */
  readonly target?: string;
}

/** What `understand add` checks before anything is written: a known kind and a target that exists. */
export function checkNewWord(word: NewWord, vocabulary: Vocabulary): { kind: VocabularyKind; phrase: string; target: string } {
  const kind = VOCABULARY_KINDS.find((k) => k === word.kind);
  if (!kind) throw new VocabularyError(`unknown kind "${word.kind}": expected one of ${VOCABULARY_KINDS.join(', ')}`);
  const phrase = word.phrase.trim().toLowerCase().replace(/\s+/g, ' ');
  if (phrase.length === 0 || phrase.length > 100) throw new VocabularyError('the phrase must have 1 to 100 characters');
  const target = (word.target ?? '').trim().toLowerCase();
  const allowed: Record<VocabularyKind, readonly string[]> = {
    sector: vocabulary.sectors.map((s) => s.code),
    kecamatan: vocabulary.kecamatan.map((k) => k.code),
    rsvp: RSVP_TARGETS,
    yes: [''],
    no: [''],
  };
  if (!allowed[kind].includes(target)) {
    const expected = kind === 'yes' || kind === 'no' ? 'nothing after the phrase' : `one of ${allowed[kind].join(', ')}`;
    throw new VocabularyError(`"${target}" is not a ${kind} target: expected ${expected}`);
  }
  return { kind, phrase, target };
}

/** Adds (or re-points) a phrase, bumps the version and audits it, in one transaction. */
export async function addVocabulary(db: Kysely<Database>, word: NewWord, vocabulary: Vocabulary, actor: { staffId: string | null; actor: string }): Promise<{ version: string; phrase: string }> {
  const checked = checkNewWord(word, vocabulary);
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('vocabulary_additions')
      .values({ kind: checked.kind, phrase: checked.phrase, target: checked.target, added_by: actor.actor })
      .onConflict((oc) => oc.columns(['kind', 'phrase']).doUpdateSet({ target: checked.target, added_by: actor.actor, added_at: sql`now()` }))
      .execute();
    const { rows } = await sql<{ version: string }>`update vocabulary_version set version = version + 1 where id = 1 returning version`.execute(trx);
    await recordAudit(trx, { staffId: actor.staffId, actor: actor.actor, action: 'understand_word_added', details: checked });
    return { version: rows[0]!.version, phrase: checked.phrase };
  });
}
