import type { Command } from 'commander';
import type { ChannelName } from '../../channels/types.js';
import { parseCount } from '../../engine/parse/number.js';
import { parseFreeText } from '../../engine/parse/text.js';
import { parseWorkshopWhen } from '../../engine/workshop/parse.js';
import { text } from '../../engine/core/text.js';
import type { OutgoingMessage, Text } from '../../engine/core/vocabulary.js';
import { TITLE_MAX, readNewWorkshop, whenProblem } from '../../engine/workshop/create.js';
import { workshopWhen } from '../../engine/workshop/messages.js';
import type { WorkshopChange } from '../../engine/workshop/vocabulary.js';
import { queueInvitation, randomAttendanceCode, scheduleWorkshop, telegramBotName } from './jobs.js';
import { pacingFor } from '../../outbox/pace.js';
import { queueRows } from '../../outbox/queue.js';
import { attendAction, cancelAction, changeAction, codeAction, createAction, reportAction, type ActionContext, type ActionResult } from './actions.js';
import { createInvitation } from './fanout.js';
import { workshopParticipants, type Participant } from './participants.js';
import { invitationPreview, seatCounts } from './report.js';
import type { SegmentRefs } from '../../engine/segments/types.js';
import { recordAudit } from '../staff/audit.js';
import { staffChat } from '../broadcast/store.js';
import { actingStaffId, readSegmentOption } from '../staff/cli-session.js';
import type { CliContext, Services } from '../core/capability.js';
import { CliInputError, cliActor, reportingInputErrors } from '../../cli/input.js';
import { formatTable } from '../../cli/table.js';

// `workshop create | list | update | cancel | announce | code | attend | report | participants`: what staff
// do in chat with /pelatihan and /rekap, for scripts. The same actions run underneath, so
// the people concerned are told the same things, and the words printed are the chat's.

interface Session {
  readonly app: Services;
  readonly refs: SegmentRefs;
  readonly render: (t: Text) => string;
  readonly staffId: string | null;
  readonly now: Date;
}

async function open(ctx: CliContext, staffRef: string | undefined): Promise<Session> {
  const app = await ctx.open();
  const staffId = await actingStaffId(ctx, app.db, staffRef);
  const refs = await app.references.get();
  return { app, refs, render: (t) => app.renderer.render('id', t, app.facts), staffId, now: app.clock() };
}

function print(ctx: CliContext, session: Session, message: OutgoingMessage): void {
  ctx.out(session.app.renderer.renderMessage('id', message, session.app.facts).text);
}

/** Runs an action in one transaction; queues its notices and reschedules its jobs once committed. */
async function act(ctx: CliContext, session: Session, action: (actx: ActionContext) => Promise<ActionResult>): Promise<ActionResult> {
  const { app } = session;
  const result = await app.db.transaction().execute((trx) =>
    action({
      db: trx,
      renderer: app.renderer,
      facts: app.facts,
      lang: 'id',
      now: session.now,
      timeZone: ctx.timeZone,
      staffId: session.staffId,
      actor: cliActor(),
      surface: 'cli',
    }),
  );
  await queueRows(app.db, app.queues, result.notices);
  if (result.reschedule) await scheduleWorkshop(app.db, app.queues, app.config.WORKSHOP_REMINDERS, result.reschedule);
  print(ctx, session, result.reply);
  return result;
}

interface CreateOptions {
  title: string;
  date: string;
  place: string;
  capacity: string;
  description?: string;
  staff?: string;
}

async function create(ctx: CliContext, options: CreateOptions): Promise<void> {
  const session = await open(ctx, options.staff);
  const settings = { timeZone: ctx.timeZone, defaultDurationMs: session.app.config.WORKSHOP_DURATION };
  const read = readNewWorkshop({ title: options.title, description: options.description, when: options.date, place: options.place, capacity: options.capacity }, session.now, settings);
  if (read.kind !== 'ok') throw new CliInputError([...read.reasons, text('workshop.example_when')].map(session.render).join('\n'));
  const notify = session.staffId ? await staffChat(session.app.db, session.staffId) : null;
  await act(ctx, session, (actx) => createAction(actx, read.workshop, notify));
}

