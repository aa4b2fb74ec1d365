import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CliContext } from '../core/capability.js';
import { readLimit, reportingInputErrors } from '../../cli/input.js';
import { formatRupiah } from '../../i18n.js';
import { formatLocalDateTime } from '../../time.js';
import { latestOmzets, type LatestOmzet } from './omzet.js';
import { formatTable } from '../../cli/table.js';
import { text } from '../../engine/core/text.js';
import { listDisputedLinks } from '../core/links.js';
import { parseIndonesianPhone } from '../../engine/parse/phone.js';
import { registerPersonEditCommands } from './staff-cli.js';

// `people list` and `people show`: who has registered, for staff at a terminal.

function peopleQuery(db: Kysely<Database>) {
  return db
    .selectFrom('people as p')
    .leftJoin('sectors as s', 's.id', 'p.sector_id')
    .leftJoin('kecamatan as k', 'k.id', 'p.kecamatan_id')
    .where('p.erased_at', 'is', null)
    .where('p.merged_into', 'is', null)
    // Staff are never counted among the entrepreneurs.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('staff_people as sp').select('sp.person_id').whereRef('sp.person_id', '=', 'p.id'))));
}

/** "Rp6.000.000 (2026-11)": the latest omzet reported after sign-up, with its month. */
function latestCell(latest: LatestOmzet | undefined): string | null {
  return latest ? `${formatRupiah(latest.omzet)} (${latest.period})` : null;
}

async function listPeople(ctx: CliContext, options: { sector?: string; kecamatan?: string; limit: string; json?: boolean }): Promise<void> {
  const db = await ctx.db();
  let query = peopleQuery(db).select(['p.member_no', 'p.full_name', 'p.business_name', 's.name as sector', 'k.name as kecamatan', 'p.baseline_omzet', 'p.opted_out_at', 'p.registered_at', 'p.phone_e164', 'p.phone_verified']);
  if (options.sector) query = query.where((eb) => eb.or([eb('s.code', 'ilike', options.sector!), eb('s.name', 'ilike', `%${options.sector}%`)]));
  if (options.kecamatan) query = query.where('k.name', 'ilike', `%${options.kecamatan}%`);
  const rows = await query.select('p.id').orderBy('p.id').limit(readLimit(options.limit, 100_000)).execute();
  if (options.json) {
    const toJson = (r: (typeof rows)[number]) => ({ ...r, baseline_omzet: r.baseline_omzet === null ? null : Number(r.baseline_omzet) });
    ctx.out(JSON.stringify(rows.map(toJson), null, 2));
    return;
  }
  const latest = await latestOmzets(db, rows.map((r) => r.id));
  const say = (key: string) => ctx.render(text(key));
  ctx.out(
    formatTable(
      ['col_member_no', 'col_name', 'col_business', 'col_phone', 'col_sector', 'col_kecamatan', 'col_latest_omzet', 'col_signup_omzet', 'col_announcements'].map((k) => say(`profile.cli.${k}`)),
      rows.map((r) => [r.member_no, r.full_name, r.business_name, describePhone(ctx, r.phone_e164, r.phone_verified), r.sector, r.kecamatan, latestCell(latest.get(r.id)), r.baseline_omzet === null ? null : formatRupiah(r.baseline_omzet), say(r.opted_out_at ? 'profile.cli.announcements_stopped' : 'profile.cli.announcements_on')]),
    ),
  );
  ctx.out(`\n${ctx.render(text('profile.cli.count', { count: rows.length }))}`);
}

const MEMBER_NO = /^[A-Z]{2,5}-\d+$/i;

