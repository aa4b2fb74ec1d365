import { sql, type Kysely } from 'kysely';
import type { ChannelName } from '../../channels/types.js';
import type { Database } from '../../db/schema.js';
import type { BroadcastRow } from '../../db/staff-schema.js';
import { literal, text } from '../../engine/core/text.js';
import type { OutgoingMessage, Text } from '../../engine/core/vocabulary.js';
import type { PacingRule } from '../../outbox/pace.js';
import { restoreSegment } from '../../engine/segments/describe.js';
import type { Segments } from '../core/segments.js';
import type { SegmentRefs, SegmentSpec } from '../../engine/segments/types.js';
import { personalise } from '../../engine/broadcast/announcement.js';
import { formatLocalDateTime } from '../../time.js';

// What staff read about a broadcast: the preview before it goes, and how it went
// (`terkirim 2.981 · gagal 12 · dilewati 7 (berhenti langganan) · menunggu 0`). The same
// words in chat, in the summary when it finishes and on the command line.

export type Render = (t: Text) => string;

export interface DeliveryCounts {
  readonly sent: number;
  readonly failed: number;
  /** Skipped or expired, by reason, in a fixed order. */
  readonly skipped: ReadonlyMap<SkipReason, number>;
  readonly waiting: number;
  readonly total: number;
}

export type SkipReason = 'opted_out' | 'unreachable' | 'erased' | 'expired' | 'other';

/** Reasons as delivery.ts words them. */
function skipReason(status: string, reason: string | null): SkipReason {
  if (status === 'expired') return 'expired';
  if (reason?.startsWith('opted out')) return 'opted_out';
  if (reason === 'recipient unreachable') return 'unreachable';
  if (reason === 'personal data erased') return 'erased';
  return 'other';
}

const SKIP_ORDER: readonly SkipReason[] = ['opted_out', 'unreachable', 'erased', 'expired', 'other'];

export async function deliveryCounts(db: Kysely<Database>, broadcastId: string): Promise<DeliveryCounts> {
  const rows = await db
    .selectFrom('outbound_messages')
    .select(['status', 'status_reason', (eb) => eb.fn.countAll<string>().as('n')])
    .where('broadcast_id', '=', broadcastId)
    .groupBy(['status', 'status_reason'])
    .execute();
  let sent = 0;
  let failed = 0;
  let waiting = 0;
  const skipped = new Map<SkipReason, number>();
  for (const row of rows) {
    const n = Number(row.n);
    if (row.status === 'sent') sent += n;
    else if (row.status === 'failed') failed += n;
    else if (row.status === 'pending' || row.status === 'queued') waiting += n;
    else {
      const why = skipReason(row.status, row.status_reason);
      skipped.set(why, (skipped.get(why) ?? 0) + n);
    }
  }
  const ordered = new Map(SKIP_ORDER.filter((r) => skipped.has(r)).map((r) => [r, skipped.get(r)!] as const));
  const skippedTotal = [...ordered.values()].reduce((a, b) => a + b, 0);
  return { sent, failed, skipped: ordered, waiting, total: sent + failed + waiting + skippedTotal };
}

export function skippedTotal(counts: DeliveryCounts): number {
  return [...counts.skipped.values()].reduce((a, b) => a + b, 0);
}

/** `terkirim 2.981 · gagal 12 · dilewati 7 (berhenti langganan) · menunggu 0` */
export function deliveryLine(counts: DeliveryCounts, render: Render): string {
  const reasons = [...counts.skipped.entries()];
  const why =
    reasons.length === 0
      ? ''
      : reasons.length === 1
        ? ` (${render(text(`broadcast.skip_${reasons[0]![0]}`))})`
        : ` (${reasons.map(([r, n]) => render(text('broadcast.skip_count', { count: n, reason: { key: `broadcast.skip_${r}` } }))).join(', ')})`;
  return render(text('broadcast.delivery_line', { sent: counts.sent, failed: counts.failed, skipped: skippedTotal(counts), why, waiting: counts.waiting }));
}

