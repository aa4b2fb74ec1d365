import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebServer } from '../../src/web/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedPeople } from '../support/seed.js';
import { webClient, type Browser } from './client.js';
import { seedWeb, type WebFixture } from './fixture.js';

// The person's page (issue 13): audited edits by any staff member, read as the chat reads
// `ubah <field>`, with a "Riwayat perubahan" list; merging two records of the same person,
// admins only: search, side by side, choose, confirm. Sign-in, roles, CSRF and bad input.

let t: TestApp;
let server: FastifyInstance;
let fx: WebFixture;
let sitiWa = '';
const db = () => t.app.database.db;
const { get, post, signedIn } = webClient(() => server, db);

beforeAll(async () => {
  t = await createTestApp('web-person');
  fx = await seedWeb(db());
  // Siti signed up again on WhatsApp with the same number: a second record of the same person.
  [{ id: sitiWa = '' } = {}] = await seedPeople(db(), [
    { name: 'Siti Aminah', business: 'Bingka Siti', phone: '+6281311112222', kecamatan: 2, sector: 1, chats: [{ channel: 'whatsapp', address: '6281311112222@c.us', verifiedPhone: '+6281311112222' }] },
  ]);
  server = await buildWebServer(t.app, { loginRateLimit: 1000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const person = (id: string) => db().selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditCount = async (action: string) => Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

describe('signed out, operator, CSRF', () => {
  it('signed out: every person route sends to the sign-in page and changes nothing', async () => {
    const anon: Browser = { cookies: new Map(), csrf: '' };
    for (const url of [`/orang/${fx.budiId}`, `/orang/${fx.budiId}/gabung`, `/orang/${fx.sitiId}/gabung/${sitiWa}`]) {
      const res = await get(anon, url);
      expect([res.statusCode, res.headers.location]).toEqual([303, '/masuk']);
    }
    const res = await post(anon, `/orang/${fx.budiId}/ubah`, { name: 'Orang Lain' }, 'tebakan');
    expect([res.statusCode, res.headers.location]).toEqual([303, '/masuk']);
    expect((await person(fx.budiId)).full_name).toBe('Budi Santoso');
  });

  it('an operator may edit but not merge: 403, audited, nothing merged', async () => {
    const op = await signedIn('operator');
    const page = await get(op, `/orang/${fx.sitiId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="edit"');
    expect(page.body).not.toContain('id="merge-link"');
    expect((await get(op, `/orang/${fx.sitiId}/gabung?q=0813`)).statusCode).toBe(403);
    expect((await get(op, `/orang/${fx.sitiId}/gabung/${sitiWa}`)).statusCode).toBe(403);
    expect((await post(op, `/orang/${fx.sitiId}/gabung/${sitiWa}`, { confirm: 'ya' })).statusCode).toBe(403);
    expect((await person(sitiWa)).merged_into).toBeNull();
    const forbidden = await db().selectFrom('audit_log').select('details').where('action', '=', 'web_forbidden').execute();
    expect(forbidden.some((r) => (r.details as { url: string }).url === `/orang/${fx.sitiId}/gabung/${sitiWa}`)).toBe(true);
  });

  it('a form without the session CSRF token is refused and changes nothing', async () => {
    const admin = await signedIn('admin');
    expect((await post(admin, `/orang/${fx.budiId}/ubah`, { name: 'Budi Palsu' }, null)).statusCode).toBe(403);
    expect((await post(admin, `/orang/${fx.budiId}/ubah`, { name: 'Budi Palsu' }, 'x'.repeat(32))).statusCode).toBe(403);
    expect((await post(admin, `/orang/${fx.sitiId}/gabung/${sitiWa}`, { confirm: 'ya' }, null)).statusCode).toBe(403);
    expect((await person(fx.budiId)).full_name).toBe('Budi Santoso');
    expect((await person(sitiWa)).merged_into).toBeNull();
  });
});

describe('audited edits on the person page', () => {
  it('an operator corrects Budi: saved, shown, audited with before and after, listed in Riwayat perubahan', async () => {
    const op = await signedIn('operator');
    const res = await post(op, `/orang/${fx.budiId}/ubah`, { name: 'pak Budi Santoso', business: 'Bengkel Las Budi', activity: 'las pagar dan teralis', sector: '4', kecamatan: '3', phone: '0813 2222 3333' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Perubahan disimpan');
    const p = await person(fx.budiId);
    expect(p).toMatchObject({ full_name: 'Budi Santoso', business_name: 'Bengkel Las Budi', business_activity: 'las pagar dan teralis', sector_id: 4, kecamatan_id: 3, phone_e164: '+6281322223333' });
    const audit = await db().selectFrom('audit_log').select(['staff_id', 'actor', 'details']).where('action', '=', 'person_edited').executeTakeFirstOrThrow();
    expect(audit.staff_id).toBe(fx.operatorId);
    expect(audit.actor).toMatch(/^web:/);
    expect(audit.details).toMatchObject({ personId: fx.budiId, changes: expect.arrayContaining([{ field: 'business', before: 'Bengkel Budi', after: 'Bengkel Las Budi' }, { field: 'kecamatan', before: 'Banjarmasin Selatan', after: 'Banjarmasin Tengah' }]) });
    const page = await get(op, `/orang/${fx.budiId}`);
    expect(page.body).toContain('Riwayat perubahan');
    expect(page.body).toMatch(/<del>Bengkel Budi<\/del> → <ins>Bengkel Las Budi<\/ins>/);
    expect(page.body).toContain('Agus Salim');
  });

  it('a form that sends every field saves only what changed, even beside a stored value the chat would ask back', async () => {
    const op = await signedIn('operator');
    const siti = await person(fx.sitiId);
    const res = await post(op, `/orang/${fx.sitiId}/ubah`, { name: 'Siti Aminah, S.Pd.', business: siti.business_name!, activity: '', sector: String(siti.sector_id), kecamatan: String(siti.kecamatan_id), phone: siti.phone_e164! });
    expect(res.statusCode).toBe(200);
    expect(await person(fx.sitiId)).toMatchObject({ full_name: 'Siti Aminah, S.Pd.', business_name: 'Kue Bingka <Siti>' });
    const audit = await db().selectFrom('audit_log').select('details').where('action', '=', 'person_edited').where(sql`details->>'personId'`, '=', fx.sitiId).executeTakeFirstOrThrow();
    expect((audit.details as { changes: unknown[] }).changes).toEqual([{ field: 'name', before: 'Siti Aminah', after: 'Siti Aminah, S.Pd.' }]);
    expect((await get(op, `/orang/${fx.sitiId}`)).body).toContain('<del>Siti Aminah</del> → <ins>Siti Aminah, S.Pd.</ins>');
  });

  it.each([
    [{ phone: '0511-3252111' }, 'phone', 'bukan nomor HP Indonesia'],
    [{ name: '<img src=x onerror=alert(1)>' }, 'name', 'tidak diterima'],
    [{ name: "budi' OR '1'='1" }, 'name', 'tidak diterima'],
    [{ kecamatan: '77' }, 'kecamatan', 'tidak ada di daftar'],
    [{ business: 'ga tau' }, 'business', ''],
  ])('%j gets a clear message (400) and nothing is saved', async (bad, _field, words) => {
    const op = await signedIn('operator');
    const before = await person(fx.budiId);
    const edits = await auditCount('person_edited');
    const res = await post(op, `/orang/${fx.budiId}/ubah`, { activity: 'jual pagar besi', ...bad });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Belum disimpan');
    if (words) expect(res.body).toContain(words);
    expect(res.body).not.toContain('<img src=x');
    expect(await person(fx.budiId)).toEqual(before);
    expect(await auditCount('person_edited')).toBe(edits);
  });

  it('a malformed id or an oversized field gets a clear message and changes nothing', async () => {
    const op = await signedIn('operator');
    expect((await get(op, '/orang/12abc')).statusCode).toBe(400);
    expect((await post(op, "/orang/1'--/ubah", { name: 'Budi' })).statusCode).toBe(400);
    expect((await post(op, '/orang/999999999/ubah', { name: 'Budi Santoso' })).statusCode).toBe(404);
    const big = await post(op, `/orang/${fx.budiId}/ubah`, { name: 'B'.repeat(600) });
    expect(big.statusCode).toBe(400);
    expect(big.body).toContain('tidak terbaca');
    expect((await person(fx.budiId)).full_name).toBe('Budi Santoso');
  });
});

describe('merging two records of the same person (admin)', () => {
  it('finds the other record by phone, shows both side by side with the business escaped', async () => {
    const admin = await signedIn('admin');
    const page = await get(admin, `/orang/${fx.sitiId}`);
    expect(page.body).toContain(`href="/orang/${fx.sitiId}/gabung"`);
    const search = await get(admin, `/orang/${fx.sitiId}/gabung?q=${encodeURIComponent('0813-1111-2222')}`);
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain(`href="/orang/${fx.sitiId}/gabung/${sitiWa}"`);
    expect(search.body).not.toContain(`href="/orang/${fx.sitiId}/gabung/${fx.sitiId}"`);
    const compare = await get(admin, `/orang/${fx.sitiId}/gabung/${sitiWa}`);
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('Kue Bingka &lt;Siti&gt;');
    expect(compare.body).toContain('Bingka Siti');
    expect(compare.body).toContain('name="take_business" value="other"');
  });

  it('refuses a merge that is not confirmed, of a record with itself, of an erased one, or with an unknown choice', async () => {
    const admin = await signedIn('admin');
    await get(admin, `/orang/${fx.sitiId}/gabung/${sitiWa}`);
    const unconfirmed = await post(admin, `/orang/${fx.sitiId}/gabung/${sitiWa}`, { take_business: 'other' });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('Centang dulu');
    const badChoice = await post(admin, `/orang/${fx.sitiId}/gabung/${sitiWa}`, { confirm: 'ya', take_business: 'keduanya' });
    expect(badChoice.statusCode).toBe(400);
    expect((await post(admin, `/orang/${fx.sitiId}/gabung/${fx.sitiId}`, { confirm: 'ya' })).statusCode).toBe(400);
    const [{ id: erased = '' } = {}] = await seedPeople(db(), [{ name: 'Sudah Dihapus', erased: true, chats: [] }]);
    const erasedRes = await post(admin, `/orang/${fx.sitiId}/gabung/${erased}`, { confirm: 'ya' });
    expect(erasedRes.statusCode).toBe(409);
    expect(erasedRes.body).toContain('sudah dihapus (HAPUS DATA)');
    expect((await post(admin, `/orang/${fx.sitiId}/gabung/abc`, { confirm: 'ya' })).statusCode).toBe(400);
    expect((await person(sitiWa)).merged_into).toBeNull();
    expect(await auditCount('person_merged')).toBe(0);
  });

  it('merges with the chosen values, says what clashed, and a second click changes nothing', async () => {
    const admin = await signedIn('admin');
    const registrations = async () => ((await get(admin, '/api/ringkasan/registrations')).json() as { rows: { registrations: number }[] }).rows.reduce((a, r) => a + r.registrations, 0);
    const registeredBefore = await registrations();
    await get(admin, `/orang/${fx.sitiId}/gabung/${sitiWa}`);
    const res = await post(admin, `/orang/${fx.sitiId}/gabung/${sitiWa}`, { confirm: 'ya', take_business: 'other', take_kecamatan: 'keep' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('sudah digabung ke data ini');
    const kept = await person(fx.sitiId);
    expect(kept).toMatchObject({ business_name: 'Bingka Siti', kecamatan_id: 1, merged_into: null });
    expect(await person(sitiWa)).toMatchObject({ merged_into: fx.sitiId });
    // One person is counted once in the office's figures.
    expect(await registrations()).toBe(registeredBefore - 1);
    const chats = await db().selectFrom('identities').select('address').where('person_id', '=', fx.sitiId).orderBy('address').execute();
    expect(chats.map((c) => c.address)).toEqual(['6281311112222@c.us', '7234567890']);
    const audit = await db().selectFrom('audit_log').select(['staff_id', 'details']).where('action', '=', 'person_merged').executeTakeFirstOrThrow();
    expect(audit.staff_id).toBe(fx.adminId);
    expect(audit.details).toMatchObject({ personId: fx.sitiId, otherPersonId: sitiWa, taken: ['business'] });

    const again = await post(admin, `/orang/${fx.sitiId}/gabung/${sitiWa}`, { confirm: 'ya' });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('sebelumnya; tidak ada yang berubah');
    expect(await auditCount('person_merged')).toBe(1);

    // The other record's page says where it went; it is gone from the list and from merging.
    const merged = await get(admin, `/orang/${sitiWa}`);
    expect(merged.body).toContain('id="merged-notice"');
    expect(merged.body).not.toContain('id="edit"');
    const list = await get(admin, `/orang?q=${encodeURIComponent('Siti Aminah')}`);
    expect(list.body).not.toContain(`/orang/${sitiWa}"`);
    expect((await post(admin, `/orang/${fx.budiId}/gabung/${sitiWa}`, { confirm: 'ya' })).statusCode).toBe(409);
    expect((await get(admin, `/orang/${fx.sitiId}`)).body).toMatch(/digabung ke BJM-\d+ \(\d+ data bentrok\)/);
    const edit = await post(admin, `/orang/${sitiWa}/ubah`, { business: 'Toko Baru' });
    expect(edit.statusCode).toBe(409);
    expect((await person(sitiWa)).business_name).toBe('Bingka Siti');
    const { rows } = await sql<{ n: string }>`select count(*) as n from checkins where person_id = ${sitiWa}`.execute(db());
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