/** `who` is a member number (BJM-000123), a phone number in any usual shape, or part of a name. */
async function findPeople(db: Kysely<Database>, who: string) {
  const query = peopleQuery(db).selectAll('p').select(['s.name as sector', 'k.name as kecamatan']);
  if (MEMBER_NO.test(who.trim())) return query.where('p.member_no', '=', who.trim().toUpperCase()).execute();
  const phone = parseIndonesianPhone(who);
  if (phone.kind === 'ok') return query.where('p.phone_e164', '=', phone.e164).orderBy('p.id').limit(20).execute();
  const pattern = `%${who.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return query.where((eb) => eb.or([eb('p.full_name', 'ilike', pattern), eb('p.business_name', 'ilike', pattern)])).orderBy('p.id').limit(20).execute();
}

/** The member number (or `#id`) of the record a merged member number now leads to. */
async function mergedInto(db: Kysely<Database>, memberNo: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('people as o')
    .innerJoin('people as k', 'k.id', 'o.merged_into')
    .select(['k.id', 'k.member_no'])
    .where('o.member_no', '=', memberNo)
    .where('k.erased_at', 'is', null)
    .executeTakeFirst();
  return row ? (row.member_no ?? `#${row.id}`) : undefined;
}

async function showPerson(ctx: CliContext, who: string): Promise<void> {
  const db = await ctx.db();
  const found = await findPeople(db, who);
  const [p] = found;
  if (!p) {
    const merged = MEMBER_NO.test(who.trim()) ? await mergedInto(db, who.trim().toUpperCase()) : undefined;
    if (merged) {
      ctx.out(ctx.render(text('profile.cli.merged', { memberNo: who.trim().toUpperCase(), into: merged })));
      return;
    }
    ctx.out(ctx.render(MEMBER_NO.test(who.trim()) ? text('profile.cli.not_found', { memberNo: who }) : text('profile.cli.not_found_query', { query: who })));
    process.exitCode = 1;
    return;
  }
  if (found.length > 1) {
    ctx.out(ctx.render(text('profile.cli.several', { count: found.length, query: who })));
    ctx.out(formatTable(['col_member_no', 'col_name', 'col_business', 'col_kecamatan'].map((k) => ctx.render(text(`profile.cli.${k}`))), found.map((r) => [r.member_no, r.full_name, r.business_name, r.kecamatan])));
    process.exitCode = 1;
    return;
  }
  const chats = await db.selectFrom('identities').select(['channel', 'unreachable_at']).where('person_id', '=', p.id).execute();
  const say = (key: string, params?: Record<string, string>) => ctx.render(text(key, params));
  const lines: [string, string | number | null][] = [
    [say('profile.cli.col_member_no'), p.member_no],
    [say('profile.cli.col_name'), p.full_name],
    [say('profile.cli.col_business'), p.business_name],
    [say('profile.cli.col_sector'), p.sector],
    [say('profile.cli.row_activity'), p.business_activity],
    [say('profile.cli.col_kecamatan'), p.kecamatan],
    [say('profile.cli.row_phone'), describePhone(ctx, p.phone_e164, p.phone_verified)],
    [say('profile.cli.row_year'), p.business_started_year],
    [say('profile.cli.col_latest_omzet'), latestCell((await latestOmzets(db, [p.id])).get(p.id))],
    [say('profile.cli.col_signup_omzet'), p.baseline_omzet === null ? null : formatRupiah(p.baseline_omzet)],
    [say('profile.cli.row_registered'), formatLocalDateTime(p.registered_at, ctx.timeZone)],
    [say('profile.cli.col_announcements'), p.opted_out_at ? say('profile.cli.stopped_since', { since: formatLocalDateTime(p.opted_out_at, ctx.timeZone) }) : say('profile.cli.announcements_on')],
    [say('profile.cli.row_channels'), chats.map((c) => `${c.channel}${c.unreachable_at ? ` ${say('profile.cli.unreachable')}` : ''}`).join(', ') || '-'],
  ];
  ctx.out(lines.map(([k, v]) => `${k.padEnd(12)} ${v ?? '-'}`).join('\n'));
}

/** The number and whether a channel vouched for it or it was only typed. */
function describePhone(ctx: CliContext, phone: string | null, verified: boolean): string | null {
  if (phone === null) return null;
  return ctx.render(text(verified ? 'profile.cli.phone_verified' : 'profile.cli.phone_typed', { phone }));
}

/** Chats joined to a registration through a number that was only typed there (core/links.ts). */
async function reviewLinks(ctx: CliContext): Promise<void> {
  const rows = await listDisputedLinks(await ctx.db());
  const say = (key: string, params?: Record<string, string | number>) => ctx.render(text(`profile.cli.${key}`, params));
  if (rows.length === 0) {
    ctx.out(say('review_none'));
    return;
  }
  ctx.out(`${say('review_intro')}\n`);
  ctx.out(
    formatTable(
      ['col_member_no', 'col_name', 'col_chat', 'col_verified_number', 'col_other_chats', 'col_last_seen'].map((k) => say(k)),
      rows.map((r) => [r.member_no, r.full_name, `#${r.identity_id} ${r.channel} ${r.address}`, r.verified_phone, Number(r.other_chats), formatLocalDateTime(r.last_seen_at, ctx.timeZone)]),
    ),
  );
  ctx.out(`\n${say('review_count', { count: rows.length })}`);
}

export function registerPeopleCommands(program: Command, ctx: CliContext): void {
  const people = program.command('people').description('registered entrepreneurs');
  people
    .command('list')
    .description('list registered people')
    .option('--sector <sector>', 'only this sector (code or part of the name, e.g. kuliner)')
    .option('--kecamatan <kecamatan>', 'only this kecamatan (part of the name, e.g. utara)')
    .option('--limit <n>', 'at most this many rows', '500')
    .option('--json', 'print the rows as JSON instead of a table')
    .action(reportingInputErrors(ctx, (options: { sector?: string; kecamatan?: string; limit: string; json?: boolean }) => listPeople(ctx, options)));
  people
    .command('show')
    .description('show one person by member number, phone number or name')
    .argument('<who>', 'member number (BJM-000123), phone (0812 3456 7890) or part of the name or business')
    .action((who: string) => showPerson(ctx, who));
  people
    .command('review-links')
    .description('chats joined to a registration through a number only typed at sign-up, for staff to check')
    .action(() => reviewLinks(ctx));
  registerPersonEditCommands(people, ctx);
}
