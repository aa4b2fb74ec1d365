import type { Update } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import { TELEGRAM_TEXT_LIMIT, toInbound, toTelegramHtml, toTelegramMessage } from '../../src/channels/telegram/convert.js';
import type { Outbound } from '../../src/channels/types.js';

// What a Telegram update means to Wirabot, and how a reply looks in the Telegram app.

const CHAT = 5550001;
const SENT_AT = 1_780_000_000;

function privateUpdate(fields: Record<string, unknown>, from: Record<string, unknown> = {}): Update {
  return {
    update_id: 1,
    message: {
      message_id: 42,
      date: SENT_AT,
      chat: { id: CHAT, type: 'private', first_name: 'Siti' },
      from: { id: CHAT, is_bot: false, first_name: 'Siti', last_name: 'Aminah', ...from },
      ...fields,
    },
  } as unknown as Update;
}

function contact(phone: string, userId?: number): Update {
  return privateUpdate({ contact: { phone_number: phone, first_name: 'Siti', ...(userId !== undefined ? { user_id: userId } : {}) } });
}

describe('toInbound: what the bot hears from a private chat', () => {
  it('a typed message is text from this chat, named after the sender', () => {
    expect(toInbound(privateUpdate({ text: 'halo' }))).toEqual({
      channel: 'telegram',
      externalId: `${CHAT}-42`,
      address: String(CHAT),
      kind: 'text',
      text: 'halo',
      displayName: 'Siti Aminah',
      receivedAt: new Date(SENT_AT * 1000),
    });
  });

  it.each([
    { text: '/start promo-pelatihan', expected: { text: '/start', startPayload: 'promo-pelatihan' } },
    { text: '/start', expected: { text: '/start' } },
    { text: '/start@wirabot_bot kode_123', expected: { text: '/start', startPayload: 'kode_123' } },
  ])('a deep link "$text" becomes /start with its payload', ({ text, expected }) => {
    const inbound = toInbound(privateUpdate({ text }));
    expect(inbound).toMatchObject({ kind: 'text', ...expected });
    if (!('startPayload' in expected)) expect(inbound).not.toHaveProperty('startPayload');
  });

  it.each([
    { case: 'own number, without +', update: contact('6281234567890', CHAT), kind: 'contact', text: '+6281234567890', verified: '+6281234567890' },
    { case: 'own number, with +', update: contact('+62 812-3456-7890', CHAT), kind: 'contact', text: '+6281234567890', verified: '+6281234567890' },
    { case: "someone else's number", update: contact('6281298765432', 777), kind: 'contact', text: '+6281298765432', verified: undefined },
    { case: 'a contact not on Telegram', update: contact('6281298765432'), kind: 'contact', text: '+6281298765432', verified: undefined },
    // Still a contact card, never text (typed, it became a name): issue 11, item 10.
    { case: 'an unreadable number', update: contact('12345'), kind: 'contact', text: '', verified: undefined },
  ])('a shared contact ($case) is vouched for only when it is the sender\'s own', ({ update, kind, text, verified }) => {
    const inbound = toInbound(update);
    expect(inbound).toMatchObject({ kind, text });
    expect(inbound && 'verifiedPhone' in inbound ? inbound.verifiedPhone : undefined).toBe(verified);
  });

  it.each([
    ['photo', { photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }], caption: 'foto produk' }],
    ['sticker', { sticker: { file_id: 's' } }],
    ['voice', { voice: { file_id: 'v', duration: 3 } }],
    ['video', { video: { file_id: 'v' } }],
    ['location', { location: { latitude: -3.32, longitude: 114.59 } }],
    ['document', { document: { file_id: 'd' } }],
    ['audio', { audio: { file_id: 'a' } }],
    ['animation', { animation: { file_id: 'g' }, document: { file_id: 'g' } }],
  ])('a %s is something to answer with "please type"', (_name, fields) => {
    expect(toInbound(privateUpdate(fields))).toMatchObject({ kind: 'non_text', text: '', externalId: `${CHAT}-42` });
  });

  it.each([
    ['an edited message', { update_id: 2, edited_message: { message_id: 42, date: SENT_AT, edit_date: SENT_AT + 5, chat: { id: CHAT, type: 'private' }, from: { id: CHAT }, text: 'halo lagi' } }],
    ['a channel post', { update_id: 3, channel_post: { message_id: 1, date: SENT_AT, chat: { id: -1001, type: 'channel', title: 'Info' }, text: 'pengumuman' } }],
    ['a service message', privateUpdate({ pinned_message: { message_id: 1 } })],
  ])('%s is ignored', (_name, update) => {
    expect(toInbound(update as unknown as Update)).toBeNull();
  });

  it.each(['group', 'supergroup'])('a message in a %s is only a marker for that group', (type) => {
    const update = { update_id: 4, message: { message_id: 7, date: SENT_AT, chat: { id: -100200, type, title: 'UMKM' }, from: { id: CHAT, first_name: 'Siti' }, text: 'halo bot' } };
    expect(toInbound(update as unknown as Update)).toEqual({ kind: 'group', chatId: '-100200' });
  });
});

const LABEL = '📱 Kirim nomor HP saya';

function outbound(fields: Partial<Outbound>): Outbound {
  return { address: String(CHAT), text: 'Halo', choices: [], requestContact: false, ...fields };
}

