import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentVersion } from '../../src/app.js';
import { loadResources } from '../../src/i18n.js';
import { sendInvitations } from '../../src/runtime/import/invite.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { importRegister } from './support.js';

// The owner of an imported number writes (issue 13): the chat is shown the name and business on
// record, and is linked to the person only after "ya" and consent; until then it sees nothing
// else of the record. Through the real runtime, Postgres and the WhatsApp send queues.

let t: TestApp;
let chats: Chats;
let ids: Map<string, string>;
const db = () => t.app.database.db;

const RAHMAH = '6281151002233@c.us';
const RAHMAH_PHONE = '+6281151002233';
const rahmah = (s: string) => chats.say('whatsapp', RAHMAH, s, RAHMAH_PHONE);

beforeAll(async () => {
  t = await createTestApp('import-link');
  await t.app.startTurnWorkers(2);
  chats = new Chats(t.app);
  ids = await importRegister(db());
  await sendInvitations(t.app.services, new Date('2026-12-02T01:00:00Z'), { limit: 2 });
});
afterAll(() => t?.close());

const person = (name: string) =>
  db().selectFrom('people').select(['id', 'member_no', 'consent_pending', 'phone_verified', 'full_name']).where('id', '=', ids.get(name)!).executeTakeFirstOrThrow();
const chatOf = (address: string) => db().selectFrom('identities').select(['id', 'person_id']).where('channel', '=', 'whatsapp').where('address', '=', address).executeTakeFirst();
const consentsOf = (name: string) => db().selectFrom('consents').selectAll().where('person_id', '=', ids.get(name)!).execute();

describe('an invited number writes back', () => {
  it('is shown the name and business on record and asked whether it is them; nothing is linked yet', async () => {
    const said = (await rahmah('iya pak, boleh')).join('\n');
    expect(said).toContain('Nama: *Hj. Rahmah*');
    expect(said).toContain('Usaha: *Sasirangan Rahmah*');
    expect(chats.senders.whatsapp.to(RAHMAH).at(-1)!.choices).toEqual(['Ya, itu saya', 'Bukan saya']);
    expect((await chatOf(RAHMAH))?.person_id).toBeNull();
    expect(await person('Hj. Rahmah')).toMatchObject({ member_no: null, consent_pending: true });
  });

  it('an unconfirmed chat never sees anything else of the record, whatever it types', async () => {
    const seen: string[] = [];
    for (const typed of ['menu', 'profil saya', 'lihat data saya', 'ubah omzet', 'laporan', 'nomor anggota saya berapa?', "' or 1=1 --"]) {
      seen.push(...(await rahmah(typed)));
    }
    const all = seen.join('\n');
    for (const secret of ['4.000.000', '4 juta', '2016', 'Banjarmasin Tengah', 'kain sasirangan', '0811', '5100', 'BJM-']) expect(all).not.toContain(secret);
    expect((await chatOf(RAHMAH))?.person_id).toBeNull();
    expect(await consentsOf('Hj. Rahmah')).toEqual([]);
  });

  it('"inggih" alone is not consent: the consent question comes next, and only "setuju" links the chat', async () => {
    await rahmah('daftar');
    const consent = (await rahmah('inggih, itu ulun')).join('\n');
    expect(consent).toContain('Apakah Bapak/Ibu setuju?');
    expect((await chatOf(RAHMAH))?.person_id).toBeNull();
    expect((await person('Hj. Rahmah')).consent_pending).toBe(true);

    const done = (await rahmah('setuju')).join('\n');
    const linked = await person('Hj. Rahmah');
    expect(linked.member_no).toMatch(/^BJM-\d{6}$/u);
    expect(done).toContain(`Nomor anggota Bapak/Ibu: *${linked.member_no}*`);
    expect(linked).toMatchObject({ consent_pending: false, phone_verified: true });
    expect((await chatOf(RAHMAH))?.person_id).toBe(linked.id);
    const consents = await consentsOf('Hj. Rahmah');
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({ purpose: 'registration', granted: true, channel: 'whatsapp', text_version: consentVersion(loadResources()) });
  });

  it('once linked, the chat is theirs: the profile shows the record', async () => {
    const profile = (await rahmah('profil')).join('\n');
    expect(profile).toContain('Sasirangan Rahmah');
    expect(profile).toContain('Banjarmasin Tengah');
  });

  it('a record with nothing missing says nothing more; one without an omzet is told so, and "ubah omzet" fills it in', async () => {
    expect(chats.senders.whatsapp.to(RAHMAH).map((m) => m.text).join('\n')).not.toContain('belum ada di catatan kami');
    const RIDWAN = '6285254007788@c.us';
    const ridwan = (s: string) => chats.say('whatsapp', RIDWAN, s, '+6285254007788');
    expect((await ridwan('assalamualaikum')).join('\n')).toContain('Bengkel Ridwan');
    await ridwan('ya itu saya');
    const done = (await ridwan('setuju')).join('\n');
    expect(done).toContain('Nomor anggota Bapak/Ibu');
    expect(done).toContain('Beberapa data Bapak/Ibu belum ada di catatan kami:\n• Omzet\n\n');
    expect(done).toContain('*ubah omzet*');
    await ridwan('ubah omzet');
    await ridwan('3,5 juta');
    // Kept as a dated figure beside the (empty) one on record, as any "ubah omzet" is.
    const corrections = await db().selectFrom('omzet_corrections').select(['omzet']).where('person_id', '=', ids.get('Muhammad Ridwan')!).execute();
    expect(corrections.map((c) => Number(c.omzet))).toEqual([3_500_000]);
  });

  it('refusing consent links nothing and forgets the chat, as a sign-up refusal does; the record stays', async () => {
    const FAUZI = '6282252004455@c.us';
    const fauzi = (s: string) => chats.say('whatsapp', FAUZI, s, '+6282252004455');
    expect((await fauzi('ya')).join('\n')).toContain('Pentol Fauzi');
    await fauzi('iya');
    const refused = (await fauzi('kada hakun')).join('\n');
    expect(refused).toContain('tidak setuju');
    expect(await person('Ahmad Fauzi')).toMatchObject({ member_no: null, consent_pending: true, full_name: 'Ahmad Fauzi' });
    expect(await consentsOf('Ahmad Fauzi')).toEqual([]);
    expect(await chatOf(FAUZI)).toBeUndefined();
    // Nothing more goes to the number: no second invitation either.
    const invited = await sendInvitations(t.app.services, new Date('2026-12-09T01:00:00Z'));
    const to = await db().selectFrom('outbound_messages').select('id').where('address', '=', FAUZI).where('topic', '=', 'import_invite').execute();
    expect(to).toHaveLength(0);
    expect(invited.invited).toBeGreaterThan(0);
  });

  it('HAPUS DATA from the number of an imported record, before saying it is them, asks, then erases that record with the chat', async () => {
    const HAMDAN = '6285348001122@c.us';
    const hamdan = (s: string) => chats.say('whatsapp', HAMDAN, s, '+6285348001122');
    expect((await hamdan('halo')).join('\n')).toContain('Anyaman Purun');
    // There is personal data here (the record staff imported): asked first, as a member is.
    expect((await hamdan('hapus data saya')).join('\n')).toContain('Yakin ingin menghapus data pribadi');
    expect((await person('Gusti Hamdan')).full_name).toBe('Gusti Hamdan');
    expect((await hamdan('iya hapus')).join('\n')).toContain('Data pribadi Bapak/Ibu sudah dihapus');
    const record = await db().selectFrom('people').select(['full_name', 'business_name', 'phone_e164', 'erased_at']).where('id', '=', ids.get('Gusti Hamdan')!).executeTakeFirstOrThrow();
    expect(record.erased_at).not.toBeNull();
    expect(record).toMatchObject({ full_name: null, business_name: null, phone_e164: null });
    expect(await chatOf(HAMDAN)).toBeUndefined();
    // Another imported record, with another number, is untouched.
    expect(await person('Siti Mariam')).toMatchObject({ full_name: 'Siti Mariam' });
  });

  it('"bukan" leaves the record alone and goes on as an ordinary sign-up', async () => {
    const MARIAM = '6281353006677@c.us';
    const mariam = (s: string) => chats.say('whatsapp', MARIAM, s, '+6281353006677');
    await mariam('assalamualaikum, ini siapa?');
    const after = (await mariam('bukan, salah orang')).join('\n');
    expect(after).toContain('tidak kami hubungkan');
    expect(after).toContain('Apakah Bapak/Ibu setuju?');
    expect(await person('Siti Mariam')).toMatchObject({ member_no: null, consent_pending: true });
    expect((await chatOf(MARIAM))?.person_id).toBeNull();
  });
});

