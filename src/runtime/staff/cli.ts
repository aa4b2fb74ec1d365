import type { Command } from 'commander';
import { recordAudit } from './audit.js';
import { addStaff, findStaff, listStaff, removeStaff } from './directory.js';
import { CliInputError, cliActor, readLimit, reportingInputErrors } from '../../cli/input.js';
import { formatLocalDateTime } from '../../time.js';
import type { CliContext } from '../core/capability.js';
import { formatTable } from '../../cli/table.js';
import { text } from '../../engine/core/text.js';
import { issueCode } from '../../codes/codes.js';
import { printableCell } from '../../cli/print.js';
import { MIN_PASSWORD_LENGTH, setStaffPassword } from '../../web/auth.js';
import { readSecretLine } from '../../cli/secret.js';

// `staff invite | add | list | remove`: who may announce and read reports in chat. Inviting,
// adding and removing staff is command-line only, and audited.

interface AddOptions {
  name: string;
  phone?: string;
  telegramId?: string;
}

async function add(ctx: CliContext, options: AddOptions): Promise<void> {
  const db = await ctx.db();
  const staff = await addStaff(db, { name: options.name, phone: options.phone, telegramId: options.telegramId });
  await recordAudit(db, { staffId: null, actor: cliActor(), action: 'staff_added', details: { staffId: staff.id, name: staff.name, phone: staff.phone_e164, telegramId: staff.telegram_user_id } });
  ctx.out(ctx.render(text('staff.cli.added', { id: staff.id, name: staff.name, ids: describeIds(staff.phone_e164, staff.telegram_user_id) })));
}

/** A one-time code that makes whichever chat sends it this staff member's (runtime/staff/join.ts). */
async function invite(ctx: CliContext, options: { name: string }): Promise<void> {
  const name = printableCell(options.name).trim();
  if (name === '') throw new CliInputError('a name is needed (--name "Rina Hayati")');
  const db = await ctx.db();
  const issued = await issueCode({ db, key: ctx.config.ID_HASH_KEY }, { purpose: 'staff_invite', meta: { name } }, new Date());
  await recordAudit(db, { staffId: null, actor: cliActor(), action: 'staff_invited', details: { codeId: issued.id, name, expiresAt: issued.expiresAt.toISOString() } });
  ctx.out(ctx.render(text('staff.cli.invited', { name, code: issued.code, until: formatLocalDateTime(issued.expiresAt, ctx.timeZone) })));
}

async function list(ctx: CliContext, options: { all?: boolean; json?: boolean }): Promise<void> {
  const rows = await listStaff(await ctx.db(), options.all === true);
  if (options.json) {
    ctx.out(JSON.stringify(rows.map((s) => ({ id: s.id, name: s.name, phone_e164: s.phone_e164, telegram_user_id: s.telegram_user_id, added_at: s.added_at, removed_at: s.removed_at })), null, 2));
    return;
  }
  ctx.out(
    formatTable(
      ['col_no', 'col_name', 'col_phone', 'col_telegram', 'col_added', 'col_removed'].map((k) => ctx.render(text(`staff.cli.${k}`))),
      rows.map((s) => [`#${s.id}`, s.name, s.phone_e164, s.telegram_user_id, formatLocalDateTime(s.added_at, ctx.timeZone), s.removed_at ? formatLocalDateTime(s.removed_at, ctx.timeZone) : null]),
    ),
  );
  ctx.out(`\n${ctx.render(text('staff.cli.count', { count: rows.length }))}`);
}

async function remove(ctx: CliContext, ref: string): Promise<void> {
  const db = await ctx.db();
  const staff = await findStaff(db, ref);
  if (!staff) throw new CliInputError(ctx.render(text('staff.cli.no_active', { ref })));
  await removeStaff(db, staff.id);
  await recordAudit(db, { staffId: null, actor: cliActor(), action: 'staff_removed', details: { staffId: staff.id, name: staff.name } });
  ctx.out(ctx.render(text('staff.cli.removed', { id: staff.id, name: staff.name })));
}

/** Telegram chats that wrote lately: how to find a new staff member's user id. */
async function telegramChats(ctx: CliContext, options: { name?: string; limit: string }): Promise<void> {
  const db = await ctx.db();
  let query = db
    .selectFrom('identities as i')
    .leftJoin('people as p', (join) => join.onRef('p.id', '=', 'i.person_id').on('p.erased_at', 'is', null))
    .select(['i.address', 'i.display_name', 'p.member_no', 'i.last_seen_at'])
    .where('i.channel', '=', 'telegram')
    .orderBy('i.last_seen_at', 'desc')
    .limit(readLimit(options.limit, 1000));
  if (options.name) query = query.where('i.display_name', 'ilike', `%${options.name}%`);
  const rows = await query.execute();
  const headers = ['col_telegram_id', 'col_telegram_name', 'col_member_no', 'col_last_seen'].map((k) => ctx.render(text(`staff.cli.${k}`)));
  ctx.out(formatTable(headers, rows.map((r) => [r.address, r.display_name, r.member_no, formatLocalDateTime(r.last_seen_at, ctx.timeZone)])));
}

