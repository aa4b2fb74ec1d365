import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ANNOUNCEMENT_MAX_LENGTH, parseAnnouncement } from '../../engine/broadcast/announcement.js';
import { text } from '../../engine/core/text.js';
import type { Text } from '../../engine/core/vocabulary.js';
import { queueFanout } from './fanout.js';
import { pacingFor } from '../../outbox/pace.js';
import { broadcastReport, failures, previewData, previewMessage, recapMessage, recapRows } from './report.js';
import type { SegmentRefs } from '../../engine/segments/types.js';
import { recordAudit } from '../staff/audit.js';
import { cancelBroadcast, createBroadcast, staffChat } from './store.js';
import { readScheduleTime } from './schedule.js';
import { formatLocalDateTime } from '../../time.js';
import { actingStaffId, readSegmentOption } from '../staff/cli-session.js';
import type { CliContext, Services } from '../core/capability.js';
import { CliInputError, cliActor, readLimit, reportingInputErrors } from '../../cli/input.js';
import { formatTable } from '../../cli/table.js';

// `broadcast create | status | list`: what staff do in chat with /umumkan, /status and
// /rekap, for scripts. The words are the chat's own (Indonesian), so both read the same.

interface CreateOptions {
  textFile: string;
  segment: string;
  yes?: boolean;
  staff?: string;
  at?: string;
}

interface Session {
  readonly app: Services;
  readonly refs: SegmentRefs;
  readonly render: (t: Text) => string;
  readonly staffId: string | null;
}

async function open(ctx: CliContext, staffRef: string | undefined): Promise<Session> {
  const app = await ctx.open();
  const staffId = await actingStaffId(ctx, app.db, staffRef);
  const refs = await app.references.get();
  return { app, refs, render: (t) => app.renderer.render('id', t), staffId };
}

async function create(ctx: CliContext, options: CreateOptions): Promise<void> {
  const session = await open(ctx, options.staff);
  const { app, render } = session;
  const db = app.db;
  const announcement = await readAnnouncement(options.textFile, render);
  const scheduledAt = options.at === undefined ? null : scheduleTime(options.at, ctx.timeZone, render);
  const segment = readSegmentOption(app.segments, options.segment, session.refs, render);
  const preview = await previewData(db, announcement, segment, session.refs, render, app.segments);
  const pacing = (channel: Parameters<typeof pacingFor>[0]) => pacingFor(channel, 'bulk', app.config);
  ctx.out(app.renderer.renderMessage('id', previewMessage(preview, pacing, render, false)).text);
  await recordAudit(db, { staffId: session.staffId, actor: cliActor(), action: 'broadcast_previewed', details: { segment, recipients: preview.total } });
  if (!options.yes) {
    const at = scheduledAt ? formatLocalDateTime(scheduledAt, ctx.timeZone) : null;
    ctx.out(`\n${ctx.render(at ? text('broadcast.cli.not_scheduled_yet', { at }) : text('broadcast.cli.not_sent'))}`);
    return;
  }
  const notify = session.staffId ? await staffChat(db, session.staffId) : null;
  const id = await createBroadcast(db, { staffId: session.staffId, actor: cliActor(), text: announcement, segment, notifyIdentityId: notify, lang: 'id', scheduledAt });
  if (scheduledAt) {
    // The row is the truth: the broadcast check starts it once its time has come.
    ctx.out(`\n${ctx.render(text('broadcast.cli.scheduled', { id, at: formatLocalDateTime(scheduledAt, ctx.timeZone) }))}`);
    return;
  }
  await queueFanout(app.queues, id);
  ctx.out(`\n${ctx.render(text('broadcast.cli.created', { id }))}`);
}

function scheduleTime(typed: string, timeZone: string, render: (t: Text) => string): Date {
  const read = readScheduleTime(typed, new Date(), timeZone);
  if (!read.ok) throw new CliInputError(render(read.problem));
  return read.at;
}

async function cancel(ctx: CliContext, id: string, options: { staff?: string }): Promise<void> {
  const session = await open(ctx, options.staff);
  const bare = id.replace(/^#/, '');
  if (!/^\d{1,12}$/.test(bare)) throw new CliInputError(session.render(text('broadcast.not_found', { id })));
  const result = await cancelBroadcast(session.app.db, { id: bare, staffId: session.staffId, actor: cliActor() });
  switch (result.kind) {
    case 'cancelled':
      ctx.out(ctx.render(text('broadcast.cli.cancelled', { id: bare })));
      return;
    case 'not_found':
      throw new CliInputError(session.render(text('broadcast.not_found', { id: bare })));
    default:
      throw new CliInputError(session.render(text(result.status === 'cancelled' ? 'broadcast.cli.already_cancelled' : 'broadcast.cli.too_late', { id: bare })));
  }
}

async function readAnnouncement(file: string, render: (t: Text) => string): Promise<string> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliInputError(render(text('broadcast.cli.unreadable_file', { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) })));
  }
  const parsed = parseAnnouncement(raw);
  switch (parsed.kind) {
    case 'ok':
      return parsed.value;
    case 'too_long':
      throw new CliInputError(render(text('staff.text_too_long', { max: ANNOUNCEMENT_MAX_LENGTH })));
    case 'unknown_placeholders':
      throw new CliInputError(render(text('staff.text_unknown_placeholders', { names: parsed.names.map((n) => `{${n}}`).join(', ') })));
    default:
      throw new CliInputError(render(text('staff.text_no_words')));
  }
}