async function list(ctx: CliContext, options: { json?: boolean } = {}): Promise<void> {
  const session = await open(ctx, undefined);
  const db = session.app.db;
  const rows = await db.selectFrom('workshops').selectAll().orderBy('starts_at').orderBy('id').execute();
  const table: (string | number | null)[][] = [];
  const json: Record<string, unknown>[] = [];
  for (const w of rows) {
    const seats = await seatCounts(db, w.id);
    const stateCode = w.status === 'cancelled' ? 'cancelled' : w.ends_at <= session.now ? 'done' : w.starts_at <= session.now ? 'running' : 'open';
    const state = ctx.render(text(`workshop.cli.state_${stateCode}`));
    json.push({ id: w.id, title: w.title, starts_at: w.starts_at, ends_at: w.ends_at, place: w.place, capacity: w.capacity, confirmed: seats.confirmed, waiting: seats.waiting, state: stateCode });
    table.push([`#${w.id}`, w.title, workshopWhen(w.starts_at, w.ends_at, ctx.timeZone), w.place, `${seats.confirmed}/${w.capacity}`, seats.waiting, state]);
  }
  if (options.json) {
    ctx.out(JSON.stringify(json, null, 2));
    return;
  }
  const headers = ['col_no', 'col_title', 'col_when', 'col_place', 'col_seats', 'col_waiting', 'col_state'].map((k) => ctx.render(text(`workshop.cli.${k}`)));
  ctx.out(formatTable(headers, table));
  ctx.out(`\n${ctx.render(text('workshop.cli.count', { count: rows.length }))}`);
}

export interface UpdateOptions {
  title?: string;
  date?: string;
  place?: string;
  capacity?: string;
  staff?: string;
}

async function update(ctx: CliContext, id: string, options: UpdateOptions): Promise<void> {
  const session = await open(ctx, options.staff);
  const changes = readChanges(options, session, ctx.timeZone);
  if (changes.length === 0) throw new CliInputError(ctx.render(text('workshop.cli.nothing_to_change')));
  const telegramBot = await telegramBotName(session.app.config, session.app.log)();
  for (const change of changes) await act(ctx, session, (actx) => changeAction({ ...actx, telegramBot }, workshopId(id), change));
}

/** The changes typed, in the chat's words when one is wrong (a CliInputError); the dashboard reads its form with it too. */
export function readChanges(options: UpdateOptions, session: Pick<Session, 'now' | 'render'>, timeZone: string): WorkshopChange[] {
  const changes: WorkshopChange[] = [];
  if (options.date !== undefined) {
    const when = parseWorkshopWhen(options.date, session.now, timeZone);
    if (when.kind !== 'ok') throw new CliInputError(`${session.render(whenProblem(when, timeZone))}\n${session.render(text('workshop.example_when'))}`);
    changes.push({ field: 'time', startsAt: when.startsAt.toISOString(), endsAt: when.endsAt?.toISOString() ?? null });
  }
  if (options.title !== undefined) {
    const title = parseFreeText(options.title, { maxLength: TITLE_MAX, minLength: 3 });
    if (title.kind !== 'ok') throw new CliInputError(session.render(text('workshop.title_invalid', { max: TITLE_MAX })));
    changes.push({ field: 'title', title: title.value });
  }
  if (options.place !== undefined) {
    const place = parseFreeText(options.place, { maxLength: 200, minLength: 2 });
    if (place.kind !== 'ok') throw new CliInputError(session.render(text('workshop.place_invalid', { max: 200 })));
    changes.push({ field: 'place', place: place.value });
  }
  if (options.capacity !== undefined) {
    const capacity = parseCount(options.capacity);
    if (capacity === null || capacity < 1 || capacity > 10_000) throw new CliInputError(session.render(text('workshop.capacity_invalid', { max: 10_000 })));
    changes.push({ field: 'capacity', capacity });
  }
  return changes;
}

