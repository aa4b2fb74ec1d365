import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import type { App } from '../app.js';
import type { Database } from '../db/schema.js';
import { candidateValue, MERGE_FIELDS, mergeCandidates, mergePeople, type MergeCandidate, type MergeChoice, type MergeField, type MergeResult } from '../runtime/profile/merge.js';
import { findPersonRef, refLabel } from '../runtime/profile/person-ref.js';
import { problemKey } from '../runtime/profile/staff-cli.js';
import { editPerson, STAFF_EDIT_FIELDS, type EditProblem, type StaffEditInput } from '../runtime/profile/staff-edit.js';
import { recordAudit } from '../runtime/staff/audit.js';
import { formatLocalDateTime } from '../time.js';
import { html, type Html } from './html.js';
import type { Say } from './i18n.js';
import { errorPage, layout, message, personPage, type PageContext } from './pages.js';
import { listPeople, personDetails, references, type PersonDetails } from './people.js';

// A person's page with its audited edits (any staff) and merging two records of the same
// person (admins): the same functions as `people edit` and `people merge` (runtime/profile),
// every change in the audit log, listed on the page as "Riwayat perubahan".

export interface PersonDeps {
  readonly app: App;
  readonly say: Say;
  readonly ctx: (request: FastifyRequest) => PageContext;
  readonly html: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  readonly actor: (request: FastifyRequest) => string;
}

const ID = /^\d{1,18}$/u;
const admin = { config: { admin: true } };
const editForm = z.object(Object.fromEntries(STAFF_EDIT_FIELDS.map((f) => [f, z.string().max(500).default('')])) as Record<(typeof STAFF_EDIT_FIELDS)[number], z.ZodDefault<z.ZodString>>);
const mergeForm = z.object({
  confirm: z.string().max(10).default(''),
  ...Object.fromEntries(MERGE_FIELDS.map((f) => [`take_${f}`, z.enum(['keep', 'other']).default('keep')])),
});

interface HistoryRow {
  id: string;
  at: Date;
  action: string;
  staff_name: string | null;
  actor: string;
  details: Record<string, unknown>;
}

/** Edits and merges of this record, newest first, from the audit log. */
export async function personHistory(db: Kysely<Database>, personId: string): Promise<HistoryRow[]> {
  const { rows } = await sql<HistoryRow>`
    select a.id, a.at, a.action, s.name as staff_name, a.actor, a.details
      from audit_log a left join staff s on s.id = a.staff_id
     where a.action in ('person_edited', 'person_merged') and (a.details->>'personId' = ${personId} or a.details->>'otherPersonId' = ${personId})
     order by a.id desc limit 100`.execute(db);
  return rows;
}

