import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { Coalescer } from './coalescer.js';

// "Sent" is written the moment the platform says OK, and every send worker slot says it at
// about the same time: marks made while one statement is on its way share the next. Each sender
// still waits for its own mark to commit before it goes on (a job that dies before that
// would send the message again on its retry, so the window is kept to a few milliseconds).

export interface SentMark {
  readonly id: string;
  readonly platformMessageId: string;
  readonly sentAt: Date;
}

export class SentMarker {
  private readonly marks: Coalescer<SentMark, undefined>;

  constructor(db: Kysely<Database>) {
    this.marks = new Coalescer<SentMark, undefined>(async (marks) => {
      await markSent(db, marks);
      return marks.map(() => undefined);
    });
  }

  async mark(mark: SentMark): Promise<void> {
    await this.marks.add(mark);
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
