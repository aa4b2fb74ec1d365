// The year the business started: a four-digit year, also inside a date or a sentence
// ("berdiri 17 agustus 2016"), in words ("dua ribu sebelas"), or counted back from now
// ("5 tahun lalu", "sudah 10 tahun", "tahun kemarin"). Two-digit years, future years, years
// before 1950, months ago, events ("jaman krismon") and two candidate years are asked back.

import { numberWordTokens, parseIndonesianNumberWords } from '../number.js';
import type { Vocabulary } from '../vocabulary.js';
import { ask, value, type ReadContext, type Reading } from './reading.js';
import { screen } from './screen.js';

const EARLIEST = 1950;
const LATEST = 2100;
const START_MARKERS = new Set(['sejak', 'dari', 'dr', 'mulai', 'berdiri', 'buka', 'dibuka', 'since', 'started', 'start', 'from', 'founded', 'opened']);
const THIS_YEAR = ['tahun ini', 'thn ini', 'this year', 'taun ini'];
const LAST_YEAR = ['tahun lalu', 'thn lalu', 'tahun kemarin', 'thn kemarin', 'tahun kemaren', 'taun kemarin', 'tahun kmrn', 'last year', 'taun lalu'];
const AGO = /(?:^| )(\S+(?: \S+)?) (?:tahun|thn|th|taun|years?) ?(?:(?:yang|yg) )?(?:lalu|yg lalu|ago|an)?(?= |$)/u;
const SINCE_N = /(?:^| )(?:sudah|sdh|udah|udh|dah|jalan|berjalan|already|for|umur|usia|umurnya|usianya|berumur|selama)(?: usaha(?:nya)?| usaha saya| usaha sy)? (\S+(?: \S+)?) (?:tahun|thn|th|taun|years?)(?:an)?(?= |$)/u;
const MONTHS_AGO = /\d+ (?:bulan|bln|minggu|hari|months?|weeks?|days?)(?: (?:yang|yg))? (?:lalu|ago)/u;
const SMALL_NUMBER = /^\d{1,2}$/u;

/** The founding year: `sejak 2010 bu` → 2010; `kira2 5 thn lalu` → nowYear − 5; `19` → ask. */
export function readYear(text: string, vocab: Vocabulary, ctx: ReadContext = {}): Reading<number> {
  const s = screen(text, vocab);
  if (s.kind !== 'screened') return s;
  // Without the current year (the engine has no clock) nothing relative can be counted.
  const now = ctx.nowYear ?? LATEST;
  const words = s.words;
  const joined = ` ${words.join(' ')} `;
  const inRange = (y: number): Reading<number> => (y >= EARLIEST && y <= now ? value(y) : ask('year_unclear', { value: y }));

  const isDate = (w: string): boolean => /^\d{1,2}[./]\d{1,2}[./]\d{4}$/u.test(w);
  if (words.some((w) => !isDate(w) && /^\d{5,}$/u.test(w.replace(/[.,/]/gu, '')))) return ask('other_answer');
  // An amount (`5 juta`), not a year; `dua ribu sebelas` is a year in words.
  if (words.some((w, i) => /^(?:rb|ribu|jt|juta|k)$/u.test(w) && /^\d/u.test(words[i - 1] ?? '')) || words.includes('rp')) return ask('other_answer');

  const found = fourDigitYears(words);
  if (found.length > 0) {
    const distinct = [...new Set(found.map((f) => f.year))];
    if (distinct.length === 1) return inRange(distinct[0]!);
    // "sejak 2016, tp sempat tutup 2020": the one said as the start.
    const marked = found.filter((f) => f.marked);
    const markedYears = [...new Set(marked.map((f) => f.year))];
    if (markedYears.length === 1 && marked[0] === found[0]) return inRange(markedYears[0]!);
    return ask('year_unclear');
  }
  if (MONTHS_AGO.test(joined)) return ask('year_unclear');
  if (ctx.nowYear === undefined) return ask('year_unclear');

  const ago = SINCE_N.exec(joined) ?? (/ (?:lalu|ago|yg lalu|yang lalu) /u.test(joined) ? AGO.exec(joined) : null);
  if (ago !== null) {
    const n = countOf(ago[1]!);
    if (n !== null && n >= 1 && n <= now - EARLIEST) return value(now - n);
    if (n !== null) return ask('year_unclear');
  }

  if (THIS_YEAR.some((p) => joined.includes(` ${p} `))) return value(now);
  if (LAST_YEAR.some((p) => joined.includes(` ${p} `))) return value(now - 1);

  const spelled = spelledYear(words);
  if (spelled !== null) return inRange(spelled);
  if (words.some((w) => SMALL_NUMBER.test(w))) return ask('year_unclear');
  return ask('unclear');
}

interface Found {
  readonly year: number;
  readonly marked: boolean;
}

// 2019, 2012an (tokenised as 2012 an), 12/03/2019, 17-08-2016.
function fourDigitYears(words: readonly string[]): Found[] {
  const out: Found[] = [];
  words.forEach((w, i) => {
    for (const part of w.split(/[./]/u)) {
      if (!/^\d{4}$/u.test(part)) continue;
      const before = words.slice(Math.max(0, i - 3), i);
      out.push({ year: Number(part), marked: before.some((b) => START_MARKERS.has(b)) });
    }
  });
  return out;
}

function countOf(phrase: string): number | null {
  const last = phrase.split(' ');
  for (const candidate of [phrase, last[last.length - 1]!]) {
    if (/^\d{1,2}$/u.test(candidate)) return Number(candidate);
    const n = parseIndonesianNumberWords(candidate) ?? ENGLISH.get(candidate) ?? null;
    if (n !== null && Number.isInteger(n)) return n;
  }
  return null;
}

const ENGLISH: ReadonlyMap<string, number> = new Map([
  ['one', 1], ['a', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9], ['ten', 10],
  ['eleven', 11], ['twelve', 12], ['fifteen', 15], ['twenty', 20],
]);

// "dua ribu sebelas", "seribu sembilan ratus sembilan puluh delapan".
function spelledYear(words: readonly string[]): number | null {
  for (let start = 0; start < words.length; start++) {
    if (numberWordTokens(words[start]!) === null) continue;
    // A year in words is at most "seribu sembilan ratus sembilan puluh sembilan".
    for (let end = Math.min(words.length, start + 8); end > start + 1; end--) {
      const n = parseIndonesianNumberWords(words.slice(start, end).join(' '));
      if (n !== null && Number.isInteger(n) && n >= 1000 && n <= 9999) return n;
    }
  }
  return null;
}
