import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { loadSurveyFile } from '../../src/runtime/checkin/survey-file.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// What staff get for a period: the report at the terminal and the CSV files, checked cell
// by cell against a prepared month.

interface Prepared {
  name: string | null;
  business?: string;
  phone?: string;
  sector: number;
  kecamatan: number;
  baseline: number;
  erased?: boolean;
  checkin: { status: 'open' | 'completed'; skip?: string; omzet?: number; previous?: number; growth?: string; answers: Record<string, [unknown, string | null]> } | null;
}

const PEOPLE: Prepared[] = [
  {
    name: 'Siti Aminah', business: 'Kopi & Roti, "Asli"', phone: '+6281234567890', sector: 1, kecamatan: 5, baseline: 7_500_000,
    checkin: { status: 'completed', omzet: 9_000_000, previous: 7_500_000, growth: 'berkembang', answers: { omzet: [9_000_000, null], pekerja: [3, null], jualan_online: [true, null], platform_online: [['instagram', 'shopee'], null], hambatan: ['lainnya', 'Listrik "sering" padam, kadang 2x'] } },
  },
  { name: 'Budi Santoso', sector: 4, kecamatan: 1, baseline: 10_000_000, checkin: { status: 'completed', omzet: 8_000_000, previous: 10_000_000, growth: 'menurun', answers: { omzet: [8_000_000, null], pekerja: [2, null], jualan_online: [false, null], hambatan: ['modal', null] } } },
  { name: 'Rahmah', sector: 2, kecamatan: 5, baseline: 5_000_000, checkin: { status: 'open', answers: { omzet: [5_000_000, null] } } },
  { name: null, erased: true, sector: 1, kecamatan: 5, baseline: 4_000_000, checkin: { status: 'completed', omzet: 4_000_000, previous: 4_000_000, growth: 'stagnan', answers: { omzet: [4_000_000, null], pekerja: [1, null], jualan_online: [false, null], hambatan: ['lainnya', 'nama saya Rina'] } } },
  { name: 'Andi', sector: 1, kecamatan: 1, baseline: 3_000_000, checkin: { status: 'open', skip: 'opted_out_or_erased', answers: {} } },
  { name: 'Dewi', sector: 1, kecamatan: 1, baseline: 0, checkin: { status: 'completed', omzet: 0, previous: 0, growth: 'stagnan', answers: { omzet: [0, null], pekerja: [1, null], jualan_online: [true, null], platform_online: [['whatsapp'], null], hambatan: ['pemasaran', null] } } },
  { name: 'Tanpa Laporan', sector: 3, kecamatan: 2, baseline: 2_000_000, checkin: null },
];

