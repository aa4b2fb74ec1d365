import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { RecordingSender, TestPerson } from '../support/chat.js';
import { answersOf, openByHand, waitForFanout } from './support.js';
import { insertPeopleInOrder as insertPeople } from '../support/seed.js';

// Whole check-in conversations through the real runtime, Postgres and Redis: what each
// person reads, and what ends up in the tables.

const SIGNUP = ['halo', 'iya', 'Siti Aminah', 'Kopi & Roti', 'kuliner', 'utara', '0812-3456-7890', '2019', 'Rp 7.500.000,-', 'ya'];

describe('monthly check-in by chat', () => {
  let t: TestApp;
  const sender = new RecordingSender();
  let siti: TestPerson, budi: TestPerson, dewi: TestPerson, rahmah: TestPerson, andi: TestPerson;
  const ids: Record<string, string> = {};
  const db = () => t.app.database.db;
  const byQuestion = async (who: string, period = '2026-11') =>
    Object.fromEntries((await answersOf(db(), ids[who]!, period)).map((a) => [a.question_id, { value: a.value, detail: a.detail, version: a.survey_version }]));
  const lastTo = (address: string) => sender.to(address).at(-1)?.text ?? '';

  beforeAll(async () => {
    t = await createTestApp('checkin-chat');
    await t.app.startTurnWorkers(4);
    siti = new TestPerson(t.app, sender, 'ck-siti');
    for (const line of SIGNUP) await siti.say(line);
    ids.siti = (await db().selectFrom('people').select('id').where('full_name', '=', 'Siti Aminah').executeTakeFirstOrThrow()).id;
    const [b, d, r, a] = await insertPeople(db(), [
      { name: 'Budi', omzet: 10_000_000, chats: [{ address: 'ck-budi' }] },
      { name: 'Dewi', omzet: 0, chats: [{ address: 'ck-dewi' }] },
      { name: 'Rahmah', omzet: 5_000_000, chats: [{ address: 'ck-rahmah' }] },
      { name: 'Andi', omzet: 3_000_000, chats: [{ address: 'ck-andi' }] },
    ]);
    Object.assign(ids, { budi: b, dewi: d, rahmah: r, andi: a });
    budi = new TestPerson(t.app, sender, 'ck-budi');
    dewi = new TestPerson(t.app, sender, 'ck-dewi');
    rahmah = new TestPerson(t.app, sender, 'ck-rahmah');
    andi = new TestPerson(t.app, sender, 'ck-andi');
    await rahmah.say('ubah nama'); // busy when the period opens
    await openByHand(t, '2026-11');
    await waitForFanout(t, '2026-11');
    await waitFor(async () => ['ck-siti', 'ck-budi', 'ck-dewi', 'ck-andi'].every((a) => /November 2026/.test(lastTo(a))), 15_000, 'first questions');
  }, 60_000);
  afterAll(() => t.close());

  it('everyone registered is greeted once with the omzet question; someone mid-edit is not interrupted', () => {
    const greeting = lastTo('ck-budi');
    expect(greeting).toContain('Halo Budi 👋 Saatnya *laporan bulanan November 2026*: 4 pertanyaan singkat');
    expect(greeting).toContain('Berapa *omzet* (pendapatan kotor) usaha Bapak/Ibu selama bulan itu?\n(contoh: 7,5 juta');
    for (const address of ['ck-siti', 'ck-budi', 'ck-dewi', 'ck-andi']) expect(sender.to(address).filter((m) => m.text.includes('Saatnya'))).toHaveLength(1);
    expect(lastTo('ck-rahmah')).toMatch(/nama lengkap/);
  });

  it('Siti answers every question and reads how her omzet changed and her growth status', async () => {
    expect((await siti.say('9 juta')).join('\n')).toContain('termasuk Bapak/Ibu sendiri');
    expect((await siti.say('3 orang')).join('\n')).toContain('berjualan *online*');
    const where = await siti.say('ya');
    expect(where.join('\n')).toContain('(contoh: 1,3 atau instagram dan shopee)');
    expect(sender.to('ck-siti').at(-1)?.choices).toEqual(['WhatsApp', 'Instagram', 'Facebook', 'TikTok Shop', 'Shopee', 'Tokopedia', 'GoFood/GrabFood/ShopeeFood', 'Lainnya']);
    expect((await siti.say('instagram dan shopee')).join('\n')).toContain('*hambatan terbesar*');
    expect((await siti.say('lainnya')).join('\n')).toContain('Apa hambatannya?');
    const summary = (await siti.say('Listrik sering padam')).join('\n');
    expect(summary).toBe(
      'Ringkasan *laporan November 2026*:\n\n1. Omzet: *Rp9.000.000*\n\n2. Jumlah pekerja: *3 orang*\n\n3. Jualan online: *Ya*\n\n' +
        '4. Tempat jualan online: *Instagram, Shopee*\n\n5. Hambatan terbesar: *Lainnya (Listrik sering padam)*\n\n' +
        'Sudah benar? Ketik *ya* untuk mengirim, atau *ubah* untuk mengubah jawaban.',
    );
    expect(sender.to('ck-siti').at(-1)?.choices).toEqual(['Ya', 'Ubah']);
    expect(await db().selectFrom('checkins').select('status').where('person_id', '=', ids.siti!).executeTakeFirstOrThrow()).toEqual({ status: 'open' });
    const done = (await siti.say('ya')).join('\n');
    expect(done).toBe(
      'Terima kasih, *laporan November 2026* sudah kami terima! 🙏\n\n' +
        'Omzet November 2026: *Rp9.000.000*, naik Rp1.500.000 (20%) dibanding omzet saat mendaftar (Rp7.500.000).\n\n' +
        'Status usaha Bapak/Ibu: *Berkembang* 📈\n\n' +
        'Omzet November 2026 naik lebih dari 10% dibanding omzet saat mendaftar. Pertahankan, Bapak/Ibu!',
    );
    expect(await byQuestion('siti')).toEqual({
      omzet: { value: 9_000_000, detail: null, version: 1 },
      pekerja: { value: 3, detail: null, version: 1 },
      jualan_online: { value: true, detail: null, version: 1 },
      platform_online: { value: ['instagram', 'shopee'], detail: null, version: 1 },
      hambatan: { value: 'lainnya', detail: 'Listrik sering padam', version: 1 },
    });
    const checkin = await db().selectFrom('checkins').selectAll().where('person_id', '=', ids.siti!).executeTakeFirstOrThrow();
    expect(checkin).toMatchObject({ status: 'completed', omzet: '9000000', previous_omzet: '7500000', growth_status: 'berkembang', survey_version: 1 });
    const person = await db().selectFrom('people').select(['growth_status', 'growth_status_at']).where('id', '=', ids.siti!).executeTakeFirstOrThrow();
    expect(person.growth_status).toBe('berkembang');
  });

  it('Budi is interrupted by menu and profil, and his "2" is read as the answer, not a menu pick', async () => {
    await budi.say('12 juta');
    const menu = (await budi.say('menu')).join('\n');
    expect(menu).toContain('Mari kita lanjutkan.');
    expect(menu).toContain('Berapa orang yang bekerja');
    expect((await budi.say('2')).join('\n')).toContain('berjualan *online*');
    const profile = (await budi.say('profil')).join('\n');
    expect(profile).toContain('*Profil Bapak/Ibu*');
    expect(profile).toContain('berjualan *online*');
    await budi.say('tidak');
    expect((await budi.say('1')).join('\n')).toContain('Ringkasan *laporan November 2026*');
    const done = (await budi.say('ya')).join('\n');
    expect(done).toContain('naik Rp2.000.000 (20%) dibanding omzet saat mendaftar (Rp10.000.000)');
    expect(await byQuestion('budi')).toMatchObject({ pekerja: { value: 2 }, jualan_online: { value: false }, hambatan: { value: 'modal' } });
    expect(await byQuestion('budi')).not.toHaveProperty('platform_online');
  });

  it('Dewi pauses with "batal" and "LAPOR" resumes where she stopped; from zero there is no percentage', async () => {
    await dewi.say('1,5 juta');
    expect((await dewi.say('batal')).join('\n')).toContain('laporan bulanan dijeda');
    const idle = (await dewi.say('halo')).join('\n');
    expect(idle).toContain('Halo, Bapak/Ibu!');
    expect(idle).not.toContain('Berapa');
    const resumed = (await dewi.say('LAPOR')).join('\n');
    expect(resumed).toContain('Kita lanjutkan *laporan bulanan November 2026*.');
    expect(resumed).toContain('Berapa orang yang bekerja');
    await dewi.say('sendiri');
    await dewi.say('tidak');
    await dewi.say('pemasaran');
    const done = (await dewi.say('ya')).join('\n');
    expect(done).toContain('Omzet November 2026: *Rp1.500.000*, naik Rp1.500.000 dibanding omzet saat mendaftar (Rp0).');
    expect(done).toContain('*Berkembang*');
    expect(await byQuestion('dewi')).toMatchObject({ omzet: { value: 1_500_000 }, pekerja: { value: 1 }, hambatan: { value: 'pemasaran' } });
  });

  it('Rahmah, in the middle of an edit when the period opened, is asked as soon as the edit is done', async () => {
    const after = (await rahmah.say('Rahmah Wati')).join('\n');
    expect(after).toContain('Nama sudah diperbarui');
    expect(after).toContain('Saatnya *laporan bulanan November 2026*');
    expect((await rahmah.say('5')).join('\n')).toContain('Maksud Bapak/Ibu Rp5.000.000 per bulan?');
    await rahmah.say('ya');
    await rahmah.say('tiga');
    await rahmah.say('iya');
    await rahmah.say('1,3');
    await rahmah.say('izin');
    const done = (await rahmah.say('ya')).join('\n');
    expect(done).toContain('sama dengan omzet saat mendaftar (Rp5.000.000)');
    expect(done).toContain('*Stagnan*');
    expect(await byQuestion('rahmah')).toMatchObject({ omzet: { value: 5_000_000 }, pekerja: { value: 3 }, platform_online: { value: ['whatsapp', 'facebook'] }, hambatan: { value: 'perizinan' } });
  });

  it('"LAPOR" after reporting says the report is in and shows it; "ya" leaves it as it is', async () => {
    const shown = (await siti.say('lapor')).join('\n');
    expect(shown).toContain('*Laporan November 2026* Bapak/Ibu sudah kami terima');
    expect(shown).toContain('1. Omzet: *Rp9.000.000*');
    expect((await siti.say('ya')).join('\n')).toContain('tetap seperti itu');
    expect(await byQuestion('siti')).toMatchObject({ omzet: { value: 9_000_000 } });
  });

  it('Budi corrects his sent report with "ubah laporan": the answer and the check-in row change, growth is recomputed', async () => {
    expect((await budi.say('ubah laporan')).join('\n')).toContain('Jawaban mana yang ingin diubah?');
    expect((await budi.say('1')).join('\n')).toContain('Berapa *omzet*');
    const done = (await budi.say('8 juta')).join('\n');
    expect(done).toContain('*laporan November 2026* sudah diperbarui');
    expect(done).toContain('turun Rp2.000.000 (20%) dibanding omzet saat mendaftar (Rp10.000.000)');
    expect(await byQuestion('budi')).toMatchObject({ omzet: { value: 8_000_000 }, pekerja: { value: 2 } });
    const row = await db().selectFrom('checkins').select(['omzet', 'growth_status', 'status']).where('person_id', '=', ids.budi!).where('period', '=', '2026-11').executeTakeFirstOrThrow();
    expect(row).toEqual({ omzet: '8000000', growth_status: 'menurun', status: 'completed' });
    expect((await db().selectFrom('people').select('growth_status').where('id', '=', ids.budi!).executeTakeFirstOrThrow()).growth_status).toBe('menurun');
  });

  it('an answer after the period closed gets a polite "sudah ditutup", and the new period is offered', async () => {
    await andi.say('4 juta');
    expect((await andi.say('BERHENTI')).join('\n')).toContain('tidak akan menerima pengumuman');
    expect((await andi.say('LAPOR')).join('\n')).toContain('Berapa orang yang bekerja');
    await openByHand(t, '2026-12'); // closes November; Andi opted out, so December is not sent to him
    await waitForFanout(t, '2026-12');
    const late = (await andi.say('2')).join('\n');
    expect(late).toContain('Mohon maaf, periode *laporan November 2026* sudah ditutup, jadi jawaban itu tidak bisa kami catat lagi.');
    expect(late).toContain('Saatnya *laporan bulanan Desember 2026*');
    expect(await byQuestion('andi')).toEqual({ omzet: { value: 4_000_000, detail: null, version: 1 } });
  });

  it('the closed period keeps everyone\'s growth status, and the next period reaches each person once', async () => {
    await waitFor(async () => (await db().selectFrom('checkin_periods').select('growth_done_at').where('period', '=', '2026-11').executeTakeFirst())?.growth_done_at, 15_000, 'growth of 2026-11');
    const history = await db().selectFrom('growth_history').select(['person_id', 'status']).where('period', '=', '2026-11').execute();
    const status = Object.fromEntries(history.map((h) => [h.person_id, h.status]));
    expect(status).toEqual({ [ids.siti!]: 'berkembang', [ids.budi!]: 'menurun', [ids.dewi!]: 'berkembang', [ids.rahmah!]: 'stagnan', [ids.andi!]: 'belum_cukup_data' });
    await waitFor(async () => /Desember 2026/.test(lastTo('ck-siti')), 15_000, 'december question');
    const keys = await db().selectFrom('outbound_messages').select('dedupe_key').where('dedupe_key', 'like', 'checkin:%').execute();
    expect(keys.map((k) => k.dedupe_key).sort()).toEqual(
      keys.map((k) => k.dedupe_key).filter((k, i, all) => all.indexOf(k) === i).sort(),
    );
    expect(keys.filter((k) => k.dedupe_key!.startsWith('checkin:2026-11:'))).toHaveLength(4);
    expect(keys.filter((k) => k.dedupe_key!.startsWith('checkin:2026-12:'))).toHaveLength(4); // everyone but Andi
  });

  it('after "HAPUS DATA" the free text Siti typed is gone, while her numbers stay for statistics', async () => {
    await siti.say('HAPUS DATA');
    expect((await siti.say('ya')).join('\n')).toContain('sudah dihapus');
    expect(await byQuestion('siti')).toMatchObject({ omzet: { value: 9_000_000 }, hambatan: { value: 'lainnya', detail: null } });
  });
});
