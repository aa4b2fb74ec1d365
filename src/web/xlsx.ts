import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { safeCell, type CsvRow } from '../cli/csv.js';

// The CSV exports as XLSX (staff live in Excel): the same columns and rows, written a page at
// a time by exceljs's streaming writer, so a large office needs little memory. Text cells go
// through the CSV's guard, so a name such as "=HYPERLINK(…)" stays text.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface XlsxColumn {
  readonly key: string;
  readonly header: string;
  /** Excel number format; the cell is written as a number (Postgres numerics arrive as text). */
  readonly numFmt?: string;
}

export async function writeXlsx(sheetName: string, columns: readonly XlsxColumn[], pages: AsyncIterable<readonly CsvRow[]>, out: Writable): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = book.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, c.header.length + 2), ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  sheet.getRow(1).font = { bold: true };
  const numeric = new Set(columns.filter((c) => c.numFmt).map((c) => c.key));
  for await (const rows of pages) {
    for (const row of rows) {
      sheet.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, numeric.has(k) && typeof v === 'string' && v !== '' ? Number(v) : safeCell(v)]))).commit();
    }
  }
  sheet.commit();
  await book.commit();
}
