import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { issueCode, redeemCode } from '../codes/codes.js';
import type { Database } from '../db/schema.js';
import type { StaffRole, StaffRow } from '../db/staff-schema.js';
import type { QueueRegistry } from '../jobs/queues.js';
import { insertBulk } from '../outbox/write.js';
import { BULK_PRIORITY, queueRows } from '../outbox/queue.js';
import { findStaff } from '../runtime/staff/directory.js';

// Staff sign in with a one-time WEB- code sent to their own staff chat (through the outbox,
// like any message) or with a password set from the command line. The session lives in
// Postgres; the cookie holds a random token whose SHA-256 is the row's id.

export interface WebStaff {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
}

export interface WebSession {
  readonly staff: WebStaff;
  readonly csrfToken: string;
  readonly sessionId: string;
}

const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, KEY_LENGTH, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))));
}

/** `scrypt$N$r$p$salt$hash` (base64), so the cost can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$');
  if (!parts || parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 }, (error, k) => (error ? reject(error) : resolve(k))),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const MIN_PASSWORD_LENGTH = 10;

export async function setStaffPassword(db: Kysely<Database>, staffId: string, password: string): Promise<void> {
  await db.updateTable('staff').set({ password_hash: await hashPassword(password) }).where('id', '=', staffId).execute();
}

/** The active staff member a login form names (`3`, `#3`, a phone number or a Telegram id). */
export function findLoginStaff(db: Kysely<Database>, ref: string): Promise<StaffRow | undefined> {
  const trimmed = ref.trim();
  if (trimmed === '') return Promise.resolve(undefined);
  return findStaff(db, /^\d{1,9}$/u.test(trimmed) ? `#${trimmed}` : trimmed);
}

function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Ended or expired sessions are kept this long (who was signed in when), then deleted. */
const SESSION_KEEP_MS = 90 * 24 * 3_600_000;

/**
 * How long a session lives: `idleMs` after its last use (each use moves the expiry forward),
 * and never past `maxMs` after signing in, however busy — a stolen cookie stops working by then.
 */
export interface SessionLifetime {
  readonly idleMs: number;
  readonly maxMs: number;
}

/** A session's expiry is written at most this often: not one write per asset of a page. */
const SLIDE_STEP_MS = 60_000;

export function sessionExpiry(createdAt: Date, now: Date, lifetime: SessionLifetime): Date {
  return new Date(Math.min(now.getTime() + lifetime.idleMs, createdAt.getTime() + lifetime.maxMs));
}

export async function createSession(db: Kysely<Database>, staffId: string, method: 'code' | 'password', now: Date, lifetime: SessionLifetime): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.deleteFrom('web_sessions').where('expires_at', '<', new Date(now.getTime() - SESSION_KEEP_MS)).execute();
  await db
    .insertInto('web_sessions')
    .values({ id: tokenId(token), staff_id: staffId, csrf_token: randomBytes(24).toString('base64url'), method, created_at: now, last_seen_at: now, expires_at: sessionExpiry(now, now, lifetime) })
    .execute();
  return token;
}

/** The session of a cookie's token, if it is live and its staff member still active; using it moves its expiry forward. */
export async function loadSession(db: Kysely<Database>, token: string | undefined, now: Date, lifetime: SessionLifetime): Promise<WebSession | null> {
  if (!token || token.length > 100) return null;
  const row = await db
    .selectFrom('web_sessions as w')
    .innerJoin('staff as s', 's.id', 'w.staff_id')
    .select(['w.id', 'w.csrf_token', 'w.created_at', 'w.last_seen_at', 's.id as staff_id', 's.name', 's.role'])
    .where('w.id', '=', tokenId(token))
    .where('w.ended_at', 'is', null)
    .where('w.expires_at', '>', now)
    .where('s.removed_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() >= SLIDE_STEP_MS) {
    // Only forward: a session ended meanwhile (signed out elsewhere) stays ended.
    await db
      .updateTable('web_sessions')
      .set({ last_seen_at: now, expires_at: sessionExpiry(row.created_at, now, lifetime) })
      .where('id', '=', row.id)
      .where('ended_at', 'is', null)
      .where('last_seen_at', '<', now)
      .execute();
  }
  return { sessionId: row.id, csrfToken: row.csrf_token, staff: { id: row.staff_id, name: row.name, role: row.role } };
}

export async function endSession(db: Kysely<Database>, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('web_sessions').set({ ended_at: now }).where('id', '=', sessionId).execute();
}

export function sameToken(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface StaffChat {
  readonly identityId: string;
  readonly channel: 'telegram' | 'whatsapp';
  readonly address: string;
}

/**
 * Where a staff member's code goes: their Telegram chat (by user id), else the WhatsApp chat
 * whose verified number is theirs. Telegram delivers once they have pressed Start.
 */
export async function staffChat(db: Kysely<Database>, staff: StaffRow): Promise<StaffChat | null> {
  if (staff.telegram_user_id) {
    const row = await sql<{ id: string }>`
      insert into identities (channel, address) values ('telegram', ${staff.telegram_user_id})
      on conflict on constraint identities_channel_address_key do update set channel = excluded.channel
      returning id`.execute(db);
    return { identityId: row.rows[0]!.id, channel: 'telegram', address: staff.telegram_user_id };
  }
  if (staff.phone_e164) {
    const chat = await db
      .selectFrom('identities')
      .select(['id', 'address'])
      .where('channel', '=', 'whatsapp')
      .where('verified_phone', '=', staff.phone_e164)
      .orderBy('last_seen_at', 'desc')
      .executeTakeFirst();
    if (chat) return { identityId: chat.id, channel: 'whatsapp', address: chat.address };
  }
  return null;
}

export interface CodeDeps {
  readonly db: Kysely<Database>;
  readonly queues: QueueRegistry;
  readonly key: string;
}

/** Issues a WEB- code for the staff member and puts it in the outbox to their staff chat. */
export async function sendLoginCode(deps: CodeDeps, staff: StaffRow, chat: StaffChat, now: Date, text: (code: string, expiresAt: Date) => string): Promise<void> {
  const issued = await issueCode({ db: deps.db, key: deps.key }, { purpose: 'web_login', subject: staff.id }, now);
  const rows = await insertBulk(deps.db, [
    {
      identityId: chat.identityId,
      personId: null,
      channel: chat.channel,
      address: chat.address,
      text: text(issued.code, issued.expiresAt),
      dedupeKey: `web_login:${issued.id}`,
      source: { topic: 'web_login' },
      priority: BULK_PRIORITY.reminder,
      expiresAt: issued.expiresAt,
    },
  ]);
  await queueRows(deps.db, deps.queues, rows);
}

export async function checkLoginCode(deps: CodeDeps, staff: StaffRow, typed: string, by: string, now: Date): Promise<boolean> {
  const result = await redeemCode({ db: deps.db, key: deps.key }, { purpose: 'web_login', typed, subject: staff.id, by }, now);
  return result.ok;
}
