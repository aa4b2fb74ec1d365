import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadCityVocabulary } from '../../city/load.js';
import { CliInputError, cliActor, reportingInputErrors } from '../../cli/input.js';
import { formatTable } from '../../cli/table.js';
import { text } from '../../engine/core/text.js';
import type { CliContext } from '../core/capability.js';
import { recordAudit } from '../staff/audit.js';
import { ImportFileError, importPeople, previewImport, readRegisterFile, type ImportPreview } from './register.js';

// `import people --file register.xlsx [--dry-run]`: the office's register into Wirabot.

/** The rows with problems, for staff to fix in the file (at most `limit`). */
export function problemTable(ctx: { render: CliContext['render'] }, preview: ImportPreview, limit = 50): string[] {
  const bad = preview.rows.filter((r) => r.problems.length > 0);
  if (bad.length === 0) return [];
  const say = (key: string, params?: Record<string, string | number>) => ctx.render(text(`import.${key}`, params));
  const lines = [formatTable([say('col_line'), say('col_name'), say('col_phone'), say('col_problems')], bad.slice(0, limit).map((r) => [r.line, r.name, r.phone, r.problems.map((p) => say(`problem.${p}`)).join(', ')]))];
  if (bad.length > limit) lines.push(say('more', { count: bad.length - limit }));
  return lines;
}

async function importCommand(ctx: CliContext, options: { file: string; dryRun?: boolean }): Promise<void> {
  const say = (key: string, params?: Record<string, string | number>) => ctx.render(text(`import.${key}`, params));
  const content = await readFile(options.file).catch(() => {
    throw new CliInputError(`cannot read ${options.file}`);
  });
  const db = await ctx.db();
  const now = new Date();
  let preview: ImportPreview;
  try {
    preview = await previewImport(db, loadCityVocabulary(ctx.config.CITY), await readRegisterFile(path.basename(options.file), content), now);
  } catch (error) {
    if (error instanceof ImportFileError) throw new CliInputError(say(`file.${error.reason}`, { detail: error.detail }));
    throw error;
  }
  for (const line of problemTable(ctx, preview)) ctx.out(line);
  ctx.out(say('summary', { rows: preview.rows.length, valid: preview.valid, invalid: preview.invalid }));
  const result = await importPeople(db, preview, now, { dryRun: options.dryRun });
  await recordAudit(db, { staffId: null, actor: cliActor(), action: options.dryRun ? 'people_import_previewed' : 'people_imported', details: { file: path.basename(options.file), rows: preview.rows.length, imported: result.imported, skipped: result.skipped } });
  ctx.out(options.dryRun ? say('dry_run') : say('done', result));
}

export function registerImportCommands(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description("import the office's existing register")
    .command('people')
    .description('people from an XLSX or CSV file (name, phone, business, activity, sector, kecamatan, year, omzet); nothing is sent to them')
    .requiredOption('--file <file>', 'register.xlsx or register.csv')
    .option('--dry-run', 'show what would be imported and the problems, save nothing')
    .action(reportingInputErrors(ctx, (options: { file: string; dryRun?: boolean }) => importCommand(ctx, options)));
}