async function status(ctx: CliContext, id: string, options: { staff?: string }): Promise<void> {
  const session = await open(ctx, options.staff);
  const db = session.app.db;
  const broadcast = /^\d{1,12}$/.test(id.replace(/^#/, '')) ? await db.selectFrom('broadcasts').selectAll().where('id', '=', id.replace(/^#/, '')).executeTakeFirst() : undefined;
  await recordAudit(db, { staffId: session.staffId, actor: cliActor(), action: 'broadcast_status_viewed', details: { broadcastId: broadcast?.id ?? id } });
  if (!broadcast) throw new CliInputError(session.render(text('broadcast.not_found', { id })));
  const report = await broadcastReport(db, broadcast, { refs: session.refs, timeZone: ctx.timeZone, segments: session.app.segments }, session.render, broadcast.status === 'finished');
  // The chat report ends with a pointer to this very command; here the list follows instead.
  const shown = report.text.filter((t) => t.key !== 'broadcast.failure_reasons');
  ctx.out(session.app.renderer.renderMessage('id', { text: shown }).text);
  const failed = await failures(db, broadcast.id);
  if (failed.length === 0) return;
  ctx.out(`\n${ctx.render(text('broadcast.cli.failed_head', { count: failed.length }))}`);
  const headers = ['col_message', 'col_member_no', 'col_name', 'col_channel', 'col_reason', 'col_attempts'].map((k) => ctx.render(text(`broadcast.cli.${k}`)));
  ctx.out(formatTable(headers, failed.map((f) => [f.outboxId, f.memberNo, f.name, f.channel, f.reason, f.attempts])));
}

async function list(ctx: CliContext, options: { limit: string; staff?: string; json?: boolean }): Promise<void> {
  const limit = readLimit(options.limit, 1000);
  const session = await open(ctx, options.staff);
  const db = session.app.db;
  await recordAudit(db, { staffId: session.staffId, actor: cliActor(), action: 'broadcast_recap_viewed', details: {} });
  const settings = { refs: session.refs, timeZone: ctx.timeZone, segments: session.app.segments };
  if (options.json) {
    ctx.out(JSON.stringify(await recapRows(db, settings, session.render, limit), null, 2));
    return;
  }
  const recap = await recapMessage(db, settings, session.render, limit);
  ctx.out(session.app.renderer.renderMessage('id', recap).text);
}

export function registerBroadcastCommands(program: Command, ctx: CliContext): void {
  const broadcast = program.command('broadcast').description('announcements to a segment of entrepreneurs (/umumkan, /status, /rekap in chat)');
  broadcast
    .command('create')
    .description('preview an announcement; with --yes, send it')
    .requiredOption('--text-file <file>', 'the announcement text; {nama} and {usaha} are filled in per recipient')
    .requiredOption('--segment <segment>', 'who receives it, e.g. "kecamatan=Banjarmasin Utara, status=stagnan" or "semua"')
    .option('--yes', 'send it (without: only print the preview)')
    .option('--at <when>', 'send it later, at this date and time in WITA, e.g. "25/12/2026 08.00"')
    .option('--staff <staff>', 'the staff member sending it (number, phone or Telegram user id); the summary goes to their chat')
    .action(reportingInputErrors(ctx, (options: CreateOptions) => create(ctx, options)));
  broadcast
    .command('status')
    .description('how a broadcast went, with every failure and its reason')
    .argument('<id>', 'broadcast number, e.g. 12')
    .option('--staff <staff>', 'the staff member asking (for the audit log)')
    .action(reportingInputErrors(ctx, (id: string, options: { staff?: string }) => status(ctx, id, options)));
  broadcast
    .command('cancel')
    .description('cancel a scheduled broadcast before it goes')
    .argument('<id>', 'broadcast number, e.g. 12')
    .option('--staff <staff>', 'the staff member cancelling it (for the audit log)')
    .action(reportingInputErrors(ctx, (id: string, options: { staff?: string }) => cancel(ctx, id, options)));
  broadcast
    .command('list')
    .description('the latest broadcasts and how they went')
    .option('--limit <n>', 'how many', '5')
    .option('--staff <staff>', 'the staff member asking (for the audit log)')
    .option('--json', 'print the rows as JSON (with the delivery counts) instead of the recap')
    .action(reportingInputErrors(ctx, (options: { limit: string; staff?: string; json?: boolean }) => list(ctx, options)));
}