export function registerPerson(server: FastifyInstance, deps: PersonDeps): void {
  const { app, say } = deps;
  const db = app.database.db;
  const clock = app.services.clock;
  const tz = app.config.TZ;
  const p = (key: string, params?: Record<string, string | number>) => say(`person.${key}`, params);
  const audit = (request: FastifyRequest, action: string, details: Record<string, unknown>) =>
    recordAudit(db, { staffId: request.session?.staff.id ?? null, actor: deps.actor(request), action, details }, clock());
  const who = (request: FastifyRequest) => ({ staffId: request.session?.staff.id ?? null, actor: deps.actor(request) });
  const bad = (request: FastifyRequest, reply: FastifyReply, text: string, status: number) => deps.html(reply, errorPage(deps.ctx(request), text), status);

  const historyList = (rows: readonly HistoryRow[]): Html => {
    const line = (r: HistoryRow): Html => {
      if (r.action === 'person_edited') {
        const changes = (r.details['changes'] as { field: string; before: string | null; after: string }[] | undefined) ?? [];
        return html`${changes.map((c) => html`<div>${p(`field_${c.field}`)}: <del>${c.before ?? say('none')}</del> → <ins>${c.after}</ins></div>`)}`;
      }
      const conflicts = (r.details['conflicts'] as unknown[] | undefined)?.length ?? 0;
      return html`${p('history_merged', { other: String(r.details['otherMemberNo'] ?? `#${String(r.details['otherPersonId'] ?? '')}`), keep: String(r.details['memberNo'] ?? `#${String(r.details['personId'] ?? '')}`), conflicts })}`;
    };
    return html`<section class="card" id="history"><h2>${p('history_title')}</h2>
      ${rows.length === 0 ? html`<p class="muted">${p('history_none')}</p>` : html`<table><thead><tr><th>${p('history_when')}</th><th>${p('history_who')}</th><th>${p('history_what')}</th></tr></thead><tbody>
      ${rows.map((r) => html`<tr data-audit="${r.id}"><td>${formatLocalDateTime(r.at, tz)}</td><td>${r.staff_name ?? r.actor}</td><td>${line(r)}</td></tr>`)}
      </tbody></table>`}</section>`;
  };

  const editSection = async (request: FastifyRequest, d: PersonDetails, form: StaffEditInput | null, problems: readonly EditProblem[]): Promise<Html> => {
    const refs = await references(db);
    const person = d.person;
    const value = (f: (typeof STAFF_EDIT_FIELDS)[number], current: string | null) => form?.[f] ?? current ?? '';
    const problemOf = (f: string) => problems.filter((x) => x.field === f).map((x) => html`<span class="warn" role="alert">${p(problemKey(x.reason))}</span>`);
    const choice = (name: 'sector' | 'kecamatan', list: { id: number; name: string }[], current: number | null) =>
      html`<select name="${name}">${list.map((r) => html`<option value="${r.id}"${String(r.id) === (form?.[name] ?? String(current ?? '')) ? html` selected` : ''}>${r.name}</option>`)}</select>`;
    return html`<section class="card" id="edit"><h2>${p('edit_title')}</h2>
      <form method="post" action="/orang/${person.id}/ubah" class="stack">
        <input type="hidden" name="_csrf" value="${request.session?.csrfToken ?? ''}">
        <label>${p('field_name')}<input name="name" value="${value('name', person.full_name)}" maxlength="200">${problemOf('name')}</label>
        <label>${p('field_business')}<input name="business" value="${value('business', person.business_name)}" maxlength="200">${problemOf('business')}</label>
        <label>${p('field_activity')}<input name="activity" value="${value('activity', person.business_activity)}" maxlength="120">${problemOf('activity')}</label>
        <label>${p('field_sector')}${choice('sector', refs.sectors, person.sector_id)}${problemOf('sector')}</label>
        <label>${p('field_kecamatan')}${choice('kecamatan', refs.kecamatan, person.kecamatan_id)}${problemOf('kecamatan')}</label>
        <label>${p('field_phone')}<input name="phone" value="${value('phone', person.phone_e164)}" inputmode="tel" maxlength="40" placeholder="0812-5123-4477">${problemOf('phone')}</label>
        <p class="muted">${p('edit_help')}</p>
        <button type="submit" id="save-person">${p('edit_save')}</button>
      </form></section>`;
  };

  const showPerson = async (request: FastifyRequest, reply: FastifyReply, id: string, note: { error?: string; info?: string; form?: StaffEditInput; problems?: readonly EditProblem[] } = {}, status = 200) => {
    const d = await personDetails(db, id);
    if (!d) return bad(request, reply, say('not_found'), 404);
    const isAdmin = request.session?.staff.role === 'admin';
    const merged = d.person.merged_into;
    const top = html`${message(note.error ?? null)}${message(note.info ?? null, 'info')}
      ${merged ? html`<p class="error" id="merged-notice">${p('merged_notice')} <a href="/orang/${merged}">${p('merged_open')}</a></p>` : ''}
      ${!merged && isAdmin ? html`<p><a href="/orang/${d.person.id}/gabung" id="merge-link">${p('merge_link')}</a></p>` : ''}`;
    const bottom = html`${merged ? '' : await editSection(request, d, note.form ?? null, note.problems ?? [])}${historyList(await personHistory(db, id))}`;
    return deps.html(reply, personPage(deps.ctx(request), d, { top, bottom }), status);
  };

  server.get<{ Params: { id: string } }>('/orang/:id', async (request, reply) => {
    if (!ID.test(request.params.id)) return bad(request, reply, say('bad_input', { what: 'id' }), 400);
    const exists = await db.selectFrom('people').select('id').where('id', '=', request.params.id).where('erased_at', 'is', null).executeTakeFirst();
    if (exists) await audit(request, 'web_person_viewed', { personId: exists.id });
    return showPerson(request, reply, request.params.id);
  });

  server.post<{ Params: { id: string } }>('/orang/:id/ubah', async (request, reply) => {
    if (!ID.test(request.params.id)) return bad(request, reply, say('bad_input', { what: 'id' }), 400);
    const parsed = editForm.safeParse(request.body ?? {});
    if (!parsed.success) return showPerson(request, reply, request.params.id, { error: p('edit_bad_form') }, 400);
    const refs = await app.services.references.get();
    const result = await editPerson(db, refs, request.params.id, parsed.data, who(request), clock());
    switch (result.kind) {
      case 'saved':
        return showPerson(request, reply, request.params.id, { info: p('edit_saved', { count: result.changes.length }) });
      case 'unchanged':
        return showPerson(request, reply, request.params.id, { info: p('edit_unchanged') });
      case 'invalid':
        return showPerson(request, reply, request.params.id, { error: p('edit_invalid'), form: parsed.data, problems: result.problems }, 400);
      case 'merged':
        return showPerson(request, reply, request.params.id, { error: p('edit_merged') }, 409);
      case 'not_found':
        return bad(request, reply, say('not_found'), 404);
    }
  });

  // Merging (admins) ------------------------------------------------------------------------

  const searchQuery = z.object({ q: z.string().max(100).default('') });
  server.get<{ Params: { id: string } }>('/orang/:id/gabung', admin, async (request, reply) => {
    if (!ID.test(request.params.id)) return bad(request, reply, say('bad_input', { what: 'id' }), 400);
    const d = await personDetails(db, request.params.id);
    if (!d) return bad(request, reply, say('not_found'), 404);
    const parsed = searchQuery.safeParse(request.query ?? {});
    const q = parsed.success ? parsed.data.q.trim() : '';
    const found = new Map<string, { id: string; member_no: string | null; full_name: string | null; business_name: string | null; phone_e164: string | null }>();
    if (q !== '') {
      const exact = await findPersonRef(db, q);
      for (const r of exact.kind === 'one' ? [exact.person] : exact.kind === 'several' ? exact.people : []) if (!r.merged_into) found.set(r.id, r);
      for (const r of (await listPeople(db, { q, sector: null, kecamatan: null, status: null, page: 1 })).rows) found.set(r.id, r);
      found.delete(d.person.id);
      await audit(request, 'web_people_searched', { q, found: found.size, for: 'merge' });
    }
    const body = html`<h1>${p('merge_title', { who: refLabel(d.person) })}</h1>
      ${parsed.success ? '' : message(say('bad_input', { what: 'q' }))}
      <p class="muted">${p('merge_search_help')}</p>
      <form method="get" action="/orang/${d.person.id}/gabung" class="filters">
        <input type="search" name="q" id="merge-q" value="${q}" maxlength="100" placeholder="${p('merge_search_placeholder')}" aria-label="${p('merge_search_placeholder')}">
        <button type="submit">${say('search_button')}</button>
      </form>
      ${q === '' ? '' : found.size === 0 ? html`<p class="muted" id="merge-none">${p('merge_none')}</p>` : html`<div class="table-wrap"><table id="merge-candidates"><thead><tr><th>${say('col_member_no')}</th><th>${say('col_name')}</th><th>${say('col_business')}</th><th>${say('col_phone')}</th><th></th></tr></thead><tbody>
        ${[...found.values()].map((r) => html`<tr><td>${refLabel(r)}</td><td>${r.full_name ?? say('none')}</td><td>${r.business_name ?? say('none')}</td><td>${r.phone_e164 ?? say('none')}</td><td><a href="/orang/${d.person.id}/gabung/${r.id}">${p('merge_compare')}</a></td></tr>`)}
      </tbody></table></div>`}
      <p><a href="/orang/${d.person.id}">${p('back')}</a></p>`;
    return deps.html(reply, layout(deps.ctx(request), p('merge_title', { who: refLabel(d.person) }), body));
  });

  const comparePage = (request: FastifyRequest, keep: MergeCandidate, other: MergeCandidate, error: string | null) => {
    const cell = (c: MergeCandidate, f: MergeField) => candidateValue(c, f) ?? say('none');
    const defaultPick = (f: MergeField) => (candidateValue(keep, f) === null && candidateValue(other, f) !== null ? 'other' : 'keep');
    const radio = (f: MergeField, side: 'keep' | 'other', c: MergeCandidate) =>
      html`<label class="check"><input type="radio" name="take_${f}" value="${side}"${defaultPick(f) === side ? html` checked` : ''}${candidateValue(c, f) === null && side === 'other' ? html` disabled` : ''}> ${cell(c, f)}</label>`;
    const body = html`<h1>${p('merge_compare_title')}</h1>
      ${message(error)}
      <p class="muted">${p('merge_compare_help', { keep: refLabel(keep), other: refLabel(other) })}</p>
      <form method="post" action="/orang/${keep.id}/gabung/${other.id}">
        <input type="hidden" name="_csrf" value="${request.session?.csrfToken ?? ''}">
        <div class="table-wrap"><table id="merge-compare"><thead><tr><th></th><th>${p('merge_keep', { who: refLabel(keep) })}</th><th>${p('merge_other', { who: refLabel(other) })}</th></tr></thead><tbody>
        ${MERGE_FIELDS.map((f) => html`<tr><th>${p(`field_${f}`)}</th><td>${radio(f, 'keep', keep)}</td><td>${radio(f, 'other', other)}</td></tr>`)}
        <tr><th>${p('merge_chats')}</th><td>${Number(keep.chats)}</td><td>${Number(other.chats)}</td></tr>
        <tr><th>${p('merge_reports')}</th><td>${Number(keep.reports)}</td><td>${Number(other.reports)}</td></tr>
        </tbody></table></div>
        <p>${p('merge_moves')}</p>
        <label class="check"><input type="checkbox" name="confirm" value="ya" id="merge-confirm"> ${p('merge_confirm', { keep: refLabel(keep), other: refLabel(other) })}</label>
        <p><button type="submit" id="merge-submit">${p('merge_button')}</button> <a href="/orang/${keep.id}">${p('back')}</a></p>
      </form>`;
    return layout(deps.ctx(request), p('merge_compare_title'), body);
  };

  const pair = async (request: FastifyRequest<{ Params: { id: string; other: string } }>, reply: FastifyReply) => {
    const { id, other } = request.params;
    if (!ID.test(id) || !ID.test(other)) return { done: bad(request, reply, say('bad_input', { what: 'id' }), 400) };
    if (id === other) return { done: bad(request, reply, p('merge_refused_same'), 400) };
    const both = await mergeCandidates(db, id, other);
    if (!both) return { done: bad(request, reply, say('not_found'), 404) };
    for (const c of [both.keep, both.other]) {
      if (c.erased_at) return { done: bad(request, reply, p('merge_refused_erased', { who: refLabel(c) }), 409) };
      if (c.merged_into) return { done: bad(request, reply, p('merge_refused_merged', { who: refLabel(c) }), 409) };
    }
    return { both };
  };

  server.get<{ Params: { id: string; other: string } }>('/orang/:id/gabung/:other', admin, async (request, reply) => {
    const r = await pair(request, reply);
    if ('done' in r) return r.done;
    return deps.html(reply, comparePage(request, r.both.keep, r.both.other, null));
  });

  server.post<{ Params: { id: string; other: string } }>('/orang/:id/gabung/:other', admin, async (request, reply) => {
    const { id, other } = request.params;
    // A repeat of a merge already done (a second click, a resent form) says so and changes nothing.
    if (ID.test(id) && ID.test(other)) {
      const done = await db.selectFrom('people').select(['id', 'member_no']).where('id', '=', other).where('merged_into', '=', id).executeTakeFirst();
      if (done) return showPerson(request, reply, id, { info: p('merge_already', { other: refLabel(done) }) });
    }
    const r = await pair(request, reply);
    if ('done' in r) return r.done;
    const parsed = mergeForm.safeParse(request.body ?? {});
    if (!parsed.success) return deps.html(reply, comparePage(request, r.both.keep, r.both.other, p('merge_bad_form')), 400);
    if (parsed.data.confirm !== 'ya') return deps.html(reply, comparePage(request, r.both.keep, r.both.other, p('merge_not_confirmed')), 400);
    const form = parsed.data as Record<string, string>;
    const choice: MergeChoice = Object.fromEntries(MERGE_FIELDS.map((f) => [f, form[`take_${f}`] === 'other' ? 'other' : 'keep']));
    const result: MergeResult = await mergePeople(db, id, other, choice, who(request), clock());
    if (result.kind === 'refused') {
      const reason = result.reason === 'erased' || result.reason === 'merged' ? p(`merge_refused_${result.reason}`, { who: result.memberNo ?? '' }) : p(`merge_refused_${result.reason}`);
      return bad(request, reply, reason, 409);
    }
    if (result.kind === 'already_merged') return showPerson(request, reply, id, { info: p('merge_already', { other: refLabel(r.both.other) }) });
    const conflicts = result.conflicts.map((c) => p('merge_conflict', { table: p(`table_${c.table}`), key: c.key, whose: c.kept === 'keep' ? refLabel(r.both.keep) : refLabel(r.both.other), reason: p(`reason_${c.reason}`) }));
    const moved = Object.values(result.moved).reduce((a, b) => a + b, 0);
    return showPerson(request, reply, id, { info: [p('merge_done', { other: refLabel(r.both.other), moved }), ...conflicts].join(' ') });
  });
}