function describeIds(phone: string | null, telegram: string | null): string {
  const ids = [phone ? `WhatsApp ${phone}` : null, telegram ? `Telegram ${telegram}` : null].filter(Boolean);
  return ids.length > 0 ? ` (${ids.join(', ')})` : '';
}

/** The web dashboard's password, read from standard input (typed unseen, or piped). */
async function password(ctx: CliContext, options: { staff: string }): Promise<void> {
  const db = await ctx.db();
  const staff = await findStaff(db, options.staff);
  if (!staff) throw new CliInputError(ctx.render(text('staff.cli.no_active', { ref: options.staff })));
  const typed = await readSecretLine(ctx.render(text('staff.cli.password_prompt', { min: MIN_PASSWORD_LENGTH })));
  if (typed.length < MIN_PASSWORD_LENGTH) throw new CliInputError(ctx.render(text('staff.cli.password_short', { min: MIN_PASSWORD_LENGTH })));
  await setStaffPassword(db, staff.id, typed);
  await recordAudit(db, { staffId: null, actor: cliActor(), action: 'staff_password_set', details: { staffId: staff.id } });
  ctx.out(ctx.render(text('staff.cli.password_set', { id: staff.id, name: staff.name })));
}

async function role(ctx: CliContext, ref: string, newRole: string): Promise<void> {
  if (newRole !== 'admin' && newRole !== 'operator') throw new CliInputError('the role is admin or operator');
  const db = await ctx.db();
  const staff = await findStaff(db, ref);
  if (!staff) throw new CliInputError(ctx.render(text('staff.cli.no_active', { ref })));
  await db.updateTable('staff').set({ role: newRole }).where('id', '=', staff.id).execute();
  await recordAudit(db, { staffId: null, actor: cliActor(), action: 'staff_role_set', details: { staffId: staff.id, from: staff.role, to: newRole } });
  ctx.out(ctx.render(text('staff.cli.role_set', { id: staff.id, name: staff.name, role: newRole })));
}

export function registerStaffCommands(program: Command, ctx: CliContext): void {
  const staff = program.command('staff').description('office staff: who may announce and read reports in chat');
  staff
    .command('add')
    .description('add a staff member, known by a phone number (WhatsApp) and/or a Telegram user id')
    .requiredOption('--name <name>', 'full name, e.g. "Rina Hayati"')
    .option('--phone <phone>', 'Indonesian phone number, e.g. 081234567890')
    .option('--telegram-id <id>', 'Telegram user id (a number: ask them to write to the bot, then see "staff telegram-chats")')
    .action(reportingInputErrors(ctx, (options: AddOptions) => add(ctx, options)));
  staff
    .command('invite')
    .description('print a one-time code that makes the chat it is sent from (WhatsApp or Telegram) a staff member\'s')
    .requiredOption('--name <name>', 'full name, e.g. "Rina Hayati"')
    .action(reportingInputErrors(ctx, (options: { name: string }) => invite(ctx, options)));
  staff
    .command('list')
    .description('list staff')
    .option('--all', 'include removed staff')
    .option('--json', 'print the rows as JSON instead of a table')
    .action(reportingInputErrors(ctx, (options: { all?: boolean; json?: boolean }) => list(ctx, options)));
  staff
    .command('telegram-chats')
    .description('Telegram chats that wrote to the bot lately, with their user ids (to add one as staff)')
    .option('--name <part>', 'only names containing this, e.g. rina')
    .option('--limit <n>', 'at most this many', '20')
    .action(reportingInputErrors(ctx, (options: { name?: string; limit: string }) => telegramChats(ctx, options)));
  staff
    .command('remove')
    .description('remove a staff member (their audit history stays)')
    .argument('<staff>', 'staff number (#3), phone number or Telegram user id')
    .action(reportingInputErrors(ctx, (ref: string) => remove(ctx, ref)));
  staff
    .command('password')
    .description('set a staff member\'s password for the web dashboard (read from standard input)')
    .requiredOption('--staff <staff>', 'staff number (#3), phone number or Telegram user id')
    .action(reportingInputErrors(ctx, (options: { staff: string }) => password(ctx, options)));
  staff
    .command('role')
    .description('give a staff member the role admin or operator (web dashboard)')
    .argument('<staff>', 'staff number (#3), phone number or Telegram user id')
    .argument('<role>', 'admin or operator')
    .action(reportingInputErrors(ctx, (ref: string, newRole: string) => role(ctx, ref, newRole)));
}
