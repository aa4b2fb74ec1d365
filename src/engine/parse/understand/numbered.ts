// A number typed for a numbered option: `2`, `2.`, `1️⃣`, `no 3`, `pilih 4`, `2. Tidak`.
// Numbers work on every question that shows numbered options (issue 10, item 3); a number
// outside the list is asked back, never stretched to the nearest option.

const PREFIX = new Set(['no', 'nomor', 'nomer', 'nmr', 'pilih', 'pilihan', 'opsi', 'angka', 'yang', 'yg', 'saya', 'sy', 'option', 'number']);
const SPELLED: ReadonlyMap<string, number> = new Map([
  ['satu', 1], ['dua', 2], ['tiga', 3], ['empat', 4], ['lima', 5], ['enam', 6], ['tujuh', 7], ['delapan', 8],
  ['pertama', 1], ['kedua', 2], ['ketiga', 3], ['keempat', 4], ['kelima', 5], ['keenam', 6], ['ketujuh', 7], ['kedelapan', 8],
  ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8],
]);

// Forms of address and particles around a number ("bu, 2. Tidak", "1, 2, dan 7 pak").
const AROUND = new Set(['pak', 'bu', 'bapak', 'ibu', 'kak', 'mas', 'mbak', 'bang', 'min', 'admin', 'acil', 'pian', 'aja', 'saja', 'haja', 'dong', 'deh', 'ai', 'pang', 'sir', 'maam']);

export type NumberPick =
  | { readonly kind: 'pick'; readonly index: number; readonly rest: readonly string[]; readonly restStart: number }
  | { readonly kind: 'out_of_range'; readonly number: number };

/**
 * The option a message picks by number, with the words after it (`2. Tidak` → index 1, rest
 * [tidak]). `prefixes`: allow `no 3`, `pilih 3` (not on a yes/no question, where `no` is no).
 * Null when the message does not start with an option number.
 */
export function pickNumber(words: readonly string[], count: number, prefixes: boolean): NumberPick | null {
  let i = 0;
  while (i < words.length - 1 && (AROUND.has(words[i]!) || (prefixes && PREFIX.has(words[i]!)))) i++;
  const word = words[i];
  if (word === undefined) return null;
  const n = /^\d{1,3}$/u.test(word) ? Number(word) : words.length === i + 1 ? SPELLED.get(word) : undefined;
  if (n === undefined) return null;
  if (n < 1 || n > count) return { kind: 'out_of_range', number: n };
  const rest = words.slice(i + 1);
  while (rest.length > 0 && AROUND.has(rest[rest.length - 1]!)) rest.pop();
  return { kind: 'pick', index: n - 1, rest, restStart: i + 1 };
}

/** Several numbers: `1,3`, `1 2 3`, `1.3.5`, `1, 2, dan 7`. Null unless the message is only numbers. */
export function pickNumbers(words: readonly string[], count: number): number[] | 'out_of_range' | null {
  const numbers: number[] = [];
  for (const w of words) {
    if (w === 'dan' || w === 'and' || w === 'sama' || w === 'sm' || w === 'dgn' || w === 'dengan' || w === 'n' || w === 'plus' || w === 'no' || w === 'nomor' || w === 'nmr' || AROUND.has(w)) continue;
    for (const part of w.split(/[.,/]/u)) {
      if (!/^\d{1,3}$/u.test(part)) return null;
      numbers.push(Number(part));
    }
  }
  if (numbers.length === 0) return null;
  if (numbers.some((n) => n < 1 || n > count)) return 'out_of_range';
  return numbers.map((n) => n - 1);
}