export interface FailureRow {
  readonly outboxId: string;
  readonly memberNo: string | null;
  readonly name: string | null;
  readonly channel: string;
  readonly reason: string | null;
  readonly attempts: number;
}

export async function failures(db: Kysely<Database>, broadcastId: string, limit = 1000): Promise<FailureRow[]> {
  const rows = await db
    .selectFrom('outbound_messages as o')
    .leftJoin('people as p', 'p.id', 'o.person_id')
    .select(['o.id', 'p.member_no', 'p.full_name', 'o.channel', 'o.status_reason', 'o.attempts'])
    .where('o.broadcast_id', '=', broadcastId)
    .where('o.status', '=', 'failed')
    .orderBy('o.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ outboxId: r.id, memberNo: r.member_no, name: r.full_name, channel: r.channel, reason: r.status_reason, attempts: r.attempts }));
}

/** Failures grouped for a chat message: those the platform said cannot be reached, and the rest. */
async function failureKinds(db: Kysely<Database>, broadcastId: string): Promise<{ unreachable: number; other: number }> {
  const row = await sql<{ unreachable: string; other: string }>`
    select count(*) filter (where status_reason like 'unreachable:%') as unreachable,
           count(*) filter (where status_reason is null or status_reason not like 'unreachable:%') as other
      from outbound_messages where broadcast_id = ${broadcastId} and status = 'failed'`.execute(db);
  return { unreachable: Number(row.rows[0]?.unreachable ?? 0), other: Number(row.rows[0]?.other ?? 0) };
}

export interface ReportSettings {
  readonly refs: SegmentRefs;
  readonly timeZone: string;
  readonly segments: Segments;
}

/** How a broadcast went, for `/status`, `/rekap`, the command line and the summary when it finishes. */
export async function broadcastReport(db: Kysely<Database>, broadcast: BroadcastRow, settings: ReportSettings, render: Render, finished: boolean): Promise<OutgoingMessage> {
  const counts = await deliveryCounts(db, broadcast.id);
  const head = finished
    ? text('broadcast.summary_finished', { id: broadcast.id })
    : text('broadcast.status_head', { id: broadcast.id, state: { key: `broadcast.state_${broadcast.status}` } });
  const parts: Text[] = [
    head,
    text('broadcast.report_details', {
      created: formatLocalDateTime(broadcast.created_at, settings.timeZone),
      segment: settings.segments.describe(restoreSegment(broadcast.segment), settings.refs, render),
      line: deliveryLine(counts, render),
    }),
  ];
  if (counts.failed > 0) {
    const kinds = await failureKinds(db, broadcast.id);
    parts.push(text('broadcast.failure_reasons', { unreachable: kinds.unreachable, other: kinds.other, id: broadcast.id }));
  }
  return { text: parts };
}

/** One line per broadcast, newest first: `/rekap`. */
/** The latest broadcasts with how they went, as data: `broadcast list --json`. */
export async function recapRows(db: Kysely<Database>, settings: ReportSettings, render: Render, limit: number) {
  const recent = await db.selectFrom('broadcasts').selectAll().orderBy('id', 'desc').limit(limit).execute();
  const rows = [];
  for (const b of recent) {
    const counts = await deliveryCounts(db, b.id);
    rows.push({
      id: b.id,
      status: b.status,
      segment: settings.segments.describe(restoreSegment(b.segment), settings.refs, render),
      text: b.text,
      created_at: b.created_at,
      scheduled_at: b.scheduled_at,
      finished_at: b.finished_at,
      cancelled_at: b.cancelled_at,
      recipients: b.recipients,
      sent: counts.sent,
      failed: counts.failed,
      skipped: Object.fromEntries(counts.skipped),
      waiting: counts.waiting,
      total: counts.total,
    });
  }
  return rows;
}

export async function recapMessage(db: Kysely<Database>, settings: ReportSettings, render: Render, limit = 5): Promise<OutgoingMessage> {
  const recent = await db.selectFrom('broadcasts').selectAll().orderBy('id', 'desc').limit(limit).execute();
  if (recent.length === 0) return { text: [text('broadcast.none_yet')] };
  const lines: string[] = [];
  for (const b of recent) {
    const counts = await deliveryCounts(db, b.id);
    lines.push(
      render(
        text('broadcast.recap_line', {
          id: b.id,
          created: formatLocalDateTime(b.created_at, settings.timeZone),
          segment: settings.segments.describe(restoreSegment(b.segment), settings.refs, render),
          line:
            b.status === 'scheduled' && b.scheduled_at
              ? render(text('broadcast.recap_scheduled', { at: formatLocalDateTime(b.scheduled_at, settings.timeZone) }))
              : b.status === 'cancelled'
                ? render(text('broadcast.recap_cancelled'))
                : deliveryLine(counts, render),
        }),
      ),
    );
  }
  return { text: [text('broadcast.recap_head', { count: recent.length }), literal(lines.join('\n\n'))] };
}

// ── preview ────────────────────────────────────────────────────────────────────

export interface PreviewData {
  readonly segment: string;
  /** The announcement as the first recipient will read it (as typed when there is nobody). */
  readonly firstText: string;
  /** Whose text `firstText` is (erasing them scrubs the preview). */
  readonly firstPersonId: string | null;
  readonly perChannel: ReadonlyMap<string, number>;
  readonly total: number;
}

/** Who a segment reaches now, and what the first of them will read. */
export async function previewData(db: Kysely<Database>, announcement: string, segment: SegmentSpec, refs: SegmentRefs, render: Render, segments: Segments): Promise<PreviewData> {
  const perChannel = await segments.countRecipients(db, segment);
  const [first] = await segments.recipientsAfter(db, segment, 0, 1);
  return {
    segment: segments.describe(segment, refs, render),
    firstText: first ? personalise(announcement, { nama: first.name, usaha: first.business }) : announcement,
    firstPersonId: first?.personId ?? null,
    perChannel,
    total: [...perChannel.values()].reduce((a, b) => a + b, 0),
  };
}

/** Milliseconds per bulk message at a channel's pace: its rate, or WhatsApp's random gap on average. */
export function bulkMsPerMessage(rule: PacingRule): number {
  const byRate = rule.channelPerSecond > 0 ? 1000 / rule.channelPerSecond : 0;
  const byGap = rule.gapMinMs > 0 ? (rule.gapMinMs + rule.gapMaxMs) / 2 : 0;
  return Math.max(byRate, byGap);
}

export function durationText(ms: number): Text {
  if (ms <= 0) return text('broadcast.eta_instant');
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return text('broadcast.eta_seconds', { seconds });
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return text('broadcast.eta_minutes', { minutes });
  return text('broadcast.eta_hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

export const CONFIRM_CHOICES: readonly Text[] = [text('broadcast.choice_send'), text('broadcast.choice_change'), text('broadcast.choice_cancel')];

/** The preview; in chat it ends with the question and the send / change / cancel choices. */
export function previewMessage(data: PreviewData, pacing: (channel: ChannelName) => PacingRule, render: Render, inChat = true): OutgoingMessage {
  const total = data.total;
  if (total === 0) {
    const question = inChat ? [text('broadcast.preview_question_empty')] : [];
    return { text: [text('broadcast.preview_empty', { segment: data.segment }), literal(data.firstText), ...question], ...(inChat ? { choices: CONFIRM_CHOICES } : {}) };
  }
  const lines = [...data.perChannel.entries()].map(([channel, count]) =>
    render(
      text('broadcast.preview_channel', {
        channel: { key: `broadcast.channel_${channel}` },
        count,
        eta: render(durationText(count * bulkMsPerMessage(pacing(channel as ChannelName)))),
      }),
    ),
  );
  return {
    text: [
      text('broadcast.preview_head', { total, segment: data.segment }),
      text('broadcast.preview_first'),
      literal(data.firstText),
      text('broadcast.preview_channels', { lines: lines.join('\n') }),
      ...(inChat ? [text('broadcast.preview_question')] : []),
    ],
    ...(inChat ? { choices: CONFIRM_CHOICES } : {}),
  };
}
