import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CliContext } from '../core/capability.js';
import { formatRupiah } from '../../i18n.js';
import { formatLocalDateTime } from '../../time.js';
import { formatTable } from '../../cli/table.js';

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
  ctx.out(
    formatTable(
      ['No. anggota', 'Nama', 'Usaha', 'Sektor', 'Kecamatan', 'Omzet/bulan', 'Pengumuman'],
      rows.map((r) => [r.member_no, r.full_name, r.business_name, r.sector, r.kecamatan, r.baseline_omzet === null ? null : formatRupiah(r.baseline_omzet), r.opted_out_at ? 'berhenti' : 'aktif']),
    ),
  );
  ctx.out(`\n${rows.length} orang`);
}

async function showPerson(ctx: CliContext, memberNo: string): Promise<void> {
  const db = await ctx.db();
  const p = await peopleQuery(db)
    .selectAll('p')
    .select(['s.name as sector', 'k.name as kecamatan'])
    .where('p.member_no', '=', memberNo.toUpperCase())
    .executeTakeFirst();
  if (!p) {
    ctx.out(`Tidak ada anggota dengan nomor ${memberNo}.`);
    process.exitCode = 1;
    return;
  }
  const chats = await db.selectFrom('identities').select(['channel', 'unreachable_at']).where('person_id', '=', p.id).execute();
  const lines: [string, string | number | null][] = [
    ['No. anggota', p.member_no],
    ['Nama', p.full_name],
    ['Usaha', p.business_name],
    ['Sektor', p.sector],
    ['Kecamatan', p.kecamatan],
    ['No. HP', p.phone_e164],
    ['Mulai usaha', p.business_started_year],
    ['Omzet/bulan', p.baseline_omzet === null ? null : formatRupiah(p.baseline_omzet)],
    ['Terdaftar', formatLocalDateTime(p.registered_at, ctx.timeZone)],
    ['Pengumuman', p.opted_out_at ? `berhenti sejak ${formatLocalDateTime(p.opted_out_at, ctx.timeZone)}` : 'aktif'],
    ['Kanal', chats.map((c) => `${c.channel}${c.unreachable_at ? ' (tidak terjangkau)' : ''}`).join(', ') || '-'],
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
