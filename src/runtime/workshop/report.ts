import { sql, type Kysely } from 'kysely';
import type { ChannelName } from '../../channels/types.js';
import type { Database, GrowthStatus } from '../../db/schema.js';
import type { WorkshopRow } from '../../db/workshop-schema.js';
import { literal, text } from '../../engine/core/text.js';
import type { OutgoingMessage, Text } from '../../engine/core/vocabulary.js';
import { invitationMessage, workshopWhen } from '../../engine/workshop/messages.js';
import type { WorkshopDetails } from '../../engine/workshop/vocabulary.js';
import type { Renderer } from '../../i18n.js';
import type { PacingRule } from '../../outbox/pace.js';
import type { Segments } from '../core/segments.js';
import type { SegmentRefs, SegmentSpec } from '../../engine/segments/types.js';
import { previewMessage, type Render } from '../broadcast/report.js';
import { localDay } from './seats.js';

// What staff read about workshops, the same in chat and on the command line: the list,
// the preview of an invitation, and the report that answers "did the training help?" —
// invited, RSVPs, waiting list, present, ratings and comments, and for each person present
// their growth status before the workshop and at their latest check-in.

export function toDetails(w: WorkshopRow): WorkshopDetails {
  return {
    id: w.id,
    title: w.title,
    description: w.description,
    startsAt: w.starts_at.toISOString(),
    endsAt: w.ends_at.toISOString(),
    place: w.place,
    capacity: w.capacity,
  };
}

export interface SeatCounts {
  readonly confirmed: number;
  readonly waiting: number;
  readonly cancelled: number;
}

export async function seatCounts(db: Kysely<Database>, workshopId: string): Promise<SeatCounts> {
  const rows = await db
    .selectFrom('workshop_rsvps')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('workshop_id', '=', workshopId)
    .groupBy('status')
    .execute();
  const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { confirmed: n('confirmed'), waiting: n('waiting'), cancelled: n('cancelled') };
}

/** `berjalan` / `dibatalkan` / `selesai` / `akan datang`. */
function stateKey(w: WorkshopRow, now: Date): string {
  if (w.status === 'cancelled') return 'workshop.state_cancelled';
  if (w.ends_at.getTime() <= now.getTime()) return 'workshop.state_done';
  if (w.starts_at.getTime() <= now.getTime()) return 'workshop.state_running';
  return 'workshop.state_open';
}

const RECENT_DAYS = 30;

/** `/pelatihan daftar`: coming workshops and those of the last month, soonest first. */
export async function workshopList(db: Kysely<Database>, timeZone: string, now: Date, render: Render): Promise<OutgoingMessage> {
  const rows = await db
    .selectFrom('workshops')
    .selectAll()
    .where('ends_at', '>', new Date(now.getTime() - RECENT_DAYS * 86_400_000))
    .orderBy('starts_at')
    .orderBy('id')
    .limit(20)
    .execute();
  if (rows.length === 0) return { text: [text('workshop.list_empty')] };
  const lines: string[] = [];
  for (const w of rows) {
    const seats = await seatCounts(db, w.id);
    lines.push(
      render(
        text('workshop.list_line', {
          id: w.id,
          title: w.title,
          when: workshopWhen(w.starts_at, w.ends_at, timeZone),
          place: w.place,
          confirmed: seats.confirmed,
          capacity: w.capacity,
          waiting: seats.waiting,
          state: { key: stateKey(w, now) },
        }),
      ),
    );
  }
  return { text: [text('workshop.list_head', { count: rows.length }), literal(lines.join('\n\n')), text('workshop.list_hint')] };
}

// ── preview ──────────────────────────────────────────────────────────────────

export interface PreviewSettings {
  readonly refs: SegmentRefs;
  readonly facts: Readonly<Record<string, string>>;
  readonly timeZone: string;
  readonly telegramBot: string | null;
  readonly pacing: (channel: ChannelName) => PacingRule;
  readonly segments: Segments;
}

