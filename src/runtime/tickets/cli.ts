import type { Command } from 'commander';
import { CliInputError, cliActor, reportingInputErrors } from '../../cli/input.js';
import { formatTable } from '../../cli/table.js';
import { text } from '../../engine/core/text.js';
import { formatLocalDateTime } from '../../time.js';
import { queueAfterCommit } from '../core/after-commit.js';
import type { CliContext } from '../core/capability.js';
import { recordAudit } from '../staff/audit.js';
import { findStaff } from '../staff/directory.js';
import { addFaq, listFaq, removeFaq } from './faq.js';
import { answerTicket, closeTicket } from './actions.js';
import { age, listTickets, ticketHeader, ticketThread } from './store.js';

// `tickets list [--open] | show | reply --text | close` and `faq list | add | remove`: the
// questions to staff from the command line, the same actions as in chat, audited.

function ticketNo(ctx: CliContext, raw: string): number {
  const no = /^#?(\d{1,12})$/u.exec(raw.trim())?.[1];
  if (!no) throw new CliInputError(ctx.render(text('tickets.cli.bad_number', { raw })));
  return Number(no);
}

async function list(ctx: CliContext, options: { open?: boolean }): Promise<void> {
  const db = await ctx.db();
  const rows = await listTickets(db, { openOnly: options.open === true, limit: 200 });
  const now = new Date();
  const r = ctx.render;
  ctx.out(
    formatTable(
      ['col_no', 'col_status', 'col_who', 'col_age', 'col_taken', 'col_question'].map((k) => r(text(`tickets.cli.${k}`))),
      rows.map((t) => [`#${t.no}`, t.status, r(t.who), r(age(t.openedAt, now)), t.takenByName, (typeof t.firstText === 'string' ? t.firstText : r(t.firstText)).slice(0, 60)]),
    ),
  );
  ctx.out(`\n${r(text('tickets.cli.count', { count: rows.length }))}`);
}

async function show(ctx: CliContext, raw: string): Promise<void> {
  const db = await ctx.db();
  const no = ticketNo(ctx, raw);
  const ticket = await ticketHeader(db, no);
  if (!ticket) throw new CliInputError(ctx.render(text('tickets.not_found', { no })));
  const r = ctx.render;
  ctx.out(`#${no} · ${ticket.status} · ${r(ticket.who)} · ${formatLocalDateTime(ticket.openedAt, ctx.timeZone)}`);
  for (const m of await ticketThread(db, no)) {
    const who = m.author === 'person' ? r(text('tickets.cli.person')) : (m.staffName ?? '');
    ctx.out(`${formatLocalDateTime(m.at, ctx.timeZone)}  ${who}: ${typeof m.text === 'string' ? m.text : r(m.text)}`);
  }
  await recordAudit(db, { staffId: null, actor: cliActor(), action: 'ticket_viewed', details: { ticket: no } });
}

async function reply(ctx: CliContext, raw: string, options: { text: string; staff: string }): Promise<void> {
  const s = await ctx.open();
  const no = ticketNo(ctx, raw);
  const staff = await findStaff(s.db, options.staff);
  if (!staff) throw new CliInputError(ctx.render(text('staff.cli.no_active', { ref: options.staff })));
  if (options.text.trim() === '') throw new CliInputError(ctx.render(text('tickets.staff_usage')));
  const outcome = await s.db.transaction().execute(async (trx) => {
    const done = await answerTicket(trx, { renderer: s.renderer, facts: s.facts }, { ticketNo: no, staffId: staff.id, staffName: staff.name, text: options.text.trim() }, s.clock());
    if (done.kind === 'sent') await recordAudit(trx, { staffId: staff.id, actor: cliActor(), action: 'ticket_answered', details: { ticket: no } });
    return done;
  });
  if (outcome.kind === 'not_found') throw new CliInputError(ctx.render(text('tickets.not_found', { no })));
  if (outcome.kind === 'closed') throw new CliInputError(ctx.render(text('tickets.already_closed', { no })));
  if (outcome.kind === 'taken') throw new CliInputError(ctx.render(text('tickets.taken_already', { no, staff: outcome.by })));
  await queueAfterCommit(s.db, s.queues, outcome.rows, s.log);
  ctx.out(ctx.render(text('tickets.answer_sent', { no, who: outcome.who })));
}

