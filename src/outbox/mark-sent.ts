import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

// "Sent" is written the moment the platform says OK, and every send worker slot says it at
// about the same time: the marks of a few milliseconds share one statement. Each sender
// still waits for its own mark to commit before it goes on (a job that dies before that
// would send the message again on its retry, so the window is kept to a few milliseconds).

export interface SentMark {
  readonly id: string;
  readonly platformMessageId: string;
  readonly sentAt: Date;
}

interface Waiting extends SentMark {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class SentMarker {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly windowMs = 2,
  ) {}

  mark(mark: SentMark): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...mark, resolve, reject });
      this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const batch = this.waiting;
    this.waiting = [];
    try {
      await markSent(this.db, batch);
      for (const w of batch) w.resolve();
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}

/**
 * Marks rows sent, in one statement. The last words to an erased chat keep nothing of it,
 * not even the platform's id (it holds the number).
 */
export async function markSent(db: Kysely<Database>, marks: readonly SentMark[]): Promise<void> {
  if (marks.length === 0) return;
  await sql`
    update outbound_messages o
       set status = 'sent',
           platform_message_id = case when o.forget_after_send then null else v.platform_message_id end,
           sent_at = v.sent_at,
           sending_until = null,
           attempts = o.attempts + 1,
           status_reason = null,
           text = case when o.forget_after_send then null else o.text end,
           address = case when o.forget_after_send then null else o.address end,
           choices = case when o.forget_after_send then '[]'::jsonb else o.choices end,
           footer = case when o.forget_after_send then null else o.footer end
      from unnest(${marks.map((m) => m.id)}::bigint[], ${marks.map((m) => m.platformMessageId)}::text[], ${marks.map((m) => m.sentAt.toISOString())}::timestamptz[])
           as v(id, platform_message_id, sent_at)
     where o.id = v.id`.execute(db);
}
