import { describe, expect, it } from 'vitest';
import {
  readCheckinOmzet, readConsent, readEditField, readIdle, readKecamatan, readMoneyConfirm, readPersonName, readRsvp, readSector,
  readSignupOmzet, readWorkers,
} from '../../src/engine/parse/understand/index.js';
import { vocab } from './understand-support.js';

// What the flows need besides the value: why a message is asked back, and with what to ask.

describe('asking back with the comparison', () => {
  it('an omzet ten times the last report is asked back with both figures', () => {
    expect(readCheckinOmzet('81.234.567.890', vocab, { previousOmzet: 5_000_000 })).toMatchObject({ kind: 'ask', reason: 'implausible', value: 81_234_567_890, previous: 5_000_000 });
    expect(readCheckinOmzet('60 juta', vocab, { previousOmzet: 5_000_000 })).toEqual({ kind: 'ask', reason: 'implausible', value: 60_000_000, previous: 5_000_000 });
  });

  it('a closed month (0 after a positive report) is confirmed, not stored', () => {
    expect(readCheckinOmzet('0', vocab, { previousOmzet: 2_000_000 })).toEqual({ kind: 'ask', reason: 'implausible', value: 0, previous: 2_000_000 });
  });

  it('a phone number typed as omzet is asked back as such', () => {
    expect(readCheckinOmzet('081234567890', vocab, { previousOmzet: 4_000_000 })).toMatchObject({ kind: 'ask', reason: 'number_shape' });
  });

  it('above Rp1 miliar a month is asked back even at sign-up', () => {
    expect(readSignupOmzet('2 miliar', vocab)).toMatchObject({ kind: 'ask', reason: 'implausible', value: 2_000_000_000 });
  });

  it('a bare number gets a guess to confirm, near the last report when there is one', () => {
    expect(readSignupOmzet('5', vocab)).toMatchObject({ kind: 'ask', reason: 'no_unit', guess: 5_000_000 });
    expect(readSignupOmzet('1.500', vocab)).toMatchObject({ kind: 'ask', reason: 'no_unit', guess: 1_500_000 });
    expect(readCheckinOmzet('850', vocab, { previousOmzet: 900_000 })).toMatchObject({ kind: 'ask', reason: 'no_unit', guess: 850_000 });
    expect(readCheckinOmzet('7,5', vocab, { previousOmzet: 7_500_000 })).toMatchObject({ kind: 'ask', reason: 'no_unit', guess: 7_500_000 });
  });

  it('"naik 500rb" is asked: rose by or to?', () => {
    expect(readCheckinOmzet('naik 500rb', vocab, { previousOmzet: 3_000_000 })).toMatchObject({ kind: 'ask', reason: 'change_not_level' });
  });

  it('workers shaped like a year, or above 200, are asked back', () => {
    expect(readWorkers('2019', vocab)).toMatchObject({ kind: 'ask', reason: 'number_shape' });
    expect(readWorkers('250', vocab)).toMatchObject({ kind: 'ask', reason: 'implausible', value: 250 });
    expect(readWorkers('2 karyawan', vocab)).toMatchObject({ kind: 'ask', reason: 'owner_unclear', value: 2 });
  });
});

describe('the money confirmation', () => {
  it('a bare 1 after "Maksud Bapak/Ibu Rp5.000.000?" is yes, never Rp1.000.000', () => {
    expect(readMoneyConfirm('1', vocab, { guess: 5_000_000 })).toEqual({ kind: 'value', value: true });
    expect(readMoneyConfirm('1', vocab, { guess: 1_000_000 })).toEqual({ kind: 'value', value: true });
    expect(readMoneyConfirm('2', vocab, { guess: 2_000_000 })).toEqual({ kind: 'value', value: false });
  });

  it('another amount is that amount; "1 juta" is an amount, not option 1', () => {
    expect(readMoneyConfirm('1 juta', vocab, { guess: 5_000_000 })).toEqual({ kind: 'value', value: { amount: 1_000_000 } });
    expect(readMoneyConfirm('gak, 3 juta', vocab, { guess: 5_000_000 })).toEqual({ kind: 'value', value: { amount: 3_000_000 } });
  });
});

describe('places', () => {
  it('kelayan is shared by Selatan and Tengah: asked with both, never read as "selatan"', () => {
    expect(readKecamatan('kelayan', vocab)).toEqual({ kind: 'ask', reason: 'ambiguous', candidates: ['bjm-selatan', 'bjm-tengah'] });
  });

  it('a kelurahan gives its kecamatan even when its name holds another direction', () => {
    expect(readKecamatan('Kelayan Barat', vocab)).toEqual({ kind: 'value', value: 'bjm-selatan' });
    expect(readKecamatan('Alalak Selatan', vocab)).toEqual({ kind: 'value', value: 'bjm-utara' });
  });

  it('a place outside the city says where it is', () => {
    expect(readKecamatan('handil bakti', vocab)).toMatchObject({ kind: 'ask', reason: 'outside_city', where: expect.stringContaining('Barito Kuala') });
  });

  it('a kecamatan and a kelurahan that disagree are asked back', () => {
    expect(readKecamatan('Banjarmasin Utara, kelurahan Kelayan Dalam', vocab)).toMatchObject({ kind: 'ask', reason: 'conflict' });
  });
});