describe('a Telegram chat that shares its own contact', () => {
  const TG = '1987654321';
  const contact = async (phone: string) => {
    const externalId = `tg-contact-${Date.now()}`;
    const before = chats.senders.telegram.to(TG).length;
    await t.app.runtime.handleInbound({ channel: 'telegram', externalId, address: TG, kind: 'contact', text: phone, verifiedPhone: phone, receivedAt: new Date() });
    await waitFor(async () => {
      const row = await db().selectFrom('inbound_messages').select('handled_at').where('external_id', '=', t.app.runtime.externalKey('telegram', externalId)).executeTakeFirst();
      const unsent = await db().selectFrom('outbound_messages').select('id').where('address', '=', TG).where('status', 'in', ['pending', 'queued']).executeTakeFirst();
      return row?.handled_at && !unsent;
    }, 20_000, 'the contact handled');
    return chats.senders.telegram.to(TG).slice(before).map((m) => m.text);
  };

  it('at sign-up\'s phone question is asked about the record and, with "iya", linked (consent given at sign-up)', async () => {
    for (const answer of ['/start', 'setuju', 'Noor Aisyah', 'Amplang Aisyah', 'kuliner', 'timur']) await chats.say('telegram', TG, answer);
    const asked = (await contact('+6281254119900')).join('\n');
    expect(asked).toContain('Nama: *Noor Aisyah*');
    expect((await chatOf(TG))?.person_id ?? null).toBeNull();
    const done = (await chats.say('telegram', TG, 'iya betul')).join('\n');
    const linked = await person('Noor Aisyah');
    expect(done).toContain(`*${linked.member_no}*`);
    const chat = await db().selectFrom('identities').select('person_id').where('channel', '=', 'telegram').where('address', '=', TG).executeTakeFirstOrThrow();
    expect(chat.person_id).toBe(linked.id);
    expect(await consentsOf('Noor Aisyah')).toHaveLength(1);
    // No second registration was made from the sign-up that was under way.
    expect(await db().selectFrom('people').select('id').where('full_name', '=', 'Noor Aisyah').execute()).toHaveLength(1);
  });
});
