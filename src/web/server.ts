import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.js';
import { writeCsv } from '../cli/csv.js';
import { recordAudit } from '../runtime/staff/audit.js';
import { formatLocalDateTime } from '../time.js';
import { checkLoginCode, createSession, endSession, findLoginStaff, loadSession, sameToken, sendLoginCode, staffChat, verifyPassword, type WebSession } from './auth.js';
import { sayer, type Say } from './i18n.js';
import { chartTable, isChartId, overview } from './overview.js';
import { errorPage, loginPage, overviewPage, peoplePage, type PageContext } from './pages.js';
import { secureCookies } from './said.js';
import { registerAnnouncements } from './announce.js';
import { registerInbox } from './inbox.js';
import { registerWorkshops } from './workshops.js';
import { importMultipart, registerImport } from './import.js';
import { registerReport } from './report.js';
import { registerPeopleExport } from './people-export.js';
import { registerStaff } from './staff.js';
import { registerWhatsApp } from './whatsapp.js';
import { GROWTH_STATUSES, listPeople, references, type PeopleFilter } from './people.js';
import { registerPerson } from './person.js';

// The staff dashboard (issue 13), role `web`: server-rendered pages, JSON for the charts,
// every asset served from here (offices have poor internet). Every page but the sign-in
// needs a session; every POST needs the session's CSRF token; admin pages need `admin`.

