import { formatRupiah } from '../i18n.js';
import { html, type Html } from './html.js';
import type { Say } from './i18n.js';
import { CHART_IDS } from './overview.js';
import { GROWTH_STATUSES, PAGE_SIZE, type PeopleFilter, type PersonDetails, type PersonListRow } from './people.js';
import type { WebSession } from './auth.js';

// The pages, as functions of their data. Every word comes from locales/<lang>/web.json.

export interface PageContext {
  readonly say: Say;
  readonly org: string;
  readonly session: WebSession | null;
  readonly timeZone: string;
}

export function layout(ctx: PageContext, title: string, body: Html, scripts: readonly string[] = []): string {
  const { say, session } = ctx;
  const nav = session
    ? html`<nav>
        <a href="/">${say('nav_overview')}</a>
        <a href="/orang">${say('nav_people')}</a>
        <a href="/pengumuman">${say('nav_announce')}</a>
        <a href="/pertanyaan">${say('nav_inbox')}</a>
        <a href="/pelatihan">${say('nav_workshops')}</a>
        ${session.staff.role === 'admin' ? html`<a href="/impor">${say('nav_import')}</a>` : ''}
        <a href="/laporan">${say('nav_report')}</a>
        <a href="/whatsapp">${say('nav_whatsapp')}</a>
        ${session.staff.role === 'admin' ? html`<a href="/staf">${say('nav_staff')}</a>` : ''}
        <span class="who">${say('signed_in_as', { name: session.staff.name, role: say(`role_${session.staff.role}`) })}</span>
        <form method="post" action="/keluar" class="inline"><input type="hidden" name="_csrf" value="${session.csrfToken}"><button type="submit">${say('sign_out')}</button></form>
      </nav>`
    : '';
  return html`<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${say('title', { org: ctx.org })}</title>
<link rel="stylesheet" href="/assets/app.css"></head>
<body><header><strong>${say('title', { org: ctx.org })}</strong>${nav}</header>
<main>${body}</main>
${scripts.map((src) => html`<script src="${src}"></script>`)}
</body></html>`.value;
}

export function message(text: string | null, kind: "error" | "info" = "error"): Html {
  return text ? html`<p class="${kind}" role="${kind === "error" ? "alert" : "status"}">${text}</p>` : html``;
}

export function loginPage(ctx: PageContext, csrf: string, state: { staff?: string; error?: string; info?: string; codeSent?: boolean }): string {
  const { say } = ctx;
  return layout(
    ctx,
    say('login_title'),
    html`<section class="card narrow"><h1>${say('login_title')}</h1>
      ${message(state.error ?? null)}${message(state.info ?? null, 'info')}
      <form method="post" action="/masuk/kode" class="stack">
        <input type="hidden" name="_csrf" value="${csrf}">
        <label>${say('login_staff')}<input name="staff" id="staff" value="${state.staff ?? ''}" required autocomplete="username"></label>
        <button type="submit" id="send-code">${say('login_send_code')}</button>
      </form>
      <form method="post" action="/masuk" class="stack">
        <input type="hidden" name="_csrf" value="${csrf}">
        <input type="hidden" name="staff" value="${state.staff ?? ''}">
        ${state.codeSent ? '' : html`<p class="muted">${say('login_or')}</p>`}
        <label>${say('login_code')}<input name="code" id="code" autocomplete="one-time-code" ${state.codeSent ? html`autofocus` : ''}></label>
        <button type="submit" id="sign-in-code">${say('login_with_code')}</button>
      </form>
      <form method="post" action="/masuk" class="stack">
        <input type="hidden" name="_csrf" value="${csrf}">
        <label>${say('login_staff')}<input name="staff" value="${state.staff ?? ''}" autocomplete="username"></label>
        <label>${say('login_password')}<input type="password" name="password" autocomplete="current-password"></label>
        <button type="submit">${say('login_with_password')}</button>
      </form></section>`,
  );
}

export function overviewPage(ctx: PageContext): string {
  const { say } = ctx;
  const labels = { png: say('save_png'), noData: say('no_data'), answered: say('response_answered'), notAnswered: say('response_not_answered') };
  return layout(
    ctx,
    say('overview_title'),
    html`<h1>${say('overview_title')}</h1>
      <div class="charts" data-labels="${JSON.stringify(labels)}">
      ${CHART_IDS.map((id) => html`<section class="card chart-card"><div class="chart" id="chart-${id}" data-chart="${id}"></div>
        <a class="csv" href="/api/ringkasan/${id}.csv">${say('download_csv')}</a></section>`)}
      </div>`,
    ['/assets/echarts/echarts.min.js', '/assets/app.js'],
  );
}

