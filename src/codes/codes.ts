import { createHmac, randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CODE_PURPOSES, findCode, generateCode, parseCode, type CodePurpose } from './format.js';

// Issuing and redeeming one-time codes. Only HMAC-SHA256(key, purpose + code) is stored.
// Why a keyed hash and not scrypt: a code has about 23 bits of randomness, so no hash that
// is cheap enough to check on every message would stop someone with a copy of the table from
// trying all ten million codes; scrypt's per-row salt would also force comparing a typed code
// against every live code in turn. A key kept outside the database makes a stolen table
// useless by itself and leaves lookup an index probe. Online guessing is bounded instead by
// the attempt limits, the guess limit per subject or sender, and a short life.

export interface CodeStore {
  /** The database or a transaction. Failures are recorded here too: do not roll them back. */
  readonly db: Kysely<Database>;
  /** The HMAC key (at least 16 bytes), from the environment, never from the database. */
  readonly key: string | Uint8Array;
}

type Subject = string | number | bigint;

export interface IssueRequest {
  readonly purpose: CodePurpose;
  /** Whose code it is: a staff id, a person id … */
  readonly subject?: Subject;
  /** Defaults to the purpose's life (CODE_PURPOSES). */
  readonly ttlMs?: number;
  /** Returned on redemption (e.g. the name staff gave an invitation). */
  readonly meta?: Record<string, unknown>;
}

export interface IssuedCode {
  /** As shown to people, e.g. `STAF-7K4Q-2M`. Never stored. */
  readonly code: string;
  readonly id: string;
  readonly expiresAt: Date;
}

export interface RedeemRequest {
  readonly purpose: CodePurpose;
  /** What was typed: the code in any case and spacing, or a short message holding it. */
  readonly typed: string;
  /** The subject the code must belong to; required for purposes that say so. */
  readonly subject?: Subject;
  /** Who is typing (e.g. `telegram:7123456789`), so guesses are limited per sender too. */
  readonly by?: string;
}

export type RedeemFailure = 'unknown' | 'expired' | 'used' | 'locked' | 'malformed';

export type RedeemResult =
  | { readonly ok: true; readonly id: string; readonly subject: string | null; readonly meta: Record<string, unknown> }
  | { readonly ok: false; readonly reason: RedeemFailure };

/** Wrong codes per subject or per sender within the window; past it every redemption is `locked`. */
export const GUESS_LIMIT = { failures: 10, windowMs: 60 * 60_000 } as const;