describe('sector', () => {
  it("keeps the person's own words for the business", () => {
    expect(readSector('jualan kue bingka 🙏', vocab)).toEqual({ kind: 'value', value: 'kuliner', activity: 'jualan kue bingka' });
  });

  it('two activities of different sectors are asked with the candidates', () => {
    expect(readSector('jual pulsa sama service hp', vocab)).toMatchObject({ kind: 'ask', reason: 'ambiguous', candidates: ['perdagangan', 'jasa'] });
  });

  it('a word that fits any business is vague', () => {
    expect(readSector('warung', vocab)).toMatchObject({ kind: 'ask', reason: 'vague', activity: 'warung' });
  });
});

describe('not an answer', () => {
  it('a yes, a question or a command at the name question is never a name, and says why', () => {
    expect(readPersonName('ya', vocab)).toEqual({ kind: 'ask', reason: 'other_answer' });
    expect(readPersonName('buat apa data saya?', vocab)).toEqual({ kind: 'not_answer', what: 'question', topic: 'privacy', faq: 'data_use' });
    expect(readPersonName('kembali', vocab)).toEqual({ kind: 'not_answer', what: 'command', command: 'back' });
  });

  it('questions get the FAQ entry that answers them', () => {
    expect(readIdle('ini gratis kah?', vocab)).toMatchObject({ what: 'question', topic: 'free', faq: 'free' });
    expect(readIdle('berapa biayanya?', vocab)).toMatchObject({ what: 'question', topic: 'cost', faq: 'cost' });
    expect(readIdle('siapa yg bisa lihat data saya?', vocab)).toMatchObject({ what: 'question', topic: 'privacy', faq: 'data_access' });
    expect(readIdle('kantornya dimana?', vocab)).toMatchObject({ what: 'question', topic: 'office', faq: 'office' });
    expect(readIdle('pelatihan', vocab)).toMatchObject({ what: 'question', topic: 'workshops', faq: 'workshops' });
  });

  it('an omzet typed when nothing is asked is not stored: the reply explains LAPOR', () => {
    expect(readIdle('omset bulan ini 5jt', vocab)).toEqual({ kind: 'ask', reason: 'nothing_asked', hint: 'omzet' });
  });

  it('commands carry their id, and `ubah <field>` the field words', () => {
    expect(readIdle('ubah omzet', vocab)).toEqual({ kind: 'not_answer', what: 'command', command: 'edit', rest: 'omzet' });
    expect(readConsent('BERHENTI', vocab)).toEqual({ kind: 'not_answer', what: 'command', command: 'stop' });
    expect(readConsent('/start w12', vocab)).toEqual({ kind: 'not_answer', what: 'command', command: 'start', rest: 'w12' });
  });

  it('where the command word is the answer, it is read as the answer', () => {
    expect(readRsvp('batal', vocab)).toEqual({ kind: 'value', value: 'withdraw' });
    expect(readRsvp('daftar', vocab)).toEqual({ kind: 'value', value: 'attend' });
    expect(readEditField('ubah bidang usaha', vocab)).toEqual({ kind: 'value', value: 'sector' });
    expect(readEditField('ubah tahun mulai usaha', vocab)).toEqual({ kind: 'value', value: 'year' });
  });

  it('hostile or runaway input is never read, even with an answer inside', () => {
    expect(readConsent("ya'; DELETE FROM people;--", vocab)).toEqual({ kind: 'ask', reason: 'hostile' });
    expect(readSector('<b>kuliner</b>', vocab)).toEqual({ kind: 'ask', reason: 'hostile' });
    expect(readPersonName('Siti\u0000Aminah', vocab)).toEqual({ kind: 'ask', reason: 'hostile' });
    expect(readConsent('setuju '.repeat(100), vocab)).toEqual({ kind: 'ask', reason: 'too_long' });
    expect(readConsent('   ', vocab)).toEqual({ kind: 'ask', reason: 'empty' });
  });
});

describe('typos', () => {
  it('a typo of a sector name or the city is read', () => {
    expect(readSector('kulner', vocab)).toEqual({ kind: 'value', value: 'kuliner' });
    expect(readKecamatan('banjarmsin barat', vocab)).toEqual({ kind: 'value', value: 'bjm-barat' });
    expect(readKecamatan('pengambangn', vocab)).toEqual({ kind: 'value', value: 'bjm-timur' });
  });

  it('a real word one letter from the vocabulary is not corrected into an answer', () => {
    // layangan (kite) is one letter from layanan (service); mantul from Mantuil; kelayan from selatan.
    expect(readSector('bikin layangan', vocab)).toMatchObject({ kind: 'ask' });
    expect(readKecamatan('mantul', vocab)).toMatchObject({ kind: 'ask' });
    expect(readKecamatan('kelayan', vocab)).toMatchObject({ kind: 'ask', reason: 'ambiguous' });
  });
});