export interface Choice {
  readonly id: number;
  readonly name: string;
}

function options(choices: readonly { value: string; label: string }[], selected: string, allLabel: string): Html {
  return html`<option value="">${allLabel}</option>${choices.map((c) => html`<option value="${c.value}"${c.value === selected ? html` selected` : ''}>${c.label}</option>`)}`;
}

export function peoplePage(ctx: PageContext, filter: PeopleFilter, result: { rows: PersonListRow[]; total: number }, refs: { sectors: Choice[]; kecamatan: Choice[] }, error: string | null): string {
  const { say } = ctx;
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const link = (page: number) => {
    const params = new URLSearchParams({ q: filter.q, sector: String(filter.sector ?? ''), kecamatan: String(filter.kecamatan ?? ''), status: filter.status ?? '', page: String(page) });
    return `/orang?${params.toString()}`;
  };
  const status = (s: string | null) => say(`status_${s ?? 'none'}`);
  return layout(
    ctx,
    say('people_title'),
    html`<h1>${say('people_title')}</h1>
      ${message(error)}
      <form method="get" action="/orang" class="filters">
        <input type="search" name="q" id="q" value="${filter.q}" placeholder="${say('search')}" aria-label="${say('search')}" maxlength="100">
        <label>${say('filter_sector')}<select name="sector">${options(refs.sectors.map((s) => ({ value: String(s.id), label: s.name })), String(filter.sector ?? ''), say('filter_all'))}</select></label>
        <label>${say('filter_kecamatan')}<select name="kecamatan">${options(refs.kecamatan.map((s) => ({ value: String(s.id), label: s.name })), String(filter.kecamatan ?? ''), say('filter_all'))}</select></label>
        <label>${say('filter_status')}<select name="status">${options([...GROWTH_STATUSES, 'none'].map((s) => ({ value: s, label: status(s === 'none' ? null : s) })), filter.status ?? '', say('filter_all'))}</select></label>
        <button type="submit" id="search">${say('search_button')}</button>
      </form>
      <p class="muted" id="people-count">${say('people_count', { count: result.total })}</p>
      <p><a href="/orang/unduh/csv" id="people-csv">${say('download_csv')}</a> · <a href="/orang/unduh/xlsx" id="people-xlsx">${say('report_download_xlsx')}</a></p>
      <div class="table-wrap"><table id="people"><thead><tr>
        <th>${say('col_name')}</th><th>${say('col_member_no')}</th><th>${say('col_phone')}</th><th>${say('col_sector')}</th><th>${say('col_kecamatan')}</th><th>${say('col_status')}</th>
      </tr></thead><tbody>
      ${result.rows.map(
        (r) => html`<tr><td><a href="/orang/${r.id}">${r.full_name ?? say('none')}</a><div class="muted">${r.business_name ?? ''}</div></td><td>${r.member_no}</td><td>${r.phone_e164 ?? say('none')}</td><td>${r.sector ?? say('none')}</td><td>${r.kecamatan ?? say('none')}</td><td><span class="status status-${r.growth_status ?? 'none'}">${status(r.growth_status)}</span></td></tr>`,
      )}
      </tbody></table></div>
      <p class="pager">${filter.page > 1 ? html`<a href="${link(filter.page - 1)}">${say('previous')}</a>` : ''}
        <span>${say('page_of', { page: filter.page, pages })}</span>
        ${filter.page < pages ? html`<a href="${link(filter.page + 1)}">${say('next')}</a>` : ''}</p>`,
  );
}

function when(date: Date | null, timeZone: string): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat('id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

function answerText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(answerText).join(', ');
  return JSON.stringify(value);
}

