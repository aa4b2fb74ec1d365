import type { Command } from 'commander';
import { listAudit } from './audit.js';
import { findStaff } from './directory.js';
import { maskPhones } from '../../log.js';
import { formatLocalDateTime } from '../../time.js';
import type { CliContext } from '../core/capability.js';
import { CliInputError, readLimit, reportingInputErrors } from '../../cli/input.js';
import { formatTable } from '../../cli/table.js';
import { text } from '../../engine/core/text.js';

// `audit`: every staff action, newest first, with who did it, how and when.

interface AuditOptions {
  limit: string;
  staff?: string;
  action?: string;
}

async function showAudit(ctx: CliContext, options: AuditOptions): Promise<void> {
  const db = await ctx.db();
  const staff = options.staff ? await findStaff(db, options.staff) : undefined;
  if (options.staff && !staff) throw new CliInputError(ctx.render(text('staff.cli.no_active_short', { ref: options.staff })));
  const rows = await listAudit(db, { limit: readLimit(options.limit, 10_000), ...(staff ? { staffId: staff.id } : {}), ...(options.action ? { action: options.action } : {}) });
  ctx.out(
    formatTable(
      ['col_at', 'col_staff', 'col_via', 'col_action', 'col_details'].map((k) => ctx.render(text(`staff.cli.${k}`))),
      rows.map((r) => [formatLocalDateTime(r.at, ctx.timeZone), r.staffName, r.actor, r.action, details(r.details)]),
    ),
  );
  ctx.out(`\n${ctx.render(text('staff.cli.audit_count', { count: rows.length }))}`);
}

/** One line, phone numbers masked, long texts cut. */
function details(value: Record<string, unknown>): string {
  const line = maskPhones(JSON.stringify(value)).replace(/\\n/g, ' ');
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('what staff did (announcements, reports viewed, staff added or removed), newest first')
    .option('--limit <n>', 'at most this many entries', '50')
    .option('--staff <staff>', 'only this staff member (number, phone or Telegram user id)')
    .option('--action <action>', 'only this action, e.g. broadcast_created')
    .action(reportingInputErrors(ctx, (options: AuditOptions) => showAudit(ctx, options)));
}