/** An invitation's preview, and the person it shows the text of (erasing them scrubs it). */
export interface InvitationPreview {
  readonly message: OutgoingMessage;
  readonly names: readonly string[];
}

/** Who an invitation would reach and what the first of them would read; in chat, with the question. */
export async function invitationPreview(
  db: Kysely<Database>,
  renderer: Renderer,
  lang: 'id' | 'en',
  workshop: WorkshopRow,
  segment: SegmentSpec,
  settings: PreviewSettings,
  inChat: boolean,
): Promise<InvitationPreview> {
  const render: Render = (t) => renderer.render(lang, t, settings.facts);
  const perChannel = await settings.segments.countRecipients(db, segment);
  const [first] = await settings.segments.recipientsAfter(db, segment, 0, 1);
  const invitation = invitationMessage(toDetails(workshop), {
    name: first?.name ?? '{nama}',
    channel: (first?.channel ?? 'whatsapp') as ChannelName,
    telegramBot: settings.telegramBot,
    timeZone: settings.timeZone,
    withChoice: true,
  });
  const rendered = renderer.renderMessage(lang, invitation, settings.facts);
  const firstText = `${rendered.text}\n\n${rendered.choices.map((c, i) => `${i + 1}. ${c}`).join('\n')}`;
  const data = { segment: settings.segments.describe(segment, settings.refs, render), firstText, firstPersonId: first?.personId ?? null, perChannel, total: [...perChannel.values()].reduce((a, b) => a + b, 0) };
  // The announcement preview's own parts (first recipient's text, channels and times), under a head naming the workshop.
  const preview = previewMessage(data, settings.pacing, render, false);
  const body = data.total === 0 ? preview.text : [text('workshop.preview_head', { id: workshop.id, title: workshop.title, total: data.total, segment: data.segment }), ...preview.text.slice(1)];
  const names = first ? [first.personId] : [];
  if (!inChat) return { message: { text: [...body, text('workshop.preview_skips')] }, names };
  return {
    message: {
      text: [...body, text('workshop.preview_skips'), text(data.total === 0 ? 'workshop.preview_question_empty' : 'workshop.preview_question')],
      choices: [text('broadcast.choice_send'), text('workshop.choice_change_segment'), text('broadcast.choice_cancel')],
    },
    names,
  };
}

// ── report ───────────────────────────────────────────────────────────────────

interface PresentRow {
  person_id: string;
  member_no: string | null;
  full_name: string | null;
  before_status: GrowthStatus | null;
  before_period: string | null;
  latest_status: GrowthStatus | null;
  latest_period: string | null;
}

export interface WorkshopReportData {
  readonly workshop: WorkshopRow;
  readonly invited: number;
  readonly seats: SeatCounts;
  readonly present: readonly PresentRow[];
  readonly ratings: { readonly count: number; readonly average: number | null };
  readonly comments: readonly string[];
  /** Everyone the report names or quotes: the people present and those who commented. */
  readonly names: readonly string[];
}

