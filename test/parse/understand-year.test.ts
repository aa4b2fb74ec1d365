import { describe, expect, it } from 'vitest';
import { readYear } from '../../src/engine/parse/understand/index.js';
import type { ReadContext } from '../../src/engine/parse/understand/index.js';
import { vocab } from './understand-support.js';

// Phrasings in the style of the understanding corpus (written for these tests, not copied from it).
// Each row: what the person typed, what the bot makes of it, and the context when it matters.

describe('the start-year question (now 2026)', () => {
  it.each<[string, object, ReadContext?]>([
    ["2015", { kind: 'value', value: 2015 }, {"nowYear": 2026}],
    ["sejak tahun 2012", { kind: 'value', value: 2012 }, {"nowYear": 2026}],
    ["mulai 2020 pas pandemi", { kind: 'value', value: 2020 }, {"nowYear": 2026}],
    ["thn 1999", { kind: 'value', value: 1999 }, {"nowYear": 2026}],
    ["dari 2018 bu", { kind: 'value', value: 2018 }, {"nowYear": 2026}],
    ["berdiri 17 agustus 2016", { kind: 'value', value: 2016 }, {"nowYear": 2026}],
    ["2010an", { kind: 'value', value: 2010 }, {"nowYear": 2026}],
    ["tahun 2019 kalau gak salah", { kind: 'value', value: 2019 }, {"nowYear": 2026}],
    ["sudah 3 tahun", { kind: 'value', value: 2023 }, {"nowYear": 2026}],
    ["udah 5 tahunan", { kind: 'value', value: 2021 }, {"nowYear": 2026}],
    ["jalan 2 tahun", { kind: 'value', value: 2024 }, {"nowYear": 2026}],
    ["10 tahun yang lalu", { kind: 'value', value: 2016 }, {"nowYear": 2026}],
    ["tahun kemaren", { kind: 'value', value: 2025 }, {"nowYear": 2026}],
    ["baru tahun ini", { kind: 'value', value: 2026 }, {"nowYear": 2026}],
    ["dua ribu delapan belas", { kind: 'value', value: 2018 }, {"nowYear": 2026}],
    ["sekitar tahun 2014", { kind: 'value', value: 2014 }, {"nowYear": 2026}],
    ["kurang lebih 2008", { kind: 'value', value: 2008 }, {"nowYear": 2026}],
    ["12/05/2017", { kind: 'value', value: 2017 }, {"nowYear": 2026}],
    ["since 2019", { kind: 'value', value: 2019 }, {"nowYear": 2026}],
    ["3 years ago", { kind: 'value', value: 2023 }, {"nowYear": 2026}],
    ["tahun lalu pak", { kind: 'value', value: 2025 }, {"nowYear": 2026}],
    ["± 2011", { kind: 'value', value: 2011 }, {"nowYear": 2026}],
    ["sejak 2005, dulu di pasar sekarang di rumah", { kind: 'value', value: 2005 }, {"nowYear": 2026}],
    ["tiga tahun lalu", { kind: 'value', value: 2023 }, {"nowYear": 2026}],
    ["98", { kind: 'ask' }, {"nowYear": 2026}],
    ["thn 09", { kind: 'ask' }, {"nowYear": 2026}],
    ["2030", { kind: 'ask' }, {"nowYear": 2026}],
    ["1930", { kind: 'ask' }, {"nowYear": 2026}],
    ["sejak covid", { kind: 'ask' }, {"nowYear": 2026}],
    ["waktu anak pertama lahir", { kind: 'ask' }, {"nowYear": 2026}],
    ["6 bulan lalu", { kind: 'ask' }, {"nowYear": 2026}],
    ["2015 / 2016", { kind: 'ask' }, {"nowYear": 2026}],
    ["2015 atau 2016", { kind: 'ask' }, {"nowYear": 2026}],
    ["20155", { kind: 'ask' }, {"nowYear": 2026}],
    ["085212345678", { kind: 'ask' }, {"nowYear": 2026}],
    ["lama", { kind: 'ask' }, {"nowYear": 2026}],
    ["lupa", { kind: 'ask' }, {"nowYear": 2026}],
    ["500rb", { kind: 'ask' }, {"nowYear": 2026}],
    ["sejak dulu", { kind: 'ask' }, {"nowYear": 2026}],
    ["baru mulai", { kind: 'ask' }, {"nowYear": 2026}],
    ["tahun berdiri maksudnya apa?", { kind: 'not_answer', what: "question" }, {"nowYear": 2026}],
    ["menu", { kind: 'not_answer', what: "command" }, {"nowYear": 2026}],
    ["halo", { kind: 'not_answer', what: "smalltalk" }, {"nowYear": 2026}],
    ["2020 tapi baru serius 2022", { kind: 'ask' }, {"nowYear": 2026}],
    ["dari 2010 sampai sekarang", { kind: 'value', value: 2010 }, {"nowYear": 2026}],
    ["2019-2020", { kind: 'ask' }, {"nowYear": 2026}],
    ["sejak SMA tahun 2005", { kind: 'value', value: 2005 }, {"nowYear": 2026}],
    ["th 2000an", { kind: 'value', value: 2000 }, {"nowYear": 2026}],
    ["awal 2018", { kind: 'value', value: 2018 }, {"nowYear": 2026}],
    ["akhir tahun lalu", { kind: 'value', value: 2025 }, {"nowYear": 2026}],
    ["sejak 2021 (pas covid)", { kind: 'value', value: 2021 }, {"nowYear": 2026}],
    ["5 tahun", { kind: 'ask' }, {"nowYear": 2026}],
    ["umur usaha 10 tahun", { kind: 'value', value: 2016 }, {"nowYear": 2026}],
    ["in 2015", { kind: 'value', value: 2015 }, {"lang": "en", "nowYear": 2026}],
    ["2 years ago", { kind: 'value', value: 2024 }, {"lang": "en", "nowYear": 2026}],
    ["for 10 years", { kind: 'value', value: 2016 }, {"lang": "en", "nowYear": 2026}],
    ["ten years ago", { kind: 'value', value: 2016 }, {"lang": "en", "nowYear": 2026}],
    ["long ago", { kind: 'ask' }, {"lang": "en", "nowYear": 2026}],
    ["19", { kind: 'ask' }, {"lang": "en", "nowYear": 2026}],
  ])('%j → %j', (text, expected, ctx = {}) => {
    expect(readYear(text, vocab, { nowYear: 2026, ...ctx })).toMatchObject(expected);
  });
});
