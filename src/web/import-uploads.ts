import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RegisterTable } from '../runtime/import/register.js';

// An uploaded register between the Impor page's steps (upload, map columns, preview, import),
// so it is sent once. Kept in Redis, which every web process shares, as the file's rows read
// (not the file: it is read once), under a random token bound to the session that uploaded
// it; Redis forgets it after an hour, and the import takes it away.

export const UPLOAD_TTL_SECONDS = 60 * 60;
const TOKEN = /^[\w-]{32}$/u;

export interface StoredUpload {
  readonly sessionId: string;
  readonly filename: string;
  readonly table: RegisterTable;
}

export type Found = { readonly kind: 'ok'; readonly upload: StoredUpload } | { readonly kind: 'missing' } | { readonly kind: 'other_session' };

export class ImportUploads {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(token: string): string {
    return `${this.prefix}:import-upload:${token}`;
  }

  async put(upload: StoredUpload): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.redis.set(this.key(token), JSON.stringify(upload), 'EX', UPLOAD_TTL_SECONDS);
    return token;
  }

  /** The upload of `token` if it belongs to `sessionId`; `take` also removes it, once (a second import finds nothing). */
  async find(token: string, sessionId: string, take = false): Promise<Found> {
    if (!TOKEN.test(token)) return { kind: 'missing' };
    const raw = await this.redis.get(this.key(token));
    if (raw === null) return { kind: 'missing' };
    const upload = JSON.parse(raw) as StoredUpload;
    if (upload.sessionId !== sessionId) return { kind: 'other_session' };
    if (take && (await this.redis.del(this.key(token))) === 0) return { kind: 'missing' };
    return { kind: 'ok', upload };
  }
}
