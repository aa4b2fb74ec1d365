import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/i18n.js';
import type { CliContext } from '../../src/runtime/core/capability.js';
import { registerPeopleCommands } from '../../src/runtime/profile/cli.js';
import { createTestApp, waitFor, type TestApp } from '../support/app.js';
import { Chats } from '../support/chat.js';
import { seedPeople } from '../support/seed.js';

// Issue 11, item 1: a phone number typed at sign-up is anybody's. Only a number the channel
// vouches for (the WhatsApp sender, a Telegram contact the sender shared of their own)
// joins chats to a registration; the real owner of a typed number gets a sign-up of their own.

const MALLORY = ['halo', 'ya', 'Mallory', 'Toko Mallory', 'kuliner', 'utara', '0812-5555-6666', '2020', '1 juta', 'ya'];

describe('a typed phone number links nothing', () => {
  let t: TestApp;
  let chats: Chats;

  beforeAll(async () => {
    t = await createTestApp('typednumber');
    await t.app.startTurnWorkers(2);
    chats = new Chats(t.app);
  });
  afterAll(() => t.close());

  const db = () => t.app.database.db;
  const chatOf = (address: string) => db().selectFrom('identities').select(['id', 'person_id', 'verified_phone']).where('address', '=', address).executeTakeFirst();

  async function cli(...args: string[]): Promise<string> {
    const renderer = await createRenderer();
    const lines: string[] = [];
    const ctx = { config: t.config, timeZone: t.config.TZ, db: async () => db(), open: () => Promise.reject(new Error('not needed')), out: (line: string) => lines.push(line), render: (x) => renderer.render('id', x) } satisfies CliContext;
    const program = new Command('cli').exitOverride();
    registerPeopleCommands(program, ctx);
    await program.parseAsync(args, { from: 'user' });
    return lines.join('\n');
  }

  it('the repro: the owner of a number Mallory typed writes from WhatsApp and is not Mallory', async () => {
    for (const line of MALLORY) await chats.say('console', 'mallory', line);
    const mallory = await db().selectFrom('people').select(['id', 'member_no', 'phone_e164', 'phone_verified']).where('full_name', '=', 'Mallory').executeTakeFirstOrThrow();
    expect(mallory).toMatchObject({ phone_e164: '+6281255556666', phone_verified: false });

    const owner = '6281255556666@c.us';
    await chats.say('whatsapp', owner, 'halo', '+6281255556666');
    const profile = await chats.say('whatsapp', owner, 'profil', '+6281255556666');
    expect(profile.join('\n')).not.toContain('Toko Mallory');
    expect(profile.join('\n')).not.toContain(mallory.member_no!);
    expect((await chatOf(owner))?.person_id).toBeNull();

    // The owner signs up on their own; WhatsApp vouches for the number, so it is not asked.
    for (const line of ['daftar', 'ya', 'Owen Saputra', 'Warung Owen', 'kuliner', 'utara', '2015', '2 juta']) await chats.say('whatsapp', owner, line, '+6281255556666');
    const saved = await chats.say('whatsapp', owner, 'ya', '+6281255556666');
    expect(saved.join('\n')).not.toMatch(/sudah terdaftar/);
    const ownerPerson = await db().selectFrom('people').select(['id', 'member_no', 'phone_verified']).where('full_name', '=', 'Owen Saputra').executeTakeFirstOrThrow();
    expect(ownerPerson.id).not.toBe(mallory.id);
    expect(ownerPerson.phone_verified).toBe(true);
    expect((await chatOf(owner))?.person_id).toBe(ownerPerson.id);
    expect((await chatOf('mallory'))?.person_id).toBe(mallory.id);

    // Mallory sees only Mallory.
    const hers = await chats.say('console', 'mallory', 'profil');
    expect(hers.join('\n')).toContain('Toko Mallory');
    expect(hers.join('\n')).not.toContain('Warung Owen');

    // Staff see which number was vouched for.
    expect(await cli('people', 'show', mallory.member_no!)).toContain('+6281255556666 (diketik, belum terverifikasi)');
    expect(await cli('people', 'show', ownerPerson.member_no!)).toContain('+6281255556666 (terverifikasi)');
    expect(await cli('people', 'list')).toMatch(/Mallory\s+Toko Mallory\s+\+6281255556666 \(diketik, belum terverifikasi\)/);
  }, 120_000);

  it('on WhatsApp, a number typed over the one WhatsApp gave is typed, and links nothing', async () => {
    const wa = '6281366661111@c.us';
    const says = (line: string) => chats.say('whatsapp', wa, line, '+6281366661111');
    for (const line of ['daftar', 'ya', 'Yani', 'Toko Yani', 'dagang', 'timur', '2017', '4 juta']) await says(line);
    // At the summary: change the phone to somebody else's, typed.
    await says('nomor hp');
    await says('0813 6666 2222');
    await says('ya');
    const yani = await db().selectFrom('people').select(['id', 'phone_e164', 'phone_verified']).where('full_name', '=', 'Yani').executeTakeFirstOrThrow();
    expect(yani).toMatchObject({ phone_e164: '+6281366662222', phone_verified: false });
    const victim = await chats.say('whatsapp', '6281366662222@c.us', 'profil', '+6281366662222');
    expect(victim.join('\n')).not.toContain('Toko Yani');
    expect((await chatOf('6281366662222@c.us'))?.person_id).toBeNull();
  }, 120_000);

  it('a Telegram contact of someone else is typed; the sender\'s own contact is vouched for and links WhatsApp', async () => {
    const say = async (address: string, externalId: string, kind: 'text' | 'contact', text: string, verifiedPhone?: string) => {
      await t.app.runtime.handleInbound({ channel: 'telegram', externalId, address, kind, text, ...(verifiedPhone ? { verifiedPhone } : {}), receivedAt: new Date() });
      await waitFor(async () => (await db().selectFrom('inbound_messages').select('handled_at').where('channel', '=', 'telegram').where('external_id', '=', t.app.runtime.externalKey('telegram', externalId)).executeTakeFirst())?.handled_at);
    };
    const answers = (name: string) => ['daftar', 'ya', name, `Usaha ${name}`, 'jasa', 'barat'];
    let n = 834567890;
    for (const line of answers('Tono')) await say('7123456780', String(++n), 'text', line);
    await say('7123456780', String(++n), 'contact', '+6281377771111'); // someone else's card
    for (const line of ['2019', '3 juta', 'ya']) await say('7123456780', String(++n), 'text', line);
    for (const line of answers('Tini')) await say('7123456781', String(++n), 'text', line);
    await say('7123456781', String(++n), 'contact', '+6281377772222', '+6281377772222'); // her own
    for (const line of ['2019', '3 juta', 'ya']) await say('7123456781', String(++n), 'text', line);

    const tono = await db().selectFrom('people').select(['id', 'phone_verified']).where('full_name', '=', 'Tono').executeTakeFirstOrThrow();
    const tini = await db().selectFrom('people').select(['id', 'phone_verified']).where('full_name', '=', 'Tini').executeTakeFirstOrThrow();
    expect([tono.phone_verified, tini.phone_verified]).toEqual([false, true]);

    await chats.say('whatsapp', '6281377771111@c.us', 'halo', '+6281377771111');
    await chats.say('whatsapp', '6281377772222@c.us', 'halo', '+6281377772222');
    expect((await chatOf('6281377771111@c.us'))?.person_id).toBeNull();
    expect((await chatOf('6281377772222@c.us'))?.person_id).toBe(tini.id);
  }, 120_000);

  it('"ubah nomor hp" with a typed number links nothing either', async () => {
    for (const line of ['daftar', 'ya', 'Eve', 'Toko Eve', 'dagang', 'timur', '0812 4444 0001', '2021', '2 juta', 'ya']) await chats.say('console', 'eve', line);
    await chats.say('console', 'eve', 'ubah nomor hp');
    await chats.say('console', 'eve', '0812 4444 0002');
    const eve = await db().selectFrom('people').select(['id', 'phone_e164', 'phone_verified']).where('full_name', '=', 'Eve').executeTakeFirstOrThrow();
    expect(eve).toMatchObject({ phone_e164: '+6281244440002', phone_verified: false });
    const reply = await chats.say('whatsapp', '6281244440002@c.us', 'profil', '+6281244440002');
    expect(reply.join('\n')).not.toContain('Toko Eve');
    expect((await chatOf('6281244440002@c.us'))?.person_id).toBeNull();
  }, 120_000);

  it('chats linked through a typed number before are listed for review, and erasing one side never deletes the other\'s chat', async () => {
    // As the old rule left them: a WhatsApp owner's chat joined to a registration that typed the number.
    const [a, b] = await seedPeople(db(), [
      { name: 'Ketik Satu', phone: '+6281366660001', chats: [{ channel: 'console', address: 'typist-1' }, { channel: 'whatsapp', address: '6281366660001@c.us', verifiedPhone: '+6281366660001' }] },
      { name: 'Ketik Dua', phone: '+6281366660002', chats: [{ channel: 'console', address: 'typist-2' }, { channel: 'whatsapp', address: '6281366660002@c.us', verifiedPhone: '+6281366660002' }] },
    ]);
    const review = await cli('people', 'review-links');
    expect(review).toMatch(/Ketik Satu\s+#\d+ whatsapp 6281366660001@c\.us\s+\+6281366660001\s+1/);
    expect(review).toMatch(/Ketik Dua\s+#\d+ whatsapp 6281366660002@c\.us/);
    expect(review).not.toContain('Mallory');

    // The owner's side erases: only the owner's chat goes, and their number leaves the registration.
    await chats.say('whatsapp', '6281366660001@c.us', 'HAPUS DATA', '+6281366660001');
    await chats.say('whatsapp', '6281366660001@c.us', 'ya', '+6281366660001');
    expect(await chatOf('6281366660001@c.us')).toBeUndefined();
    expect((await chatOf('typist-1'))?.person_id).toBe(a!.id);
    const one = await db().selectFrom('people').select(['full_name', 'phone_e164', 'erased_at']).where('id', '=', a!.id).executeTakeFirstOrThrow();
    expect(one).toEqual({ full_name: 'Ketik Satu', phone_e164: null, erased_at: null });

    // The typist's side erases: the registration goes, the owner's chat stays (unlinked) with its messages.
    await chats.say('whatsapp', '6281366660002@c.us', 'halo', '+6281366660002');
    await chats.say('console', 'typist-2', 'HAPUS DATA');
    await chats.say('console', 'typist-2', 'ya');
    expect(await chatOf('typist-2')).toBeUndefined();
    const ownerChat = await chatOf('6281366660002@c.us');
    expect(ownerChat?.person_id).toBeNull();
    const texts = await db().selectFrom('inbound_messages').select('text').where('identity_id', '=', ownerChat!.id).execute();
    expect(texts.map((r) => r.text)).toContain('halo');
    expect((await db().selectFrom('people').select('erased_at').where('id', '=', b!.id).executeTakeFirstOrThrow()).erased_at).not.toBeNull();
    expect(await cli('people', 'review-links')).toContain('Tidak ada obrolan yang perlu diperiksa.');
  }, 120_000);

  it('"hubungkan": a code sent to the chat of the typed number, typed back, joins that chat and verifies the number', async () => {
    for (const line of ['daftar', 'ya', 'Rudi', 'Rudi Cell', 'jasa', 'tengah', '0813 8888 0001', '2018', '2 juta', 'ya']) await chats.say('console', 'rudi', line);
    const rudi = await db().selectFrom('people').select(['id', 'phone_verified']).where('full_name', '=', 'Rudi').executeTakeFirstOrThrow();
    expect(rudi.phone_verified).toBe(false);

    // No chat of that number yet: nothing to send a code to.
    expect((await chats.say('console', 'rudi', 'hubungkan')).join('\n')).toContain('belum pernah mengirim pesan ke bot');

    const wa = '6281388880001@c.us';
    await chats.say('whatsapp', wa, 'halo', '+6281388880001');
    expect((await chats.say('console', 'rudi', 'HUBUNGKAN')).join('\n')).toContain('Kode sudah kami kirim ke chat nomor +6281388880001');
    const sent = await waitFor(async () => chats.seen('whatsapp', wa).find((m) => /HUB-[2-9A-Z]{4}-[2-9A-Z]{2}/u.test(m)), 20_000, 'the link code on WhatsApp');
    const code = /HUB-[2-9A-Z]{4}-[2-9A-Z]{2}/u.exec(sent)![0];

    // The code typed on the WhatsApp side itself links nothing (that chat is nobody's yet).
    await chats.say('whatsapp', wa, code, '+6281388880001');
    expect((await chatOf(wa))?.person_id).toBeNull();
    // A wrong code in the registered chat is answered as such.
    const wrong = code.slice(0, -1) + (code.endsWith('2') ? '3' : '2');
    expect((await chats.say('console', 'rudi', wrong)).join('\n')).toContain('salah ketik');

    expect((await chats.say('console', 'rudi', `kodenya ${code}`)).join('\n')).toContain('Nomor +6281388880001 sudah terverifikasi dan chat-nya terhubung');
    expect((await chatOf(wa))?.person_id).toBe(rudi.id);
    expect((await db().selectFrom('people').select('phone_verified').where('id', '=', rudi.id).executeTakeFirstOrThrow()).phone_verified).toBe(true);
    expect((await chats.say('whatsapp', wa, 'profil', '+6281388880001')).join('\n')).toContain('Rudi Cell');
    // Used once.
    expect((await chats.say('console', 'rudi', code)).join('\n')).toMatch(/sudah dipakai|tidak cocok/);
  }, 120_000);
});
