import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';

// CSV for spreadsheets, written to standard output: UTF-8 with a byte-order mark (so Excel
// reads the accents), a header row, quoting where a cell needs it, Windows line ends.
// Rows are written a page at a time, so a large office needs little memory.

export interface CsvOptions {
  readonly delimiter: string;
}

export type Cell = string | number | null;
export type CsvRow = Record<string, Cell>;

/** `2026-12-12 09:00` in the office's time zone. */
export function localTime(timeZone: string): (date: Date | null) => string | null {
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (date) => (date ? format.format(date) : null);
}

/**
 * A text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`, or one
 * hidden behind a tab or carriage return) is written with a leading `'`, which the
 * spreadsheet shows as text. A plain signed number such as a phone `+6281234567890` is no
 * formula and stays as it is.
 */
export function safeCell(cell: Cell): Cell {
  if (typeof cell !== 'string' || !/^[=+\-@\t\r]/u.test(cell)) return cell;
  if (/^[+-]\d+$/u.test(cell)) return cell;
  return `'${cell}`;
}

function safeRow(row: CsvRow): CsvRow {
  return Object.fromEntries(Object.entries(row).map(([key, cell]) => [key, safeCell(cell)]));
}

/** Every export goes through here, so every cell is made safe for spreadsheets in this one place. */
export async function writeCsv(
  columns: readonly { key: string; header: string }[],
  pages: AsyncIterable<CsvRow[]>,
  options: CsvOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const csv = stringify({ bom: true, header: true, columns: columns.map((c) => ({ ...c, header: safeCell(c.header) as string })), delimiter: options.delimiter, record_delimiter: 'windows' });
  csv.pipe(out, { end: false });
  for await (const rows of pages) {
    for (const row of rows) if (!csv.write(safeRow(row))) await once(csv, 'drain');
  }
  csv.end();
  await finished(csv);
}

/** `export <what>`: every capability adds its own kind of export to the one group. */
export function exportGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'export') ?? program.command('export').description('CSV for spreadsheets, written to standard output (… > file.csv)');
}

export const DELIMITER_OPTION = ['--delimiter <char>', 'cell separator; use ";" for a spreadsheet set to Indonesian regional settings', ','] as const;

/** Rows are read a page at a time. */
export const PAGE = 2000;