async function close(ctx: CliContext, raw: string, options: { staff?: string }): Promise<void> {
  const s = await ctx.open();
  const no = ticketNo(ctx, raw);
  const staff = options.staff ? await findStaff(s.db, options.staff) : undefined;
  if (options.staff && !staff) throw new CliInputError(ctx.render(text('staff.cli.no_active', { ref: options.staff })));
  const outcome = await s.db.transaction().execute(async (trx) => {
    const done = await closeTicket(trx, { renderer: s.renderer, facts: s.facts }, no, staff ? `staff:${staff.id}` : 'cli', s.clock());
    if (done.kind === 'closed') await recordAudit(trx, { staffId: staff?.id ?? null, actor: cliActor(), action: 'ticket_closed', details: { ticket: no, by: 'cli' } });
    return done;
  });
  if (outcome.kind === 'not_found') throw new CliInputError(ctx.render(text('tickets.not_found', { no })));
  if (outcome.kind === 'already') throw new CliInputError(ctx.render(text('tickets.already_closed', { no })));
  await queueAfterCommit(s.db, s.queues, outcome.rows, s.log);
  ctx.out(ctx.render(text('tickets.closed_ok', { no })));
}

async function faqList(ctx: CliContext): Promise<void> {
  const rows = await listFaq(await ctx.db());
  const r = ctx.render;
  ctx.out(formatTable(['col_no', 'col_question', 'col_keywords', 'col_answer'].map((k) => r(text(`tickets.cli.${k}`))), rows.map((f) => [f.id, f.question.slice(0, 50), f.keywords.slice(0, 6).join(', '), f.answer.slice(0, 60)])));
}

async function faqAdd(ctx: CliContext, options: { question: string; answer: string; keywords: string }): Promise<void> {
  const db = await ctx.db();
  const entry = await addFaq(db, { question: options.question, answer: options.answer, keywords: options.keywords.split(',') });
  await recordAudit(db, { staffId: null, actor: cliActor(), action: 'faq_added', details: { faq: entry.id } });
  ctx.out(ctx.render(text('tickets.cli.faq_added', { id: entry.id, keywords: entry.keywords.join(', ') })));
}

async function faqRemove(ctx: CliContext, id: string): Promise<void> {
  const db = await ctx.db();
  if (!/^\d{1,12}$/u.test(id) || !(await removeFaq(db, id, new Date()))) throw new CliInputError(ctx.render(text('tickets.cli.faq_unknown', { id })));
  await recordAudit(db, { staffId: null, actor: cliActor(), action: 'faq_removed', details: { faq: id } });
  ctx.out(ctx.render(text('tickets.cli.faq_removed', { id })));
}

export function registerTicketCommands(program: Command, ctx: CliContext): void {
  const tickets = program.command('tickets').description('questions people asked staff');
  tickets.command('list').description('list questions, newest first').option('--open', 'only open ones').action(reportingInputErrors(ctx, (o: { open?: boolean }) => list(ctx, o)));
  tickets.command('show').description('a question and its messages').argument('<number>', 'question number, e.g. 12').action(reportingInputErrors(ctx, (n: string) => show(ctx, n)));
  tickets
    .command('reply')
    .description('answer a question (the first staff member to answer takes it)')
    .argument('<number>', 'question number, e.g. 12')
    .requiredOption('--text <answer>', 'the answer, as the person will read it')
    .requiredOption('--staff <staff>', 'who answers (signs the answer): staff number (#3), phone or Telegram user id')
    .action(reportingInputErrors(ctx, (n: string, o: { text: string; staff: string }) => reply(ctx, n, o)));
  tickets
    .command('close')
    .description('close a question')
    .argument('<number>', 'question number, e.g. 12')
    .option('--staff <staff>', 'who closes it, for the audit log')
    .action(reportingInputErrors(ctx, (n: string, o: { staff?: string }) => close(ctx, n, o)));

  const faq = program.command('faq').description('the short answers the bot gives by itself');
  faq.command('list').description('list the entries').action(reportingInputErrors(ctx, () => faqList(ctx)));
  faq
    .command('add')
    .description('add an entry; a question with any of its keywords gets the answer')
    .requiredOption('--question <question>', 'the question, e.g. "Bagaimana cara mengurus NIB?"')
    .requiredOption('--answer <answer>', 'the answer people get')
    .requiredOption('--keywords <list>', 'comma-separated words or phrases, e.g. "nib, izin usaha"')
    .action(reportingInputErrors(ctx, (o: { question: string; answer: string; keywords: string }) => faqAdd(ctx, o)));
  faq.command('remove').description('remove an entry').argument('<id>', 'entry number from faq list').action(reportingInputErrors(ctx, (id: string) => faqRemove(ctx, id)));
}