export async function issueCode(store: CodeStore, request: IssueRequest, now: Date): Promise<IssuedCode> {
  const policy = CODE_PURPOSES[request.purpose];
  const ttlMs = request.ttlMs ?? policy.ttlMs;
  if (!(ttlMs > 0)) throw new RangeError(`ttlMs must be positive (got ${ttlMs})`);
  const expiresAt = new Date(now.getTime() + ttlMs);
  // A draw that equals a live code of the same purpose is drawn again.
  for (let draw = 0; draw < 5; draw++) {
    const code = generateCode(request.purpose, randomInt);
    const row = await store.db
      .insertInto('one_time_codes')
      .values({
        purpose: request.purpose,
        code_hash: codeHash(store.key, request.purpose, code.canonical),
        subject: request.subject === undefined ? null : String(request.subject),
        meta: JSON.stringify(request.meta ?? {}),
        created_at: now,
        expires_at: expiresAt,
        max_attempts: policy.maxAttempts,
      })
      .onConflict((oc) => oc.columns(['purpose', 'code_hash']).where('used_at', 'is', null).where('locked_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return { code: code.display, id: row.id, expiresAt };
  }
  throw new Error(`could not draw a free ${request.purpose} code`);
}

export async function redeemCode(store: CodeStore, request: RedeemRequest, now: Date): Promise<RedeemResult> {
  const { db } = store;
  const { purpose } = request;
  const subject = request.subject === undefined ? undefined : String(request.subject);
  if (CODE_PURPOSES[purpose].subjectAtRedeem === 'required' && subject === undefined) throw new Error(`a ${purpose} code is redeemed for a known subject`);
  const guessKeys = [...(subject !== undefined ? [`subject:${subject}`] : []), ...(request.by ? [`by:${request.by}`] : [])];
  if (guessKeys.length === 0) throw new Error('redeemCode needs a subject or `by`, so that guesses can be limited');

  const parsed = parseCode(findCode(request.typed) ?? request.typed);
  if (parsed.kind === 'malformed') return failure('malformed');
  if (parsed.code.purpose !== purpose) return failure('unknown'); // a real code, for something else
  if (await tooManyGuesses(db, purpose, guessKeys, now)) return failure('locked');

  const hash = codeHash(store.key, purpose, parsed.code.canonical);
  // One statement claims the code: of two redeeming at once, the second waits for the
  // first's row lock, re-reads `used_at` and matches nothing.
  const claimed = await db
    .updateTable('one_time_codes')
    .set({ used_at: now })
    .where('purpose', '=', purpose)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('locked_at', 'is', null)
    .where('expires_at', '>', now)
    .$if(subject !== undefined, (qb) => qb.where('subject', '=', subject!))
    .returning(['id', 'subject', 'meta'])
    .executeTakeFirst();
  if (claimed) return { ok: true, id: claimed.id, subject: claimed.subject, meta: claimed.meta };

  const known = await db
    .selectFrom('one_time_codes')
    .select(['used_at', 'locked_at'])
    .where('purpose', '=', purpose)
    .where('code_hash', '=', hash)
    .$if(subject !== undefined, (qb) => qb.where('subject', '=', subject!))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (known) return failure(known.used_at ? 'used' : known.locked_at ? 'locked' : 'expired');

  await recordGuess(db, purpose, guessKeys, subject, now);
  return failure('unknown');
}

/** Deletes codes finished (used, locked or expired) before `now - keepMs`, and old failures. */
export async function purgeCodes(db: Kysely<Database>, now: Date, keepMs = 30 * 24 * 60 * 60_000): Promise<number> {
  const before = new Date(now.getTime() - keepMs);
  const removed = await db
    .deleteFrom('one_time_codes')
    .where((eb) => eb.or([eb('used_at', '<', before), eb('locked_at', '<', before), eb('expires_at', '<', before)]))
    .executeTakeFirst();
  await db.deleteFrom('one_time_code_failures').where('at', '<=', new Date(now.getTime() - GUESS_LIMIT.windowMs)).execute();
  return Number(removed.numDeletedRows);
}

/** Whose codes `HAPUS DATA` takes: a person (their id), and the chats being erased (ids, and `channel:address` as guesses record them). */
export interface CodeOwner {
  readonly personId: string | null;
  readonly identityIds: readonly string[];
  readonly senders: readonly string[];
}

/**
 * Deletes the codes issued to a person or naming one of their chats in their meta (a
 * `hubungkan` code names the chat it was sent to, which holds their number), and the wrong
 * guesses counted against them or typed in their chats. A staff member's codes under the
 * same number stay: a subject is a person's id only for the purposes that say so.
 */
export async function eraseCodesOf(db: Kysely<Database>, owner: CodeOwner): Promise<void> {
  const personPurposes = Object.entries(CODE_PURPOSES).filter(([, p]) => p.subjectIs === 'person').map(([purpose]) => purpose);
  const { personId, identityIds } = owner;
  if (personId || identityIds.length > 0) {
    await db
      .deleteFrom('one_time_codes')
      .where((eb) =>
        eb.or([
          ...(personId && personPurposes.length > 0 ? [eb.and([eb('purpose', 'in', personPurposes), eb('subject', '=', personId)])] : []),
          ...(identityIds.length > 0 ? [eb(sql<string>`meta->>'identityId'`, 'in', identityIds)] : []),
        ]),
      )
      .execute();
  }
  const keys = owner.senders.map((s) => `by:${s}`);
  if (keys.length > 0) await db.deleteFrom('one_time_code_failures').where('key', 'in', keys).execute();
  if (personId && personPurposes.length > 0) {
    await db.deleteFrom('one_time_code_failures').where('purpose', 'in', personPurposes).where('key', '=', `subject:${personId}`).execute();
  }
}

export function codeHash(key: string | Uint8Array, purpose: CodePurpose, canonical: string): string {
  if (Buffer.byteLength(key) < 16) throw new Error('the one-time code key must be at least 16 bytes');
  return createHmac('sha256', key).update(`${purpose}\0${canonical}`).digest('hex');
}

async function tooManyGuesses(db: Kysely<Database>, purpose: CodePurpose, keys: string[], now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - GUESS_LIMIT.windowMs);
  const counts = await db
    .selectFrom('one_time_code_failures')
    .select((eb) => ['key', eb.fn.countAll<string>().as('n')])
    .where('purpose', '=', purpose)
    .where('key', 'in', keys)
    .where('at', '>', since)
    .groupBy('key')
    .execute();
  return counts.some((c) => Number(c.n) >= GUESS_LIMIT.failures);
}

/** A wrong code: counted per subject and sender, and against the subject's live codes. */
async function recordGuess(db: Kysely<Database>, purpose: CodePurpose, keys: string[], subject: string | undefined, now: Date): Promise<void> {
  await db
    .insertInto('one_time_code_failures')
    .values(keys.map((key) => ({ purpose, key, at: now })))
    .execute();
  if (subject === undefined) return;
  await db
    .updateTable('one_time_codes')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      locked_at: sql<Date | null>`case when attempts + 1 >= max_attempts then ${now}::timestamptz end`,
    }))
    .where('purpose', '=', purpose)
    .where('subject', '=', subject)
    .where('used_at', 'is', null)
    .where('locked_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
}

function failure(reason: RedeemFailure): RedeemResult {
  return { ok: false, reason };
}