const SESSION_COOKIE = 'wirabot_session';
const LOGIN_COOKIE = 'wirabot_login';
const here = path.dirname(fileURLToPath(import.meta.url));
const echartsDir = path.dirname(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'));

declare module 'fastify' {
  interface FastifyRequest {
    session: WebSession | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (the sign-in pages, assets). */
    public?: boolean;
    /** Only for staff with the `admin` role. */
    admin?: boolean;
  }
}

export interface WebOptions {
  /** Sign-in attempts (code requests and sign-ins together) per address per minute. */
  readonly loginRateLimit?: number;
}

export async function buildWebServer(app: App, options: WebOptions = {}): Promise<FastifyInstance> {
  const { config } = app;
  const db = app.database.db;
  const clock = app.services.clock;
  const say: Say = sayer(app.renderer, 'id');
  const secure = secureCookies(config);
  const server = Fastify({ logger: false, trustProxy: 'loopback', bodyLimit: 64 * 1024 });
  const lifetime = { idleMs: config.WEB_SESSION_IDLE, maxMs: config.WEB_SESSION_TTL };

  await server.register(cookie);
  await server.register(formbody);
  await importMultipart(server);
  await server.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({ statusCode: context.statusCode, code: 'rate_limited', error: 'Too Many Requests', message: say('login_too_many') }),
  });
  await server.register(fastifyStatic, { root: path.join(here, 'assets'), prefix: '/assets/', decorateReply: false });
  await server.register(fastifyStatic, { root: echartsDir, prefix: '/assets/echarts/', decorateReply: false, allowedPath: (p) => p === '/echarts.min.js' });

  const ctx = (request: FastifyRequest): PageContext => ({ say, org: config.ORG_SHORT_NAME, session: request.session, timeZone: config.TZ });
  const actor = (request: FastifyRequest) => `web:${request.ip}`;
  const audit = (request: FastifyRequest, action: string, details: Record<string, unknown> = {}, staffId = request.session?.staff.id ?? null) =>
    recordAudit(db, { staffId, actor: actor(request), action, details }, clock());
  const html = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  server.decorateRequest('session', null);
  server.addHook('onRequest', async (request, reply) => {
    reply.header('x-frame-options', 'DENY').header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
    reply.header('content-security-policy', "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'");
    request.session = await loadSession(db, request.cookies[SESSION_COOKIE], clock(), lifetime);
    const routeConfig = request.routeOptions.config;
    if (routeConfig.public || request.url.startsWith('/assets/')) return;
    if (!request.session) {
      if (request.url.startsWith('/api/')) return reply.code(401).send({ error: 'not_signed_in' });
      return reply.redirect('/masuk', 303);
    }
    if (routeConfig.admin && request.session.staff.role !== 'admin') {
      await audit(request, 'web_forbidden', { url: request.url, method: request.method });
      if (request.url.startsWith('/api/')) return reply.code(403).send({ error: 'forbidden' });
      return html(reply, errorPage(ctx(request), say('forbidden')), 403);
    }
  });
  // Every POST carries a CSRF token: the session's, or (signing in) the login cookie's.
  server.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST') return;
    const sent = (request.body as Record<string, unknown> | undefined)?.['_csrf'] ?? request.headers['x-csrf-token'];
    const expected = request.routeOptions.config.public ? request.cookies[LOGIN_COOKIE] : request.session?.csrfToken;
    if (expected && typeof sent === 'string' && sameToken(sent, expected)) return;
    await audit(request, 'web_csrf_refused', { url: request.url });
    return html(reply, errorPage(ctx(request), say('csrf_refused')), 403);
  });
  server.setErrorHandler(async (error: { statusCode?: number; message: string }, request, reply) => {
    if (error.statusCode === 429) {
      await audit(request, 'web_login_rate_limited', {});
      return html(reply, loginPage(ctx(request), request.cookies[LOGIN_COOKIE] ?? '', { error: say('login_too_many') }), 429);
    }
    if (error.statusCode && error.statusCode < 500) return html(reply, errorPage(ctx(request), say('bad_input', { what: error.message })), error.statusCode);
    app.log.error({ err: error.message, url: request.url }, 'web request failed');
    return html(reply, errorPage(ctx(request), say('server_error')), 500);
  });
  server.setNotFoundHandler((request, reply) => html(reply, errorPage(ctx(request), say('not_found')), 404));

  // Signing in ----------------------------------------------------------------------------

  const loginForm = (request: FastifyRequest, reply: FastifyReply, state: Parameters<typeof loginPage>[2], status = 200) => {
    let token = request.cookies[LOGIN_COOKIE];
    if (!token || !/^[\w-]{32}$/.test(token)) {
      token = randomBytes(24).toString('base64url');
      reply.setCookie(LOGIN_COOKIE, token, { path: '/masuk', httpOnly: true, sameSite: 'strict', secure });
    }
    return html(reply, loginPage(ctx(request), token, state), status);
  };
  const limited = { public: true, rateLimit: { max: options.loginRateLimit ?? 10, timeWindow: 60_000, keyGenerator: (r: FastifyRequest) => `login:${r.ip}` } };
  const loginBody = z.object({ staff: z.string().max(64).default(''), code: z.string().max(64).default(''), password: z.string().max(256).default('') });

  server.get('/masuk', { config: { public: true } }, (request, reply) => (request.session ? reply.redirect('/', 303) : loginForm(request, reply, {})));

  server.post('/masuk/kode', { config: limited }, async (request, reply) => {
    const body = loginBody.safeParse(request.body);
    if (!body.success || body.data.staff.trim() === '') return loginForm(request, reply, { error: say('login_missing') }, 400);
    const staff = await findLoginStaff(db, body.data.staff);
    const chat = staff ? await staffChat(db, staff) : null;
    await audit(request, 'web_login_code_requested', { staffId: staff?.id ?? null, sent: Boolean(chat) }, staff?.id ?? null);
    // An unknown staff member gets the same answer as a known one: the form tells nobody who is staff.
    if (staff && chat) {
      await sendLoginCode({ db, queues: app.queues, key: config.ID_HASH_KEY }, staff, chat, clock(), (code, until) =>
        say('code_message', { bot: config.BOT_NAME, code, until: formatLocalDateTime(until, config.TZ) }),
      );
    }
    return loginForm(request, reply, { staff: body.data.staff, info: say('login_code_sent'), codeSent: true });
  });

  server.post('/masuk', { config: limited }, async (request, reply) => {
    const body = loginBody.safeParse(request.body);
    if (!body.success || body.data.staff.trim() === '' || (body.data.code.trim() === '' && body.data.password === '')) {
      return loginForm(request, reply, { error: say('login_missing'), ...(body.success ? { staff: body.data.staff } : {}) }, 400);
    }
    const { staff: ref, code, password } = body.data;
    const staff = await findLoginStaff(db, ref);
    const method = code.trim() !== '' ? 'code' : 'password';
    const ok = staff
      ? method === 'code'
        ? await checkLoginCode({ db, queues: app.queues, key: config.ID_HASH_KEY }, staff, code, `web:${request.ip}`, clock())
        : await verifyPassword(password, staff.password_hash)
      : false;
    if (!staff || !ok) {
      await audit(request, 'web_login_failed', { method, staffId: staff?.id ?? null }, staff?.id ?? null);
      return loginForm(request, reply, { staff: ref, error: say('login_failed') }, 401);
    }
    const token = await createSession(db, staff.id, method, clock(), lifetime);
    await audit(request, 'web_signed_in', { method }, staff.id);
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: Math.floor(config.WEB_SESSION_TTL / 1000) });
    return reply.redirect('/', 303);
  });

  server.post('/keluar', async (request, reply) => {
    await endSession(db, request.session!.sessionId, clock());
    await audit(request, 'web_signed_out');
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/masuk', 303);
  });

  // Ringkasan -----------------------------------------------------------------------------

  server.get('/', (request, reply) => html(reply, overviewPage(ctx(request))));
  server.get('/api/ringkasan', async () => ({ charts: await overview(db, say, config.TZ) }));
  server.get<{ Params: { file: string } }>('/api/ringkasan/:file', async (request, reply) => {
    const [, id, csv] = /^([a-z_]+)(\.csv)?$/.exec(request.params.file) ?? [];
    if (!id || !isChartId(id)) return reply.code(404).send({ error: 'unknown_chart' });
    const table = await chartTable(db, id, say, config.TZ);
    if (!csv) return table;
    await audit(request, 'web_exported', { chart: id, rows: table.rows.length });
    const out = new PassThrough();
    void writeCsv(table.columns, (async function* () { yield [...table.rows]; })(), { delimiter: ',' }, out).then(() => out.end(), (error: unknown) => out.destroy(error as Error));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="ringkasan-${id}.csv"`).send(out);
  });

  // Pelaku usaha --------------------------------------------------------------------------

  const peopleQuery = z.object({
    q: z.string().max(100).default(''),
    sector: z.union([z.literal(''), z.coerce.number().int().positive().max(2_147_483_647)]).default(''),
    kecamatan: z.union([z.literal(''), z.coerce.number().int().positive().max(2_147_483_647)]).default(''),
    status: z.union([z.literal(''), z.enum([...GROWTH_STATUSES, 'none'])]).default(''),
    page: z.union([z.literal(''), z.coerce.number().int().positive().max(100_000)]).default(''),
  });
  server.get('/orang', async (request, reply) => {
    const parsed = peopleQuery.safeParse(request.query);
    const refs = await references(db);
    const empty: PeopleFilter = { q: '', sector: null, kecamatan: null, status: null, page: 1 };
    if (!parsed.success) {
      const what = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
      return html(reply, peoplePage(ctx(request), empty, { rows: [], total: 0 }, refs, say('bad_input', { what })), 400);
    }
    const q = parsed.data;
    const filter: PeopleFilter = { q: q.q, sector: q.sector === '' ? null : q.sector, kecamatan: q.kecamatan === '' ? null : q.kecamatan, status: q.status === '' ? null : q.status, page: q.page === '' ? 1 : q.page };
    const result = await listPeople(db, filter);
    if (filter.q !== '' || filter.sector !== null || filter.kecamatan !== null || filter.status !== null) {
      await audit(request, 'web_people_searched', { q: filter.q, sector: filter.sector, kecamatan: filter.kecamatan, status: filter.status, found: result.total });
    }
    return html(reply, peoplePage(ctx(request), filter, result, refs, null));
  });

  registerPerson(server, { app, say, ctx, html, actor });
  registerAnnouncements(server, { app, say, ctx, html, actor });
  registerInbox(server, { app, say, ctx, html, actor });
  registerWorkshops(server, { app, say, ctx, html, actor });
  registerImport(server, { app, say, ctx, html, actor });
  registerReport(server, { app, say, ctx, html, actor });
  registerPeopleExport(server, { app, say, actor, html, error: (request, text) => errorPage(ctx(request), text) });
  registerWhatsApp(server, { app, say, ctx, html, audit });

  registerStaff(server, { app, say, ctx, html, actor });

  return server;
}

/** The `web` role of `npm start`. */
export async function startWebServer(app: App): Promise<{ stop(): Promise<void>; url: string }> {
  const server = await buildWebServer(app);
  const url = await server.listen({ port: app.config.WEB_PORT, host: app.config.WEB_HOST });
  app.log.info({ url: app.config.WEB_PUBLIC_URL ?? url }, 'web dashboard listening');
  return { url, stop: () => server.close() };
}