describe('staff report and CSV for a period', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  const cli = (...args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', TZ: 'Asia/Makassar' }, encoding: 'buffer' });

  beforeAll(async () => {
    database = await createTestDatabase('ckreport');
    handle = await connectDatabase({ url: database.url });
    const db = handle.db;
    await migrateToLatest(db);
    const survey = await loadSurveyFile();
    await db.insertInto('survey_definitions').values({ version: 1, definition: JSON.stringify(survey) }).execute();
    await db.insertInto('checkin_periods').values({ period: '2026-11', survey_version: 1, opened_at: '2026-12-01T01:00:00Z', opened_by: 'scheduler' }).execute();
    for (const [i, p] of PEOPLE.entries()) {
      const person = await db
        .insertInto('people')
        .values({
          member_no: p.erased ? null : `BJM-00000${i + 1}`,
          full_name: p.name,
          business_name: p.erased ? null : (p.business ?? `Usaha ${p.name}`),
          phone_e164: p.phone ?? null,
          sector_id: p.sector,
          kecamatan_id: p.kecamatan,
          business_started_year: 2019,
          business_activity: p.name === 'Siti Aminah' ? 'jualan roti; kopi' : null,
          baseline_omzet: p.baseline,
          registered_at: '2026-10-05T03:00:00Z',
          erased_at: p.erased ? '2026-12-10T00:00:00Z' : null,
          opted_out_at: p.erased ? '2026-12-10T00:00:00Z' : null,
          growth_status: p.checkin?.growth as never,
          growth_status_at: p.checkin?.growth ? '2026-12-02T02:30:00Z' : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const identity = p.erased ? null : await db.insertInto('identities').values({ channel: i % 2 ? 'whatsapp' : 'telegram', address: `r-${i}`, person_id: person.id }).returning('id').executeTakeFirstOrThrow();
      if (!p.checkin) continue;
      const c = p.checkin;
      const checkin = await db
        .insertInto('checkins')
        .values({
          person_id: person.id, period: '2026-11', survey_version: 1, identity_id: identity?.id ?? null, status: c.status,
          invited_at: '2026-12-01T01:00:00Z', skip_reason: c.skip ?? null,
          completed_at: c.status === 'completed' ? '2026-12-02T02:30:00Z' : null,
          omzet: c.status === 'completed' ? c.omzet! : null, previous_omzet: c.previous ?? null, growth_status: (c.growth ?? null) as never,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [question, [value, detail]] of Object.entries(c.answers)) {
        await db.insertInto('checkin_answers').values({ checkin_id: checkin.id, question_id: question, survey_version: 1, value: JSON.stringify(value), detail: p.erased ? null : detail, answered_at: '2026-12-02T02:30:00Z' }).execute();
      }
    }
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
  });

  const cells = (line: string) => line.trim().split(/\s{2,}/);

  it('"checkin report 2026-11" shows response rate, median and total omzet and growth, overall, by sector and by kecamatan', () => {
    const result = cli('checkin', 'report', '2026-11');
    expect(result.status).toBe(0);
    const lines = result.stdout.toString('utf8').split('\n');
    expect(lines[0]).toBe('Laporan bulanan November 2026 (periode 2026-11)');
    expect(lines[1]).toBe('Dibuka 1 Desember 2026, 09.00 WITA · masih dibuka · survei versi 1');
    const table = (title: string) => {
      const at = lines.indexOf(title);
      const end = lines.indexOf('', at);
      return lines.slice(at + 1, end === -1 ? undefined : end).filter((l) => !/^-[- ]+$/.test(l)).map(cells);
    };
    expect(table('Ringkasan')).toEqual([
      ['Kelompok', 'Peserta', 'Lapor', 'Respons', 'Median omzet', 'Total omzet', 'Berkembang', 'Stagnan', 'Menurun', 'Belum cukup data'],
      ['Semua', '5', '4', '80,0%', 'Rp6.000.000', 'Rp21.000.000', '1', '2', '1', '0'],
    ]);
    expect(table('Menurut sektor')).toEqual([
      ['Sektor', 'Peserta', 'Lapor', 'Respons', 'Median omzet', 'Total omzet', 'Berkembang', 'Stagnan', 'Menurun', 'Belum cukup data'],
      ['Kuliner', '3', '3', '100,0%', 'Rp4.000.000', 'Rp13.000.000', '1', '2', '0', '0'],
      ['Fesyen', '1', '0', '0,0%', '-', '-', '0', '0', '0', '0'],
      ['Jasa', '1', '1', '100,0%', 'Rp8.000.000', 'Rp8.000.000', '0', '0', '1', '0'],
    ]);
    expect(table('Menurut kecamatan')).toEqual([
      ['Kecamatan', 'Peserta', 'Lapor', 'Respons', 'Median omzet', 'Total omzet', 'Berkembang', 'Stagnan', 'Menurun', 'Belum cukup data'],
      ['Banjarmasin Barat', '2', '2', '100,0%', 'Rp4.000.000', 'Rp8.000.000', '0', '1', '1', '0'],
      ['Banjarmasin Utara', '3', '2', '66,7%', 'Rp6.500.000', 'Rp13.000.000', '1', '1', '0', '0'],
    ]);
  });

  it('"checkin status 2026-11" counts who was invited, skipped, finished and reminded', () => {
    const result = cli('checkin', 'status', '2026-11');
    expect(result.status).toBe(0);
    const lines = result.stdout.toString('utf8').trim().split('\n');
    expect(lines.at(-3)!.trim().split(/\s{2,}/)).toEqual(['Peserta', 'Diundang', 'Belum diundang', 'Dilewati', 'Selesai', 'Pengingat 1', 'Pengingat 2']);
    expect(lines.at(-1)!.trim().split(/\s+/)).toEqual(['6', '5', '0', '1', '4', '0', '0']);
    expect(result.stdout.toString()).toContain('Pengiriman pertanyaan pertama: sedang berjalan');
  });

  it('"checkin report" for a period never opened says so', () => {
    const result = cli('checkin', 'report', '2026-05');
    expect(result.status).toBe(1);
    expect(result.stdout.toString()).toContain('Periode 2026-05 belum pernah dibuka.');
  });

  it('"export checkins --period 2026-11" is a spreadsheet-ready CSV: BOM, header, quoting, plain rupiah, anonymous erased rows', () => {
    const result = cli('export', 'checkins', '--period', '2026-11');
    expect(result.status).toBe(0);
    const bytes = result.stdout;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      [
        'periode,no_anggota,nama,nama_usaha,no_hp,sektor,kecamatan,kanal,status,diundang_pada,selesai_pada,omzet,omzet_sebelumnya,status_pertumbuhan,pekerja,jualan_online,platform_online,hambatan,hambatan_lainnya',
        '2026-11,BJM-000001,Siti Aminah,"Kopi & Roti, ""Asli""",+6281234567890,Kuliner,Banjarmasin Utara,telegram,selesai,2026-12-01 09:00,2026-12-02 10:30,9000000,7500000,berkembang,3,ya,"Instagram, Shopee",Lainnya,"Listrik ""sering"" padam, kadang 2x"',
        '2026-11,BJM-000002,Budi Santoso,Usaha Budi Santoso,,Jasa,Banjarmasin Barat,whatsapp,selesai,2026-12-01 09:00,2026-12-02 10:30,8000000,10000000,menurun,2,tidak,,Modal,',
        '2026-11,BJM-000003,Rahmah,Usaha Rahmah,,Fesyen,Banjarmasin Utara,telegram,belum,2026-12-01 09:00,,5000000,,,,,,,',
        '2026-11,,,,,Kuliner,Banjarmasin Utara,,selesai,2026-12-01 09:00,2026-12-02 10:30,4000000,4000000,stagnan,1,tidak,,Lainnya,',
        '2026-11,BJM-000005,Andi,Usaha Andi,,Kuliner,Banjarmasin Barat,telegram,dilewati,2026-12-01 09:00,,,,,,,,,',
        '2026-11,BJM-000006,Dewi,Usaha Dewi,,Kuliner,Banjarmasin Barat,whatsapp,selesai,2026-12-01 09:00,2026-12-02 10:30,0,0,stagnan,1,ya,WhatsApp,Pemasaran,',
        '',
      ].join('\r\n'),
    );
  });

  it('"export people" lists everyone, erased people only as anonymous statistics', () => {
    const result = cli('export', 'people', '--delimiter', ';');
    expect(result.status).toBe(0);
    const text = result.stdout.toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      'no_anggota;nama;nama_usaha;no_hp;sektor;kegiatan_usaha;kecamatan;tahun_mulai;omzet_awal;terdaftar_pada;pengumuman;status_pertumbuhan;status_pertumbuhan_pada;data_dihapus',
      'BJM-000001;Siti Aminah;"Kopi & Roti, ""Asli""";+6281234567890;Kuliner;"jualan roti; kopi";Banjarmasin Utara;2019;7500000;2026-10-05 11:00;aktif;berkembang;2026-12-02 10:30;tidak',
      'BJM-000002;Budi Santoso;Usaha Budi Santoso;;Jasa;;Banjarmasin Barat;2019;10000000;2026-10-05 11:00;aktif;menurun;2026-12-02 10:30;tidak',
      'BJM-000003;Rahmah;Usaha Rahmah;;Fesyen;;Banjarmasin Utara;2019;5000000;2026-10-05 11:00;aktif;;;tidak',
      ';;;;Kuliner;;Banjarmasin Utara;;4000000;;;stagnan;;ya',
      'BJM-000005;Andi;Usaha Andi;;Kuliner;;Banjarmasin Barat;2019;3000000;2026-10-05 11:00;aktif;;;tidak',
      'BJM-000006;Dewi;Usaha Dewi;;Kuliner;;Banjarmasin Barat;2019;0;2026-10-05 11:00;aktif;stagnan;2026-12-02 10:30;tidak',
      'BJM-000007;Tanpa Laporan;Usaha Tanpa Laporan;;Kerajinan;;Banjarmasin Selatan;2019;2000000;2026-10-05 11:00;aktif;;;tidak',
      '',
    ]);
  });

  it('"export checkins" without a period explains how to ask for one', () => {
    const result = cli('export', 'checkins');
    expect(result.status).not.toBe(0);
    expect(result.stderr.toString()).toContain('--period');
  });

  // Last: it changes the prepared month.
  it('"checkin fix BJM-000001 2026-11 omzet 5jt" corrects the report: totals and growth change, the audit log keeps it', async () => {
    const implausible = cli('checkin', 'fix', 'BJM-000001', '2026-11', 'omzet', '0812', '3456', '7890');
    expect(implausible.status).toBe(1);
    expect(implausible.stdout.toString()).toContain('tidak wajar');
    const result = cli('checkin', 'fix', 'BJM-000001', '2026-11', 'omzet', '5jt');
    expect(result.stderr.toString()).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.toString()).toContain('Laporan BJM-000001 periode 2026-11 diperbaiki: omzet Rp9.000.000 → Rp5.000.000.');
    expect(result.stdout.toString()).toContain('Status pertumbuhan dihitung ulang: Menurun.');
    const db = handle.db;
    const siti = await db.selectFrom('people').select(['id', 'growth_status']).where('member_no', '=', 'BJM-000001').executeTakeFirstOrThrow();
    expect(siti.growth_status).toBe('menurun');
    const checkin = await db.selectFrom('checkins').select(['id', 'omzet', 'growth_status', 'previous_omzet']).where('person_id', '=', siti.id).executeTakeFirstOrThrow();
    expect(checkin).toMatchObject({ omzet: '5000000', growth_status: 'menurun', previous_omzet: '7500000' });
    const answer = await db.selectFrom('checkin_answers').select('value').where('checkin_id', '=', checkin.id).where('question_id', '=', 'omzet').executeTakeFirstOrThrow();
    expect(answer.value).toBe(5_000_000);
    const audit = await db.selectFrom('audit_log').select(['action', 'actor', 'details']).where('action', '=', 'checkin_fixed').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toMatch(/^cli:/);
    // The person by id only (never the member number), so that erasure can scrub it.
    expect(audit[0]!.details).toEqual({ personId: siti.id, period: '2026-11', question: 'omzet', before: 9_000_000, after: 5_000_000, growth: 'menurun' });
    const report = cli('checkin', 'report', '2026-11').stdout.toString('utf8').split('\n');
    const summary = report[report.indexOf('Ringkasan') + 3]!.trim().split(/\s{2,}/);
    expect(summary).toEqual(['Semua', '5', '4', '80,0%', 'Rp4.500.000', 'Rp17.000.000', '0', '2', '2', '0']);
  });

  it('"checkin fix" of "jualan_online" to no drops the platforms; an unknown member is refused', async () => {
    const result = cli('checkin', 'fix', 'BJM-000001', '2026-11', 'jualan_online', 'tidak');
    expect(result.status).toBe(0);
    const siti = await handle.db.selectFrom('checkins as c').innerJoin('people as p', 'p.id', 'c.person_id').select('c.id').where('p.member_no', '=', 'BJM-000001').executeTakeFirstOrThrow();
    const questions = await handle.db.selectFrom('checkin_answers').select('question_id').where('checkin_id', '=', siti.id).orderBy('question_id').execute();
    expect(questions.map((q) => q.question_id)).toEqual(['hambatan', 'jualan_online', 'omzet', 'pekerja']);
    const unknown = cli('checkin', 'fix', 'BJM-999999', '2026-11', 'omzet', '5jt');
    expect(unknown.status).toBe(1);
    expect(unknown.stdout.toString()).toContain('Tidak ada laporan periode 2026-11 untuk nomor anggota BJM-999999.');
  });
});
