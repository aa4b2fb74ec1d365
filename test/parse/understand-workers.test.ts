import { describe, expect, it } from 'vitest';
import { readWorkers } from '../../src/engine/parse/understand/index.js';
import type { ReadContext } from '../../src/engine/parse/understand/index.js';
import { vocab } from './understand-support.js';

// Phrasings in the style of the understanding corpus (written for these tests, not copied from it).
// Each row: what the person typed, what the bot makes of it, and the context when it matters.

describe('the workers question', () => {
  it.each<[string, object, ReadContext?]>([
    ["2", { kind: 'value', value: 2 }],
    ["2 orang", { kind: 'value', value: 2 }],
    ["dua orang", { kind: 'value', value: 2 }],
    ["saya sendiri", { kind: 'value', value: 1 }],
    ["sendiri aja", { kind: 'value', value: 1 }],
    ["saya dan istri", { kind: 'value', value: 2 }],
    ["sy sama istri", { kind: 'value', value: 2 }],
    ["2 urang", { kind: 'value', value: 2 }],
    ["baduaan haja", { kind: 'value', value: 2 }],
    ["berlima", { kind: 'value', value: 5 }],
    ["saya + 1 karyawan", { kind: 'value', value: 2 }],
    ["saya dan 2 pegawai", { kind: 'value', value: 3 }],
    ["3 karyawan belum termasuk saya", { kind: 'value', value: 4 }],
    ["4 orang termasuk saya", { kind: 'value', value: 4 }],
    ["suami, saya, sama anak", { kind: 'value', value: 3 }],
    ["6 orang", { kind: 'value', value: 6 }],
    ["sepuluh orang", { kind: 'value', value: 10 }],
    ["me alone", { kind: 'value', value: 1 }, {"lang": "en"}],
    ["my husband and me", { kind: 'value', value: 2 }, {"lang": "en"}],
    ["two people", { kind: 'value', value: 2 }, {"lang": "en"}],
    ["5 employees plus me", { kind: 'value', value: 6 }, {"lang": "en"}],
    ["belum ada pegawai", { kind: 'value', value: 1 }],
    ["cuma berdua sama suami", { kind: 'value', value: 2 }],
    ["ulun surang haja", { kind: 'value', value: 1 }],
    ["tiga urang", { kind: 'value', value: 3 }],
    ["3 karyawan", { kind: 'ask' }],
    ["5 pegawai", { kind: 'ask' }],
    ["2 atau 3", { kind: 'ask' }],
    ["3-4", { kind: 'ask' }],
    ["kadang 2 kadang 4", { kind: 'ask' }],
    ["tergantung musim", { kind: 'ask' }],
    ["0 orang", { kind: 'ask' }],
    ["300", { kind: 'ask' }],
    ["2021", { kind: 'ask' }],
    ["5 juta", { kind: 'ask' }],
    ["ok", { kind: 'ask' }],
    ["banyak", { kind: 'ask' }],
    ["anak-anak", { kind: 'ask' }],
    ["-1", { kind: 'ask' }],
    ["sendiri tapi kadang dibantu istri", { kind: 'ask' }],
    ["pekerja lepas dihitung?", { kind: 'not_answer', what: "question" }],
    ["batal", { kind: 'not_answer', what: "command" }],
    ["3 orang sama saya", { kind: 'ask' }],
    ["2 (saya dan suami)", { kind: 'value', value: 2 }],
    ["suami dan 2 anak", { kind: 'ask' }],
    ["berdua dengan istri", { kind: 'value', value: 2 }],
    ["4org", { kind: 'value', value: 4 }],
    ["satu", { kind: 'value', value: 1 }],
    ["1 orang (saya sendiri)", { kind: 'value', value: 1 }],
    ["saya sama 2 anak", { kind: 'value', value: 3 }],
    ["ada 3, saya juga ikut kerja", { kind: 'ask' }],
    ["saya, suami, dan 2 karyawan", { kind: 'value', value: 4 }],
    ["saya dan 1 pegawai", { kind: 'value', value: 2 }],
  ])('%j → %j', (text, expected, ctx = {}) => {
    expect(readWorkers(text, vocab, ctx)).toMatchObject(expected);
  });
});
