import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import type { App } from '../app.js';
import { localTime, writeCsv } from '../cli/csv.js';
import { PEOPLE_COLUMNS, peoplePages } from '../runtime/profile/export.js';
import { recordAudit } from '../runtime/staff/audit.js';
import type { Say } from './i18n.js';
import { writeXlsx, XLSX_TYPE } from './xlsx.js';

// The people export (`export people`) from the Pelaku usaha page, as CSV or XLSX: the same
// columns and rows, erased people only as anonymous rows. Audited like every export.

export interface PeopleExportDeps {
  readonly app: App;
  readonly say: Say;
  readonly actor: (request: FastifyRequest) => string;
  readonly html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  readonly error: (request: FastifyRequest, text: string) => string;
}

const NUMBERS: Record<string, string> = { omzet_awal: '#,##0', tahun_mulai: '0' };

export function registerPeopleExport(server: FastifyInstance, deps: PeopleExportDeps): void {
  const { app } = deps;
  const db = app.database.db;
  server.get<{ Params: { format: string } }>('/orang/unduh/:format', async (request, reply) => {
    const { format } = request.params;
    if (format !== 'csv' && format !== 'xlsx') return deps.html(reply, deps.error(request, deps.say('bad_input', { what: 'format' })), 400);
    await recordAudit(db, { staffId: request.session!.staff.id, actor: deps.actor(request), action: 'web_exported', details: { export: 'people', format } }, app.services.clock());
    const pages = peoplePages(db, localTime(app.config.TZ));
    const out = new PassThrough();
    const written =
      format === 'csv'
        ? writeCsv(PEOPLE_COLUMNS, pages, { delimiter: ',' }, out)
        : writeXlsx('pelaku-usaha', PEOPLE_COLUMNS.map((c) => ({ ...c, ...(NUMBERS[c.key] ? { numFmt: NUMBERS[c.key] } : {}) })), pages, out);
    void written.then(() => out.end(), (error: unknown) => out.destroy(error as Error));
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
      .header('content-disposition', `attachment; filename="pelaku-usaha.${format}"`)
      .send(out);
  });
}
