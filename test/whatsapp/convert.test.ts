import { describe, expect, it } from 'vitest';
import {
  classifySender,
  maskChatId,
  phoneFromVCard,
  phoneFromWid,
  toInbound,
  toWhatsAppText,
  type IgnoreReason,
  type WhatsAppMessage,
} from '../../src/channels/whatsapp/convert.js';

// What a WhatsApp message becomes before the runtime sees it: who is ignored, whose number
// is verified, what kind of message it is, and how the bot's choices look on WhatsApp.

const PERSON = '6281234567890@c.us';
const LID = '112233445566778@lid';

function message(overrides: Partial<WhatsAppMessage> = {}): WhatsAppMessage {
  const from = overrides.from ?? PERSON;
  return {
    id: { _serialized: `false_${from}_3EB0ABCDEF` },
    from,
    fromMe: false,
    type: 'chat',
    body: 'halo',
    isStatus: false,
    broadcast: false,
    vCards: [],
    timestamp: 1_790_000_000,
    ...overrides,
  };
}

const VCARD = 'BEGIN:VCARD\nVERSION:3.0\nN:;Budi;;;\nFN:Budi\nTEL;type=CELL;type=VOICE;waid=6281298765432:+62 812-9876-5432\nEND:VCARD';
const VCARD_NO_WAID = 'BEGIN:VCARD\nVERSION:3.0\nFN:Ani\nTEL;type=CELL:0813-1111-2222\nEND:VCARD';
const VCARD_NO_TEL = 'BEGIN:VCARD\nVERSION:3.0\nFN:Tanpa Nomor\nEND:VCARD';

describe('classifySender', () => {
  it.each<[string, Partial<WhatsAppMessage>, IgnoreReason]>([
    ['a message the bot sent itself', { fromMe: true }, 'from_me'],
    ['a status update', { from: 'status@broadcast', isStatus: true }, 'status'],
    ['a status flagged only by isStatus', { isStatus: true }, 'status'],
    ['a channel post', { from: '120363012345678901@newsletter' }, 'newsletter'],
    ['a group message', { from: '120363098765432109@g.us' }, 'group'],
    ['a broadcast-list message', { broadcast: true }, 'broadcast'],
    ['a broadcast id', { from: '1234567890@broadcast' }, 'broadcast'],
    ['a security-code notice', { type: 'e2e_notification' }, 'system'],
    ['a missed-call entry', { type: 'call_log' }, 'system'],
    ['a deleted message', { type: 'revoked' }, 'system'],
    ['an undecryptable message', { type: 'ciphertext' }, 'system'],
    ['an unknown kind of sender', { from: '13135550002@bot' }, 'unknown_sender'],
  ])('ignores %s', (_what, overrides, reason) => {
    expect(classifySender(message(overrides))).toEqual({ type: 'ignore', reason });
  });

  it('takes the verified phone from a @c.us chat id', () => {
    expect(classifySender(message())).toEqual({ type: 'phone', chatId: PERSON, phone: '+6281234567890' });
  });

  it('marks a @lid chat for a number lookup', () => {
    expect(classifySender(message({ from: LID }))).toEqual({ type: 'lid', chatId: LID });
  });
});

describe('phoneFromWid', () => {
  it.each<[string | undefined | null, string | undefined]>([
    ['6281234567890@c.us', '+6281234567890'],
    ['447911123456@c.us', '+447911123456'],
    ['112233445566778@lid', undefined],
    ['120363098765432109@g.us', undefined],
    ['0812345678@c.us', undefined],
    ['62812abc@c.us', undefined],
    ['', undefined],
    [undefined, undefined],
    [null, undefined],
  ])('%s → %s', (wid, phone) => {
    expect(phoneFromWid(wid)).toBe(phone);
  });
});

describe('phoneFromVCard', () => {
  it.each<[string, string, string | undefined]>([
    ['the waid WhatsApp adds', VCARD, '+6281298765432'],
    ['a local number on the TEL line', VCARD_NO_WAID, '+6281311112222'],
    ['a card without a number', VCARD_NO_TEL, undefined],
    ['a card with a number that is not one', 'BEGIN:VCARD\nTEL:12\nEND:VCARD', undefined],
  ])('reads %s', (_what, vcard, phone) => {
    expect(phoneFromVCard(vcard)).toBe(phone);
  });
});