/** `top`: notes under the heading; `bottom`: the edit form and the history (web/person.ts). */
export function personPage(ctx: PageContext, d: PersonDetails, extra: { top?: Html; bottom?: Html } = {}): string {
  const { say, timeZone } = ctx;
  const p = d.person;
  const row = (label: string, value: string | number | null) => html`<tr><th>${label}</th><td>${value ?? say('none')}</td></tr>`;
  const omzetData = { labels: d.omzet.map((o) => o.period), values: d.omzet.map((o) => (o.omzet === null ? null : Number(o.omzet))), title: say('person_omzet') };
  return layout(
    ctx,
    p.full_name ?? p.member_no ?? '',
    html`<h1>${p.full_name ?? say('none')} <small>${p.member_no}</small></h1>
      ${extra.top ?? ''}
      <div class="grid">
      <section class="card"><h2>${say('person_profile')}</h2><table class="kv">
        ${row(say('col_business'), p.business_name)}${row(say('field_activity'), p.business_activity)}
        ${row(say('col_phone'), p.phone_e164)}${row(say('col_sector'), p.sector)}${row(say('col_kecamatan'), p.kecamatan)}
        ${row(say('field_started'), p.business_started_year)}${row(say('field_baseline'), p.baseline_omzet === null ? null : formatRupiah(p.baseline_omzet))}
        ${row(say('col_status'), say(`status_${p.growth_status ?? 'none'}`))}${row(say('field_registered'), when(p.registered_at, timeZone))}${row(say('field_lang'), p.lang)}
      </table></section>
      <section class="card"><h2>${say('person_channels')}</h2><table><thead><tr><th>${say('channel')}</th><th>${say('address')}</th><th>${say('last_seen')}</th></tr></thead><tbody>
        ${d.identities.map((i) => html`<tr><td>${i.channel}</td><td>${i.address}</td><td>${when(i.last_seen_at, timeZone)}${i.unreachable_at ? html` · <span class="warn">${say('unreachable')}</span>` : ''}</td></tr>`)}
      </tbody></table>
      <h2>${say('person_consent')}</h2>
      <p id="stop-state" class="${p.opted_out_at ? 'warn' : ''}">${p.opted_out_at ? say('stopped_at', { at: when(p.opted_out_at, timeZone) }) : say('not_stopped')}</p>
      <table><tbody>${d.consents.map((c) => html`<tr><td>${c.purpose}</td><td>${c.granted ? say('consent_granted') : say('consent_refused')}</td><td>${c.channel}</td><td>${when(c.decided_at, timeZone)}</td></tr>`)}</tbody></table>
      </section></div>
      <section class="card"><h2>${say('person_omzet')}</h2>
        ${d.omzet.length > 0 ? html`<div class="chart small" id="omzet-chart" data-series="${JSON.stringify(omzetData)}"></div>` : html`<p class="muted">${say('no_data')}</p>`}
        <table><thead><tr><th>${say('col_period')}</th><th>${say('col_omzet')}</th><th>${say('col_status')}</th></tr></thead><tbody>
        ${d.omzet.map((o) => html`<tr><td>${o.period}</td><td>${o.omzet === null ? say('none') : formatRupiah(o.omzet)}</td><td>${say(`status_${o.growth_status ?? 'none'}`)}</td></tr>`)}
        </tbody></table></section>
      <section class="card"><h2>${say('person_checkins')}</h2><table><thead><tr><th>${say('col_period')}</th><th>${say('col_question')}</th><th>${say('col_answer')}</th></tr></thead><tbody>
        ${d.answers.map((a) => html`<tr><td>${a.period}</td><td>${a.question_id}</td><td>${answerText(a.value)}${a.detail ? html` <span class="muted">(${a.detail})</span>` : ''}</td></tr>`)}
      </tbody></table>${d.answers.length === 0 ? html`<p class="muted">${say('no_data')}</p>` : ''}</section>
      <section class="card"><h2>${say('person_workshops')}</h2><table><thead><tr><th>${say('col_workshop')}</th><th>${say('col_when')}</th><th>${say('col_rsvp')}</th><th>${say('col_present')}</th><th>${say('col_rating')}</th></tr></thead><tbody>
        ${d.workshops.map((w) => html`<tr><td>${w.title}</td><td>${when(w.starts_at, timeZone)}</td><td>${w.rsvp ? say(`rsvp_${w.rsvp}`) : say('none')}</td><td>${w.present ? say('yes') : say('no')}</td><td>${w.rating ?? say('none')}</td></tr>`)}
      </tbody></table>${d.workshops.length === 0 ? html`<p class="muted">${say('no_data')}</p>` : ''}</section>
      ${extra.bottom ?? ''}`,
    d.omzet.length > 0 ? ['/assets/echarts/echarts.min.js', '/assets/app.js'] : [],
  );
}

export function errorPage(ctx: PageContext, text: string): string {
  return layout(ctx, text, html`<section class="card narrow">${message(text)}<p><a href="/">${ctx.say('nav_overview')}</a></p></section>`);
}
