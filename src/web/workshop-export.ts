import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { writeCsv, type CsvRow } from '../cli/csv.js';
import type { Database } from '../db/schema.js';
import type { WorkshopRow } from '../db/workshop-schema.js';
import { recordAudit } from '../runtime/staff/audit.js';
import { workshopParticipants } from '../runtime/workshop/participants.js';
import { writeXlsx, XLSX_TYPE } from './xlsx.js';

// A workshop's participants as CSV or XLSX (staff live in Excel): the same rows as the page
// and `/peserta` in chat — those with a seat, then the waiting list, each marked present or
// not — with names and phones, so the export is audited like every other.

export interface ParticipantsExport {
  readonly db: Kysely<Database>;
  /** The column headers and the words in the cells. */
  readonly words: { readonly headers: Record<'no' | 'status' | 'present' | 'name' | 'member' | 'phone', string>; readonly status: (s: 'confirmed' | 'waiting') => string; readonly yes: string; readonly no: string };
  readonly audit: { readonly staffId: string; readonly actor: string; readonly now: Date };
}

export async function sendParticipants(reply: FastifyReply, w: WorkshopRow, format: 'csv' | 'xlsx', deps: ParticipantsExport): Promise<FastifyReply> {
  const people = await workshopParticipants(deps.db, w.id);
  await recordAudit(deps.db, { staffId: deps.audit.staffId, actor: deps.audit.actor, action: 'web_exported', details: { export: 'workshop_participants', workshopId: w.id, format, rows: people.length } }, deps.audit.now);
  const { headers } = deps.words;
  const columns = (['no', 'status', 'present', 'name', 'member', 'phone'] as const).map((key) => ({ key, header: headers[key] }));
  const number = { confirmed: 0, waiting: 0 };
  const rows: CsvRow[] = people.map((p) => ({
    no: ++number[p.status],
    status: deps.words.status(p.status),
    present: p.present ? deps.words.yes : deps.words.no,
    name: p.name,
    member: p.memberNo,
    phone: p.phone,
  }));
  const out = new PassThrough();
  const pages = (async function* () {
    yield rows;
  })();
  const written = format === 'csv' ? writeCsv(columns, pages, { delimiter: ',' }, out) : writeXlsx(`peserta-${w.id}`, columns, pages, out);
  void written.then(() => out.end(), (error: unknown) => out.destroy(error as Error));
  return reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
    .header('content-disposition', `attachment; filename="peserta-pelatihan-${w.id}.${format}"`)
    .header('cache-control', 'no-store')
    .send(out);
}
