import { describe, expect, it } from 'vitest';
import { readIdle } from '../../src/engine/parse/understand/index.js';
import type { ReadContext } from '../../src/engine/parse/understand/index.js';
import { vocab } from './understand-support.js';

// Phrasings in the style of the understanding corpus (written for these tests, not copied from it).
// Each row: what the person typed, what the bot makes of it, and the context when it matters.

describe('a message when nothing is asked', () => {
  it.each<[string, object, ReadContext?]>([
    ["kapan pelatihan berikutnya?", { kind: 'not_answer', what: "question", topic: "workshops" }],
    ["info pelatihan", { kind: 'not_answer', what: "question", topic: "workshops" }],
    ["ada workshop?", { kind: 'not_answer', what: "question", topic: "workshops" }],
    ["biaya pelatihannya berapa?", { kind: 'not_answer', what: "question", topic: "cost" }],
    ["berapa biaya daftarnya?", { kind: 'not_answer', what: "question", topic: "cost" }],
    ["ini gratis kah", { kind: 'not_answer', what: "question", topic: "free" }],
    ["bayar gak?", { kind: 'not_answer', what: "question", topic: "free" }],
    ["alamat kantornya dimana?", { kind: 'not_answer', what: "question", topic: "office" }],
    ["jam buka kantor?", { kind: 'not_answer', what: "question", topic: "office" }],
    ["nomor telepon kantor berapa?", { kind: 'not_answer', what: "question", topic: "office" }],
    ["data saya dipakai buat apa?", { kind: 'not_answer', what: "question", topic: "privacy" }],
    ["siapa saja yang bisa melihat data saya?", { kind: 'not_answer', what: "question", topic: "privacy" }],
    ["apakah data saya aman", { kind: 'not_answer', what: "question", topic: "privacy" }],
    ["how much does it cost?", { kind: 'not_answer', what: "question", topic: "cost" }, {"lang": "en"}],
    ["when is the next training?", { kind: 'not_answer', what: "question", topic: "workshops" }, {"lang": "en"}],
    ["who can see my data?", { kind: 'not_answer', what: "question", topic: "privacy" }, {"lang": "en"}],
    ["kenapa status saya menurun?", { kind: 'not_answer', what: "question" }],
    ["bisa bantu modal usaha?", { kind: 'not_answer', what: "question" }],
    ["makasih bu", { kind: 'not_answer', what: "smalltalk" }],
    ["ok siap", { kind: 'not_answer', what: "smalltalk" }],
    ["sip", { kind: 'not_answer', what: "smalltalk" }],
    ["siap pak", { kind: 'not_answer', what: "smalltalk" }],
    ["assalamualaikum", { kind: 'not_answer', what: "smalltalk" }],
    ["selamat sore bu", { kind: 'not_answer', what: "smalltalk" }],
    ["wkwkwk", { kind: 'not_answer', what: "smalltalk" }],
    ["🙏🙏", { kind: 'not_answer', what: "smalltalk" }],
    ["good morning", { kind: 'not_answer', what: "smalltalk" }, {"lang": "en"}],
    ["menu", { kind: 'not_answer', what: "command" }],
    ["profil", { kind: 'not_answer', what: "command" }],
    ["ubah nama", { kind: 'not_answer', what: "command" }],
    ["hapus data", { kind: 'not_answer', what: "command" }],
    ["daftar", { kind: 'not_answer', what: "command" }],
    ["bahasa indonesia", { kind: 'not_answer', what: "command" }],
    ["mulai", { kind: 'not_answer', what: "command" }],
    ["omzet 7 juta", { kind: 'ask' }],
    ["5jt bulan ini", { kind: 'ask' }],
    ["jalan rusak pak", { kind: 'ask' }],
    ["qwerty", { kind: 'ask' }],
    ["<b>hi</b>", { kind: 'ask' }],
    ["halo, mau tanya pelatihan", { kind: 'not_answer', what: "question", topic: "workshops" }],
    ["assalamualaikum, ada pelatihan?", { kind: 'not_answer', what: "question", topic: "workshops" }],
    ["saya mau ikut pelatihan", { kind: 'not_answer', what: "question", topic: "workshops" }],
    ["ok makasih", { kind: 'not_answer', what: "smalltalk" }],
    ["oke bu", { kind: 'not_answer', what: "smalltalk" }],
    ["mau lapor omzet", { kind: 'not_answer', what: "command" }],
    ["saya mau berhenti", { kind: 'not_answer', what: "command" }],
    ["tolong hapus data saya", { kind: 'not_answer', what: "command" }],
  ])('%j → %j', (text, expected, ctx = {}) => {
    expect(readIdle(text, vocab, ctx)).toMatchObject(expected);
  });
});
