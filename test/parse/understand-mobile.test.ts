import { describe, expect, it } from 'vitest';
import { readMobile } from '../../src/engine/parse/understand/index.js';
import type { ReadContext } from '../../src/engine/parse/understand/index.js';
import { vocab } from './understand-support.js';

// Phrasings in the style of the understanding corpus (written for these tests, not copied from it).
// Each row: what the person typed, what the bot makes of it, and the context when it matters.

describe('the HP/WA number question', () => {
  it.each<[string, object, ReadContext?]>([
    ["0812 3456 7890", { kind: 'value', value: "+6281234567890" }],
    ["08125551234", { kind: 'value', value: "+628125551234" }],
    ["+62 811-5100-200", { kind: 'value', value: "+628115100200" }],
    ["6281350001111", { kind: 'value', value: "+6281350001111" }],
    ["no hp 0852-4800-1122", { kind: 'value', value: "+6285248001122" }],
    ["wa saya 0813.5000.1234", { kind: 'value', value: "+6281350001234" }],
    ["81250001234", { kind: 'value', value: "+6281250001234" }],
    ["(0812) 5000 1234", { kind: 'value', value: "+6281250001234" }],
    ["0821 5000 12345", { kind: 'value', value: "+62821500012345" }],
    ["nomor WA ulun 0877-1111-2222 ai", { kind: 'value', value: "+6287711112222" }],
    ["https://wa.me/6281234500000", { kind: 'value', value: "+6281234500000" }],
    ["my number: +62 812 3333 4444", { kind: 'value', value: "+6281233334444" }],
    ["0511-3350-123", { kind: 'ask' }],
    ["0511 3251234", { kind: 'ask' }],
    ["081234", { kind: 'ask' }],
    ["085312345678901", { kind: 'ask' }],
    ["+65 9123 4567", { kind: 'ask' }],
    ["0812-xxxx-1234", { kind: 'ask' }],
    ["sama dengan nomor ini", { kind: 'ask' }],
    ["pakai nomor ini aja", { kind: 'ask' }],
    ["belum ada wa", { kind: 'ask' }],
    ["08123456789 atau 08129876543", { kind: 'ask' }],
    ["3 juta", { kind: 'ask' }],
    ["2020", { kind: 'ask' }],
    ["setuju", { kind: 'ask' }],
    ["nomor hp buat apa?", { kind: 'not_answer', what: "question", topic: "privacy" }],
    ["batal", { kind: 'not_answer', what: "command" }],
    ["ok sebentar", { kind: 'not_answer', what: "smalltalk" }],
    ["+62 812 3456 7890", { kind: 'value', value: "+6281234567890" }, {"lang": "en"}],
    ["my WhatsApp is 0812 3456 7890", { kind: 'value', value: "+6281234567890" }, {"lang": "en"}],
  ])('%j → %j', (text, expected, ctx = {}) => {
    expect(readMobile(text, vocab)).toMatchObject(expected);
  });
});