describe('toInbound', () => {
  it('turns a text message into a text Inbound addressed to the chat, with the verified phone', () => {
    const msg = message({ body: 'Daftar', _data: { notifyName: 'Siti' } });
    expect(toInbound(msg, '+6281234567890')).toEqual({
      channel: 'whatsapp',
      externalId: `false_${PERSON}_3EB0ABCDEF`,
      address: PERSON,
      kind: 'text',
      text: 'Daftar',
      verifiedPhone: '+6281234567890',
      displayName: 'Siti',
      receivedAt: new Date(1_790_000_000_000),
    });
  });

  it('leaves verifiedPhone out when the number is unknown (an unresolved @lid)', () => {
    const inbound = toInbound(message({ from: LID }), undefined);
    expect(inbound.address).toBe(LID);
    expect(inbound).not.toHaveProperty('verifiedPhone');
  });

  it.each<[string, Partial<WhatsAppMessage>, { kind: string; text: string; replyTo?: string }]>([
    ['a text', { type: 'chat', body: 'ya' }, { kind: 'text', text: 'ya' }],
    ['a reply quoting one of the bot\'s messages', { type: 'chat', body: 'Bisa', _data: { quotedStanzaID: '3EB0C767D26A' } }, { kind: 'text', text: 'Bisa', replyTo: '3EB0C767D26A' }],
    ['an empty text', { type: 'chat', body: '' }, { kind: 'text', text: '' }],
    ['a list reply', { type: 'list_response', body: 'Kuliner' }, { kind: 'text', text: 'Kuliner' }],
    ['a photo with a caption', { type: 'image', body: '0812 3456 7890' }, { kind: 'non_text', text: '' }],
    ['a sticker', { type: 'sticker', body: '' }, { kind: 'non_text', text: '' }],
    ['a voice note', { type: 'ptt', body: '' }, { kind: 'non_text', text: '' }],
    ['an audio file', { type: 'audio', body: '' }, { kind: 'non_text', text: '' }],
    ['a video', { type: 'video', body: '' }, { kind: 'non_text', text: '' }],
    ['a location', { type: 'location', body: '' }, { kind: 'non_text', text: '' }],
    ['a document', { type: 'document', body: 'laporan.pdf' }, { kind: 'non_text', text: '' }],
    ['a poll', { type: 'poll_creation', body: 'Pilih' }, { kind: 'non_text', text: '' }],
    ['a shared contact', { type: 'vcard', body: VCARD, vCards: [VCARD] }, { kind: 'contact', text: '+6281298765432' }],
    ['a shared contact without a number', { type: 'vcard', body: VCARD_NO_TEL, vCards: [VCARD_NO_TEL] }, { kind: 'non_text', text: '' }],
    ['several shared contacts', { type: 'multi_vcard', body: '', vCards: [VCARD, VCARD_NO_WAID] }, { kind: 'non_text', text: '' }],
  ])('maps %s', (_what, overrides, expected) => {
    expect(toInbound(message(overrides), undefined)).toMatchObject(expected);
  });
});

describe('toWhatsAppText', () => {
  it('shows choices as a numbered list under the text, keeping WhatsApp bold', () => {
    const text = toWhatsAppText({ text: 'Usaha Bapak/Ibu bergerak di bidang apa? *Pilih nomornya:*', choices: ['Kuliner', 'Fesyen', 'Kerajinan'] });
    expect(text).toBe('Usaha Bapak/Ibu bergerak di bidang apa? *Pilih nomornya:*\n\n1. Kuliner\n2. Fesyen\n3. Kerajinan');
  });

  it('leaves a message without choices as it is', () => {
    expect(toWhatsAppText({ text: 'Terima kasih 🙏', choices: [] })).toBe('Terima kasih 🙏');
  });

  // Issue 16 item 8: the way out for someone stuck comes after the options, not between.
  it('puts the footer after the numbered options', () => {
    const text = toWhatsAppText({ text: 'Bidang usaha apa?', choices: ['Kuliner', 'Fesyen'], footer: 'Butuh bantuan? Ketik *menu*.' });
    expect(text).toBe('Bidang usaha apa?\n\n1. Kuliner\n2. Fesyen\n\nButuh bantuan? Ketik *menu*.');
  });
});

describe('maskChatId', () => {
  it.each([
    ['6281234567890@c.us', '*********7890@c.us'],
    ['112233445566778@lid', '***********6778@lid'],
    ['6281234567890', '*********7890'],
  ])('%s → %s', (id, masked) => {
    expect(maskChatId(id)).toBe(masked);
  });
});
