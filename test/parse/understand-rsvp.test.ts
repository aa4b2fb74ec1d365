import { describe, expect, it } from 'vitest';
import { readRsvp } from '../../src/engine/parse/understand/index.js';
import type { ReadContext } from '../../src/engine/parse/understand/index.js';
import { vocab } from './understand-support.js';

// Phrasings in the style of the understanding corpus (written for these tests, not copied from it).
// Each row: what the person typed, what the bot makes of it, and the context when it matters.

describe('the answer right after an invitation', () => {
  it.each<[string, object, ReadContext?]>([
    ["hadir bu", { kind: 'value', value: "attend" }],
    ["ya hadir", { kind: 'value', value: "attend" }],
    ["saya hadir insyaallah", { kind: 'value', value: "attend" }],
    ["siap hadir", { kind: 'value', value: "attend" }],
    ["ikut", { kind: 'value', value: "attend" }],
    ["mau ikut bu", { kind: 'value', value: "attend" }],
    ["daftar", { kind: 'value', value: "attend" }],
    ["daftarkan ulun", { kind: 'value', value: "attend" }],
    ["hakun", { kind: 'value', value: "attend" }],
    ["umpat ai", { kind: 'value', value: "attend" }],
    ["handak umpat", { kind: 'value', value: "attend" }],
    ["HADIR!", { kind: 'value', value: "attend" }],
    ["I will attend", { kind: 'value', value: "attend" }, {"lang": "en"}],
    ["yes I'll come", { kind: 'value', value: "attend" }, {"lang": "en"}],
    ["batal", { kind: 'value', value: "withdraw" }],
    ["batalkan", { kind: 'value', value: "withdraw" }],
    ["gak bisa hadir", { kind: 'value', value: "withdraw" }],
    ["maaf tidak bisa datang", { kind: 'value', value: "withdraw" }],
    ["kada kawa umpat", { kind: 'value', value: "withdraw" }],
    ["berhalangan bu", { kind: 'value', value: "withdraw" }],
    ["lain kali aja", { kind: 'value', value: "withdraw" }],
    ["gak jadi ikut", { kind: 'value', value: "withdraw" }],
    ["maaf bu hari itu ada acara", { kind: 'value', value: "withdraw" }],
    ["sorry I can't come", { kind: 'value', value: "withdraw" }, {"lang": "en"}],
    ["tidak ikut", { kind: 'value', value: "withdraw" }],
    ["pass dulu bu", { kind: 'value', value: "withdraw" }],
    ["siap", { kind: 'ask' }],
    ["sip", { kind: 'ask' }],
    ["👍", { kind: 'ask' }],
    ["oke bu", { kind: 'ask' }],
    ["insya allah", { kind: 'ask' }],
    ["diusahakan", { kind: 'ask' }],
    ["semoga bisa", { kind: 'ask' }],
    ["nanti dikabari", { kind: 'ask' }],
    ["2", { kind: 'ask' }],
    ["iya", { kind: 'ask' }],
    ["🙏", { kind: 'ask' }],
    ["jam berapa?", { kind: 'not_answer', what: "question" }],
    ["di mana tempatnya?", { kind: 'not_answer', what: "question" }],
    ["berapa biayanya?", { kind: 'not_answer', what: "question", topic: "cost" }],
    ["stop", { kind: 'not_answer', what: "command" }],
    ["terima kasih infonya", { kind: 'not_answer', what: "smalltalk" }],
    ["hadir, tapi telat dikit", { kind: 'value', value: "attend" }],
    ["ikut, tapi bawa anak", { kind: 'value', value: "attend" }],
    ["bisa hadir", { kind: 'value', value: "attend" }],
    ["gak bisa", { kind: 'value', value: "withdraw" }],
    ["YA HADIR", { kind: 'value', value: "attend" }],
    ["Hadir Pak, terima kasih", { kind: 'value', value: "attend" }],
    ["insyaallah bisa", { kind: 'ask' }],
    ["hadir 2 orang", { kind: 'ask' }],
  ])('%j → %j', (text, expected, ctx = {}) => {
    expect(readRsvp(text, vocab, ctx)).toMatchObject(expected);
  });
});