async function announce(ctx: CliContext, id: string, options: { segment: string; yes?: boolean; staff?: string }): Promise<void> {
  const session = await open(ctx, options.staff);
  const { app } = session;
  const db = app.db;
  const workshop = await db.selectFrom('workshops').selectAll().where('id', '=', workshopId(id)).executeTakeFirst();
  if (!workshop) throw new CliInputError(session.render(text('workshop.staff_closed_not_found', { id })));
  if (workshop.status === 'cancelled' || workshop.starts_at <= session.now) throw new CliInputError(session.render(text('workshop.staff_not_open', { id })));
  const segment = readSegmentOption(app.segments, options.segment, session.refs, session.render);
  const settings = {
    refs: session.refs,
    facts: app.facts,
    timeZone: ctx.timeZone,
    telegramBot: await telegramBotName(app.config, app.log)(),
    pacing: (channel: ChannelName) => pacingFor(channel, 'bulk', app.config),
    segments: app.segments,
  };
  print(ctx, session, (await invitationPreview(db, app.renderer, 'id', workshop, segment, settings, false)).message);
  await recordAudit(db, { staffId: session.staffId, actor: cliActor(), action: 'workshop_previewed', details: { workshopId: workshop.id, segment } });
  if (!options.yes) {
    ctx.out(`\n${ctx.render(text('workshop.cli.not_sent'))}`);
    return;
  }
  const notify = session.staffId ? await staffChat(db, session.staffId) : null;
  const invitationId = await createInvitation(db, { workshopId: workshop.id, staffId: session.staffId, actor: cliActor(), segment, notifyIdentityId: notify, lang: 'id' }, session.now);
  await queueInvitation(app.queues, invitationId);
  ctx.out(`\n${ctx.render(text('workshop.cli.inviting', { id: workshop.id }))}`);
}

/** Without --yes only says what would happen; with it, cancels and tells everyone. */
async function cancel(ctx: CliContext, id: string, options: { yes?: boolean; staff?: string }): Promise<void> {
  const session = await open(ctx, options.staff);
  const db = session.app.db;
  const workshop = await db.selectFrom('workshops').selectAll().where('id', '=', workshopId(id)).executeTakeFirst();
  if (!workshop) throw new CliInputError(session.render(text('workshop.staff_closed_not_found', { id })));
  if (workshop.status === 'cancelled' || workshop.starts_at <= session.now) throw new CliInputError(session.render(text('workshop.staff_not_open', { id })));
  if (!options.yes) {
    const seats = await seatCounts(db, workshop.id);
    const when = workshopWhen(workshop.starts_at, workshop.ends_at, ctx.timeZone);
    ctx.out(session.render(text('workshop.cancel_preview', { id: workshop.id, title: workshop.title, when, confirmed: seats.confirmed, waiting: seats.waiting })));
    ctx.out(`\n${ctx.render(text('workshop.cli.cancel_not_done'))}`);
    return;
  }
  await act(ctx, session, (a) => cancelAction(a, workshop.id));
}

/** Who has a seat and who waits, with names and phone numbers; the viewing is audited. */
async function participants(ctx: CliContext, id: string, options: { staff?: string }): Promise<void> {
  const session = await open(ctx, options.staff);
  const db = session.app.db;
  const workshop = await db.selectFrom('workshops').selectAll().where('id', '=', workshopId(id)).executeTakeFirst();
  await recordAudit(db, { staffId: session.staffId, actor: cliActor(), action: 'workshop_participants_viewed', details: { workshopId: workshopId(id) } });
  if (!workshop) throw new CliInputError(session.render(text('workshop.staff_closed_not_found', { id })));
  const people = await workshopParticipants(db, workshop.id);
  ctx.out(session.render(text('workshop.participants_title', { id: workshop.id, title: workshop.title, when: workshopWhen(workshop.starts_at, workshop.ends_at, ctx.timeZone) })));
  ctx.out('');
  const status = (p: Participant) => ctx.render(text(`workshop.cli.status_${p.status}`)) + (p.present ? `, ${ctx.render(text('workshop.cli.status_present'))}` : '');
  const number = { confirmed: 0, waiting: 0 };
  const rows = people.map((p) => [++number[p.status], p.name, p.memberNo ?? '-', p.phone ?? '-', status(p)]);
  const headers = ['col_no', 'col_name', 'col_member', 'col_phone', 'col_status'].map((k) => ctx.render(text(`workshop.cli.${k}`)));
  ctx.out(formatTable(headers, rows));
  ctx.out(`\n${ctx.render(text('workshop.cli.participants_count', { confirmed: number.confirmed, waiting: number.waiting }))}`);
}

function workshopId(raw: string): string {
  const id = /^#?(\d{1,12})$/u.exec(raw.trim())?.[1];
  if (!id) throw new CliInputError(text('workshop.cli.unknown_id', { raw }));
  return String(Number(id));
}

