import { formatLocalDateTime } from '../../time.js';
import { literal, text } from '../core/text.js';
import type { ChannelName, OutgoingMessage, Text } from '../core/vocabulary.js';
import type { FeedbackFlow, PickFlow } from './state.js';
import { DEEP_LINK_PREFIX, type WorkshopDetails, type WorkshopSummary } from './vocabulary.js';

// The words a person reads about a workshop, built the same way for the invitation, the
// reminders, the feedback question and the staff's preview of an invitation.

/** `12 Desember 2026, 09.00 WITA`, or `12 Desember 2026, 09.00–12.00 WITA` with its end. */
export function workshopWhen(startsAt: string | Date, endsAt: string | Date | null, timeZone: string): string {
  const start = formatLocalDateTime(new Date(startsAt), timeZone);
  if (!endsAt) return start;
  const end = formatLocalDateTime(new Date(endsAt), timeZone);
  const [startDay, startTime] = splitAt(start);
  const [endDay, endTime] = splitAt(end);
  if (startDay !== endDay) return `${start} – ${end}`;
  // `09.00 WITA` and `12.00 WITA` share the zone: `09.00–12.00 WITA`.
  const [startClock] = startTime.split(' ');
  return `${startDay}, ${startClock}–${endTime}`;
}

function splitAt(formatted: string): [string, string] {
  const comma = formatted.lastIndexOf(', ');
  return [formatted.slice(0, comma), formatted.slice(comma + 2)];
}

/** `Pemasaran Digital — 12 Desember 2026, 09.00 WITA`: one line per workshop in a list to pick from. */
export function workshopLabel(workshop: WorkshopSummary, timeZone: string): string {
  return `${workshop.title} — ${formatLocalDateTime(new Date(workshop.startsAt), timeZone)}`;
}

export const ATTEND_CHOICE: Text = text('workshop.choice_attend');

export interface InvitationOptions {
  readonly name: string;
  readonly channel: ChannelName;
  readonly telegramBot: string | null;
  readonly timeZone: string;
  /** The numbered HADIR choice; left out for someone in the middle of another question. */
  readonly withChoice: boolean;
}

export function invitationMessage(w: WorkshopDetails, options: InvitationOptions): OutgoingMessage {
  const link = options.channel === 'telegram' && options.telegramBot ? [text('workshop.invite_link', { link: deepLink(options.telegramBot, w.id) })] : [];
  return {
    text: [
      text('workshop.invite', { name: options.name, title: w.title }),
      ...(w.description ? [literal(w.description)] : []),
      text('workshop.invite_details', { when: workshopWhen(w.startsAt, w.endsAt, options.timeZone), place: w.place, capacity: w.capacity }),
      text(options.withChoice ? 'workshop.invite_rsvp' : 'workshop.invite_rsvp_word'),
      ...link,
    ],
    ...(options.withChoice ? { choices: [ATTEND_CHOICE] } : {}),
  };
}

export function deepLink(bot: string, workshopId: string): string {
  return `https://t.me/${bot.replace(/^@/u, '')}?start=${DEEP_LINK_PREFIX}${workshopId}`;
}

export function reminderMessage(w: WorkshopDetails, beforeMs: number, timeZone: string): OutgoingMessage {
  return {
    text: [text('workshop.reminder', { title: w.title, lead: leadTime(beforeMs), when: workshopWhen(w.startsAt, w.endsAt, timeZone), place: w.place })],
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How far ahead a reminder is: `besok`, `2 hari lagi`, `2 jam lagi`, `30 menit lagi`. */
export function leadTime(beforeMs: number): Text {
  if (beforeMs === DAY) return text('workshop.lead_tomorrow');
  if (beforeMs >= DAY && beforeMs % DAY === 0) return text('workshop.lead_days', { count: beforeMs / DAY });
  if (beforeMs >= HOUR && beforeMs % HOUR === 0) return text('workshop.lead_hours', { count: beforeMs / HOUR });
  if (beforeMs >= MINUTE && beforeMs % MINUTE === 0) return text('workshop.lead_minutes', { count: beforeMs / MINUTE });
  return text('workshop.lead_soon');
}

// A button per rating; on WhatsApp the list number is the rating itself.
const RATING_CHOICES: readonly Text[] = [1, 2, 3, 4, 5].map((n) => literal('⭐'.repeat(n)));

export function feedbackQuestion(flow: FeedbackFlow): OutgoingMessage {
  if (flow.step === 'comment') return { text: [text('workshop.feedback_ask_comment')], choices: [text('workshop.choice_skip')] };
  return { text: [text('workshop.feedback_ask_rating', { title: flow.title })], choices: RATING_CHOICES };
}

export function pickQuestion(flow: PickFlow): OutgoingMessage {
  return { text: [text(flow.action === 'attend' ? 'workshop.pick_attend' : 'workshop.pick_withdraw')], choices: flow.options.map((o) => literal(o.label)) };
}