export async function workshopReportData(db: Kysely<Database>, workshop: WorkshopRow, timeZone: string): Promise<WorkshopReportData> {
  const invited = await db.selectFrom('workshop_invitations').select((eb) => eb.fn.countAll<string>().as('n')).where('workshop_id', '=', workshop.id).executeTakeFirstOrThrow();
  const seats = await seatCounts(db, workshop.id);
  // The status before: the latest period reported before the month of the workshop, or the
  // sign-up baseline when there is none. The status now: the person's latest check-in.
  const month = localDay(workshop.starts_at, timeZone).slice(0, 7);
  const { rows: present } = await sql<PresentRow>`
    select p.id as person_id, p.member_no, p.full_name,
           before.status as before_status, before.period as before_period,
           latest.growth_status as latest_status, latest.period as latest_period
      from workshop_attendance a
      join people p on p.id = a.person_id
      left join lateral (
        select g.status, g.period from growth_history g
         where g.person_id = p.id and g.period < ${month}
         order by g.period desc limit 1
      ) before on true
      left join lateral (
        select c.growth_status, c.period from checkins c
         where c.person_id = p.id and c.status = 'completed'
         order by c.period desc limit 1
      ) latest on true
     where a.workshop_id = ${workshop.id}
     order by p.member_no nulls last, p.id`.execute(db);
  const rating = await db
    .selectFrom('workshop_feedback')
    .select([(eb) => eb.fn.count<string>('rating').as('n'), (eb) => eb.fn.avg<string>('rating').as('average')])
    .where('workshop_id', '=', workshop.id)
    .executeTakeFirstOrThrow();
  const comments = await db
    .selectFrom('workshop_feedback')
    .select(['comment', 'person_id'])
    .where('workshop_id', '=', workshop.id)
    .where('comment', 'is not', null)
    .orderBy('answered_at')
    .execute();
  return {
    workshop,
    invited: Number(invited.n),
    seats,
    present,
    ratings: { count: Number(rating.n), average: rating.average === null ? null : Number(rating.average) },
    comments: comments.map((c) => c.comment!),
    names: [...new Set([...present.map((p) => p.person_id), ...comments.map((c) => c.person_id)])],
  };
}

const MAX_LINES = 40;

/** The report as staff read it in chat and on the command line. */
export function workshopReportMessage(data: WorkshopReportData, timeZone: string, now: Date, render: Render): OutgoingMessage {
  const w = data.workshop;
  const status = (s: GrowthStatus | null, fallback: string): string => (s ? render(text(`segment.status_${s}`)) : render(text(fallback)));
  const parts: Text[] = [
    text('workshop.report_head', { id: w.id, title: w.title, when: workshopWhen(w.starts_at, w.ends_at, timeZone), place: w.place, state: { key: stateKey(w, now) } }),
    text('workshop.report_counts', {
      invited: data.invited,
      confirmed: data.seats.confirmed,
      capacity: w.capacity,
      waiting: data.seats.waiting,
      cancelled: data.seats.cancelled,
      present: data.present.length,
    }),
    data.ratings.average === null
      ? text('workshop.report_no_rating')
      : text('workshop.report_rating', { average: formatAverage(data.ratings.average), count: data.ratings.count }),
  ];
  if (data.comments.length > 0) {
    const shown = data.comments.slice(0, MAX_LINES).map((c) => `• “${c}”`);
    parts.push(text('workshop.report_comments'), literal(shown.join('\n')));
  }
  if (data.present.length > 0) {
    const lines = data.present.slice(0, MAX_LINES).map((p) =>
      render(
        text('workshop.report_person', {
          memberNo: p.member_no ?? '-',
          name: p.full_name ?? render(text('workshop.report_erased')),
          before: status(p.before_status, 'workshop.report_status_baseline'),
          latest: status(p.latest_status, 'workshop.report_status_none'),
        }),
      ),
    );
    if (data.present.length > MAX_LINES) lines.push(render(text('workshop.report_more', { count: data.present.length - MAX_LINES })));
    parts.push(text('workshop.report_growth_head'), literal(lines.join('\n')), text('workshop.report_growth_tally', tally(data.present, render)));
  }
  return { text: parts };
}

/** `stagnan 3, menurun 1` before, and the same at the latest check-in. */
function tally(present: readonly PresentRow[], render: Render): { before: string; latest: string } {
  const count = (values: readonly (GrowthStatus | null)[], none: string): string => {
    const counts = new Map<string, number>();
    for (const v of values) {
      const label = v ? render(text(`segment.status_${v}`)) : render(text(none));
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    return [...counts.entries()].map(([label, n]) => `${label} ${n}`).join(', ');
  };
  return {
    before: count(present.map((p) => p.before_status), 'workshop.report_status_baseline'),
    latest: count(present.map((p) => p.latest_status), 'workshop.report_status_none'),
  };
}

const averageFormat = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function formatAverage(value: number): string {
  return averageFormat.format(value);
}
