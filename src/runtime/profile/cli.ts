import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CliContext } from '../core/capability.js';
import { formatRupiah } from '../../i18n.js';
import { formatLocalDateTime } from '../../time.js';
import { formatTable } from '../../cli/table.js';
import { text } from '../../engine/core/text.js';

// `people list` and `people show`: who has registered, for staff at a terminal.

function peopleQuery(db: Kysely<Database>) {
  return db
    .selectFrom('people as p')
    .leftJoin('sectors as s', 's.id', 'p.sector_id')
    .leftJoin('kecamatan as k', 'k.id', 'p.kecamatan_id')
    .where('p.erased_at', 'is', null)
    // Staff are never counted among the entrepreneurs.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('staff_people as sp').select('sp.person_id').whereRef('sp.person_id', '=', 'p.id'))));
}

async function listPeople(ctx: CliContext, options: { sector?: string; kecamatan?: string; limit: string }): Promise<void> {
  const db = await ctx.db();
  let query = peopleQuery(db).select(['p.member_no', 'p.full_name', 'p.business_name', 's.name as sector', 'k.name as kecamatan', 'p.baseline_omzet', 'p.opted_out_at', 'p.registered_at']);
  if (options.sector) query = query.where((eb) => eb.or([eb('s.code', 'ilike', options.sector!), eb('s.name', 'ilike', `%${options.sector}%`)]));
  if (options.kecamatan) query = query.where('k.name', 'ilike', `%${options.kecamatan}%`);
  const rows = await query.orderBy('p.id').limit(Number(options.limit)).execute();
  const say = (key: string) => ctx.render(text(key));
  ctx.out(
    formatTable(
      ['col_member_no', 'col_name', 'col_business', 'col_sector', 'col_kecamatan', 'col_omzet', 'col_announcements'].map((k) => say(`profile.cli.${k}`)),
      rows.map((r) => [r.member_no, r.full_name, r.business_name, r.sector, r.kecamatan, r.baseline_omzet === null ? null : formatRupiah(r.baseline_omzet), say(r.opted_out_at ? 'profile.cli.announcements_stopped' : 'profile.cli.announcements_on')]),
    ),
  );
  ctx.out(`\n${ctx.render(text('profile.cli.count', { count: rows.length }))}`);
}

async function showPerson(ctx: CliContext, memberNo: string): Promise<void> {
  const db = await ctx.db();
  const p = await peopleQuery(db)
    .selectAll('p')
    .select(['s.name as sector', 'k.name as kecamatan'])
    .where('p.member_no', '=', memberNo.toUpperCase())
    .executeTakeFirst();
  if (!p) {
    ctx.out(ctx.render(text('profile.cli.not_found', { memberNo })));
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
    [say('profile.cli.row_phone'), p.phone_e164],
    [say('profile.cli.row_year'), p.business_started_year],
    [say('profile.cli.col_omzet'), p.baseline_omzet === null ? null : formatRupiah(p.baseline_omzet)],
    [say('profile.cli.row_registered'), formatLocalDateTime(p.registered_at, ctx.timeZone)],
    [say('profile.cli.col_announcements'), p.opted_out_at ? say('profile.cli.stopped_since', { since: formatLocalDateTime(p.opted_out_at, ctx.timeZone) }) : say('profile.cli.announcements_on')],
    [say('profile.cli.row_channels'), chats.map((c) => `${c.channel}${c.unreachable_at ? ` ${say('profile.cli.unreachable')}` : ''}`).join(', ') || '-'],
  ];
  ctx.out(lines.map(([k, v]) => `${k.padEnd(12)} ${v ?? '-'}`).join('\n'));
}

export function registerPeopleCommands(program: Command, ctx: CliContext): void {
  const people = program.command('people').description('registered entrepreneurs');
  people
    .command('list')
    .description('list registered people')
    .option('--sector <sector>', 'only this sector (code or part of the name, e.g. kuliner)')
    .option('--kecamatan <kecamatan>', 'only this kecamatan (part of the name, e.g. utara)')
    .option('--limit <n>', 'at most this many rows', '500')
    .action((options: { sector?: string; kecamatan?: string; limit: string }) => listPeople(ctx, options));
  people
    .command('show')
    .description('show one person by member number')
    .argument('<memberNo>', 'member number, e.g. BJM-000123')
    .action((memberNo: string) => showPerson(ctx, memberNo));
}