export function registerWorkshopCommands(program: Command, ctx: CliContext): void {
  const workshop = program.command('workshop').description('workshops: create, invite a segment, seats and waiting list, attendance, report (/pelatihan and /rekap in chat)');
  const staffOption = ['--staff <staff>', 'the staff member acting (number, phone or Telegram user id), for the audit log'] as const;
  workshop
    .command('create')
    .description('create a workshop; its reminders and feedback question are scheduled')
    .requiredOption('--title <title>', 'e.g. "Pemasaran Digital untuk UMKM"')
    .requiredOption('--date <when>', `date and start time in ${ctx.timeZone}, e.g. "12/12/2026 09.00" or "12/12/2026 09.00-12.00"`)
    .requiredOption('--place <place>', 'e.g. "Aula Dinas Koperasi"')
    .requiredOption('--capacity <seats>', 'number of seats, e.g. 30')
    .option('--description <text>', 'what it is about, who should come')
    .option(...staffOption)
    .action(reportingInputErrors(ctx, (options: CreateOptions) => create(ctx, options)));
  workshop
    .command('list')
    .description('every workshop with its seats and waiting list')
    .option('--json', 'print the rows as JSON instead of a table')
    .action(reportingInputErrors(ctx, (options: { json?: boolean }) => list(ctx, options)));
  workshop
    .command('update')
    .description('change the title, time, place or capacity; the people registered are told, and invitations not sent yet carry the new details')
    .argument('<id>', 'workshop number, e.g. 3')
    .option('--date <when>', 'new date and start time, e.g. "13/12/2026 10.00"')
    .option('--title <title>', 'new title')
    .option('--place <place>', 'new place')
    .option('--capacity <seats>', 'new number of seats (nobody registered is removed)')
    .option(...staffOption)
    .action(reportingInputErrors(ctx, (id: string, options: UpdateOptions) => update(ctx, id, options)));
  workshop
    .command('cancel')
    .description('preview cancelling a workshop; with --yes, cancel it and tell everyone registered and waiting')
    .argument('<id>', 'workshop number')
    .option('--yes', 'cancel it (without: only print what would happen)')
    .option(...staffOption)
    .action(reportingInputErrors(ctx, (id: string, options: { yes?: boolean; staff?: string }) => cancel(ctx, id, options)));
  workshop
    .command('participants')
    .description('who has a seat and who is waiting, with names, member numbers and phone numbers (/peserta in chat)')
    .argument('<id>', 'workshop number')
    .option(...staffOption)
    .action(reportingInputErrors(ctx, (id: string, options: { staff?: string }) => participants(ctx, id, options)));
  workshop
    .command('announce')
    .description('preview the invitation to a segment; with --yes, send it')
    .argument('<id>', 'workshop number')
    .requiredOption('--segment <segment>', 'who is invited, e.g. "kecamatan=Banjarmasin Utara, status=stagnan" or "pelatihan=belum pernah ikut"')
    .option('--yes', 'send it (without: only print the preview)')
    .option(...staffOption)
    .action(reportingInputErrors(ctx, (id: string, options: { segment: string; yes?: boolean; staff?: string }) => announce(ctx, id, options)));
  workshop
    .command('code')
    .description("the 4-digit attendance code (valid on the workshop's day only)")
    .argument('<id>', 'workshop number')
    .option(...staffOption)
    .action(reportingInputErrors(ctx, async (id: string, options: { staff?: string }) => void (await act(ctx, await open(ctx, options.staff), (a) => codeAction(a, workshopId(id), randomAttendanceCode)))));
  workshop
    .command('attend')
    .description('mark someone present by member number')
    .argument('<id>', 'workshop number')
    .argument('<memberNo>', 'member number, e.g. BJM-000123')
    .option(...staffOption)
    .action(reportingInputErrors(ctx, async (id: string, memberNo: string, options: { staff?: string }) => void (await act(ctx, await open(ctx, options.staff), (a) => attendAction(a, workshopId(id), memberNo)))));
  workshop
    .command('report')
    .description('invited, RSVPs, waiting list, present, ratings, comments, and the growth status of those present before and after')
    .argument('<id>', 'workshop number')
    .option(...staffOption)
    .action(reportingInputErrors(ctx, async (id: string, options: { staff?: string }) => void (await act(ctx, await open(ctx, options.staff), (a) => reportAction(a, workshopId(id))))));
}