describe('toTelegramHtml: the bot\'s words exactly as written, with its *bold* and _italic_', () => {
  it.each([
    ['Kopi & Roti <Asli>', 'Kopi &amp; Roti &lt;Asli&gt;'],
    ['Ketik *ya* untuk menyimpan', 'Ketik <b>ya</b> untuk menyimpan'],
    ['Nomor anggota Anda: *BJM-0001*', 'Nomor anggota Anda: <b>BJM-0001</b>'],
    ['Usaha: *Kopi & Roti <Asli>*', 'Usaha: <b>Kopi &amp; Roti &lt;Asli&gt;</b>'],
    ['_contoh: 7,5 juta_', '<i>contoh: 7,5 juta</i>'],
    ['saya suka * bintang', 'saya suka * bintang'],
    ['harga 2*3*4 ribu', 'harga 2*3*4 ribu'],
    ['nama_usaha_saya', 'nama_usaha_saya'],
    ['*tebal _miring* saja_', '<b>tebal _miring</b> saja_'],
    ['_*dua-duanya*_', '<i><b>dua-duanya</b></i>'],
    ['*baris\nbaru*', '*baris\nbaru*'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ])('%j is shown as %j', (text, html) => {
    expect(toTelegramHtml(text)).toBe(html);
  });
});

describe('toTelegramMessage: buttons under the reply', () => {
  it('a reply with no choices removes the previous keyboard', () => {
    expect(toTelegramMessage(outbound({ text: 'Siapa nama Anda?' }), { shareContactLabel: LABEL })).toEqual([
      { text: 'Siapa nama Anda?', extra: { parse_mode: 'HTML', reply_markup: { remove_keyboard: true } } },
    ]);
  });

  it('the footer ends the text; the buttons stay under it', () => {
    const [message] = toTelegramMessage(outbound({ text: 'Bidang usaha apa?', choices: ['Kuliner'], footer: 'Butuh bantuan? Ketik menu.' }), { shareContactLabel: LABEL });
    expect(message!.text).toBe('Bidang usaha apa?\n\nButuh bantuan? Ketik menu.');
    expect(message!.extra.reply_markup).toMatchObject({ keyboard: [[{ text: 'Kuliner' }]] });
  });

  it.each([
    { case: 'yes/no side by side', choices: ['Ya', 'Tidak'], rows: [['Ya', 'Tidak']] },
    {
      case: 'kecamatan two per row',
      choices: ['Banjarmasin Barat', 'Banjarmasin Selatan', 'Banjarmasin Tengah', 'Banjarmasin Timur', 'Banjarmasin Utara'],
      rows: [['Banjarmasin Barat', 'Banjarmasin Selatan'], ['Banjarmasin Tengah', 'Banjarmasin Timur'], ['Banjarmasin Utara']],
    },
    {
      case: 'a long label on its own row',
      choices: ['Kuliner', 'Ikut pelatihan pemasaran digital', 'Jasa', 'Fesyen'],
      rows: [['Kuliner'], ['Ikut pelatihan pemasaran digital'], ['Jasa', 'Fesyen']],
    },
  ])('choices become a one-time reply keyboard ($case)', ({ choices, rows }) => {
    const [message] = toTelegramMessage(outbound({ choices }), { shareContactLabel: LABEL });
    expect(message?.extra.reply_markup).toEqual({
      keyboard: rows.map((row) => row.map((text) => ({ text }))),
      one_time_keyboard: true,
      resize_keyboard: true,
    });
  });

  it('the phone question offers a "share my number" button first', () => {
    const [message] = toTelegramMessage(outbound({ text: 'Berapa nomor HP Anda?', requestContact: true }), { shareContactLabel: LABEL });
    expect(message?.extra.reply_markup).toEqual({ keyboard: [[{ text: LABEL, request_contact: true }]], one_time_keyboard: true, resize_keyboard: true });
  });

  it('a contact button and choices together: the contact button leads', () => {
    const [message] = toTelegramMessage(outbound({ requestContact: true, choices: ['Batal'] }), { shareContactLabel: LABEL });
    expect(message?.extra.reply_markup).toMatchObject({ keyboard: [[{ text: LABEL, request_contact: true }], [{ text: 'Batal' }]] });
  });

  it('a text longer than Telegram allows arrives in paragraphs, with the buttons under the last one', () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `*Paragraf ${i + 1}* ${'kata '.repeat(40).trim()} & <lagi>`);
    const messages = toTelegramMessage(outbound({ text: paragraphs.join('\n\n'), choices: ['Ya', 'Tidak'] }), { shareContactLabel: LABEL });

    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(visibleLength(m.text)).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(messages.slice(0, -1).every((m) => m.extra.reply_markup === undefined)).toBe(true);
    expect(messages.at(-1)?.extra.reply_markup).toMatchObject({ keyboard: [[{ text: 'Ya' }, { text: 'Tidak' }]] });
    expect(messages.map((m) => m.text).join('\n\n')).toBe(paragraphs.map((p) => toTelegramHtml(p)).join('\n\n'));
  });

  it('one endless word is cut to size, never between the halves of an emoji', () => {
    const messages = toTelegramMessage(outbound({ text: `a${'😀'.repeat(3000)}` }), { shareContactLabel: LABEL });
    expect(messages.map((m) => m.text).join('')).toBe(`a${'😀'.repeat(3000)}`);
    for (const m of messages) expect(m.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    for (const m of messages) expect(m.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/u);
  });
});

/** What Telegram counts: the text after its HTML tags and entities are read. */
function visibleLength(html: string): number {
  return html.replace(/<\/?[bi]>/gu, '').replace(/&(amp|lt|gt);/gu, '_').length;
}
