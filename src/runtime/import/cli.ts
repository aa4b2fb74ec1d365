import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadCityVocabulary } from '../../city/load.js';
import { CliInputError, cliActor, reportingInputErrors } from '../../cli/input.js';
import { formatTable } from '../../cli/table.js';
import { text } from '../../engine/core/text.js';
import type { CliContext } from '../core/capability.js';
import { recordAudit } from '../staff/audit.js';
import { invitePlan, sendInvitations, type InvitePlan } from './invite.js';
import { mappingErrorText } from './mapping-text.js';
import { ImportFileError, ImportMappingError, importPeople, overrideMapping, previewImport, readRegisterFile, type ColumnMap, type ImportPreview } from './register.js';

// `import people --file register.xlsx [--map name=Nama,phone="No HP"] [--dry-run]`: the office's
// register into Wirabot.
// `import invite [--limit N] [--dry-run]`: the invitation to the people imported, on WhatsApp.

/**
 * `name=Nama,phone="No HP"` as field → header. The shell has usually taken the quotes away
 * already; quotes that remain keep a comma inside a header. `null` when it cannot be read.
 */
export function parseMapOption(raw: string): Record<string, string> | null {
  const pairs: Record<string, string> = {};
  const re = /\s*([^=,"]+?)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^,"']*))\s*(?:,|$)/uy;
  let at = 0;
  while (at < raw.length) {
    re.lastIndex = at;
    const m = re.exec(raw);
    if (!m || m[0] === '') return null;
    pairs[m[1]!] = m[2] ?? m[3] ?? m[4]!.trim();
    at = re.lastIndex;
  }
  return Object.keys(pairs).length > 0 ? pairs : null;
}

/** The rows with problems, for staff to fix in the file (at most `limit`). */
export function problemTable(ctx: { render: CliContext['render'] }, preview: ImportPreview, limit = 50): string[] {
  const bad = preview.rows.filter((r) => r.problems.length > 0);
  if (bad.length === 0) return [];
  const say = (key: string, params?: Record<string, string | number>) => ctx.render(text(`import.${key}`, params));
  const lines = [formatTable([say('col_line'), say('col_name'), say('col_phone'), say('col_problems')], bad.slice(0, limit).map((r) => [r.line, r.name, r.phone, r.problems.map((p) => say(`problem.${p}`)).join(', ')]))];
  if (bad.length > limit) lines.push(say('more', { count: bad.length - limit }));
  return lines;
}

async function importCommand(ctx: CliContext, options: { file: string; map?: string; dryRun?: boolean }): Promise<void> {
  const say = (key: string, params?: Record<string, string | number>) => ctx.render(text(`import.${key}`, params));
  const overrides = options.map === undefined ? null : parseMapOption(options.map);
  if (options.map !== undefined && !overrides) throw new CliInputError(say('map.error.syntax'));
  const content = await readFile(options.file).catch(() => {
    throw new CliInputError(`cannot read ${options.file}`);
  });
  const db = await ctx.db();
  const now = new Date();
  let preview: ImportPreview;
  let headers: readonly string[] = [];
  try {
    const table = await readRegisterFile(path.basename(options.file), content);
    headers = table.headers;
    const mapping: ColumnMap | undefined = overrides ? overrideMapping(table.headers, overrides) : undefined;
    preview = await previewImport(db, loadCityVocabulary(ctx.config.CITY), table, now, mapping);
  } catch (error) {
    if (error instanceof ImportFileError) {
      const hint = error.reason === 'columns_missing' ? ` ${say('map.cli_hint')}` : '';
      throw new CliInputError(`${say(`file.${error.reason}`, { detail: error.detail })}${hint}`);
    }
    if (error instanceof ImportMappingError) throw new CliInputError(mappingErrorText(ctx, error, headers));
    throw error;
  }
  for (const line of problemTable(ctx, preview)) ctx.out(line);
  ctx.out(say('summary', { rows: preview.rows.length, valid: preview.valid, invalid: preview.invalid }));
  const result = await importPeople(db, preview, now, { dryRun: options.dryRun });
  await recordAudit(db, { staffId: null, actor: cliActor(), action: options.dryRun ? 'people_import_previewed' : 'people_imported', details: { file: path.basename(options.file), rows: preview.rows.length, imported: result.imported, skipped: result.skipped } });
  ctx.out(options.dryRun ? say('dry_run') : say('done', result));
}

/** The ban-risk warning and today's figures, as the Impor page shows them. */
export function inviteWarning(render: (t: ReturnType<typeof text>) => string, plan: InvitePlan, whatsappEnabled: boolean): string[] {
  const say = (key: string, params?: Record<string, string | number>) => render(text(`import.invite.${key}`, params));
  return [
    say('ban_warning', { perDay: plan.perDay }),
    ...(whatsappEnabled ? [] : [say('whatsapp_off')]),
    say('figures', { ...plan }),
    plan.waiting === 0 ? say('nobody_waiting') : say('days', { days: plan.days, minutes: plan.minutesPerDay }),
  ];
}

function readLimit(raw: string | undefined, say: (key: string) => string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\s*\d{1,6}\s*$/u.test(raw) || Number(raw) < 1) throw new CliInputError(say('bad_limit'));
  return Number(raw);
}

async function inviteCommand(ctx: CliContext, options: { limit?: string; dryRun?: boolean }): Promise<void> {
  const say = (key: string, params?: Record<string, string | number>) => ctx.render(text(`import.invite.${key}`, params));
  const limit = readLimit(options.limit, say);
  const app = await ctx.open();
  const now = app.clock();
  for (const line of inviteWarning(ctx.render, await invitePlan(app, now), app.config.WHATSAPP_ENABLED)) ctx.out(line);
  const result = await sendInvitations(app, now, { ...(limit !== undefined ? { limit } : {}), dryRun: options.dryRun });
  await recordAudit(app.db, { staffId: null, actor: cliActor(), action: options.dryRun ? 'import_invitations_previewed' : 'import_invitations_sent', details: { invited: result.invited, limit: limit ?? null } });
  if (options.dryRun) ctx.out(say('dry_run', { count: result.invited }));
  else ctx.out(result.invited === 0 && result.plan.remainingToday === 0 && result.plan.waiting > 0 ? say('limit_reached', { perDay: result.plan.perDay }) : say('sent', { count: result.invited }));
}

export function registerImportCommands(program: Command, ctx: CliContext): void {
  const importing = program.command('import').description("import the office's existing register");
  importing
    .command('invite')
    .description('send the invitation (asking for consent) to imported people on WhatsApp, paced, at most IMPORT_INVITES_PER_DAY a day')
    .option('--limit <n>', 'at most this many now (never more than what is left of today)')
    .option('--dry-run', 'show how many would be invited, send nothing')
    .action(reportingInputErrors(ctx, (options: { limit?: string; dryRun?: boolean }) => inviteCommand(ctx, options)));
  importing
    .command('people')
    .description('people from an XLSX or CSV file (name, phone, business, activity, sector, kecamatan, year, omzet); nothing is sent to them')
    .requiredOption('--file <file>', 'register.xlsx or register.csv')
    .option('--map <pairs>', 'columns chosen by header instead of the automatic matching, e.g. name=Nama,phone="No HP" (field= for none)')
    .option('--dry-run', 'show what would be imported and the problems, save nothing')
    .action(reportingInputErrors(ctx, (options: { file: string; map?: string; dryRun?: boolean }) => importCommand(ctx, options)));
}
