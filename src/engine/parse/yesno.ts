// Yes/no answers. People rarely type a bare "ya": they add a title (`iya pak`), thanks
// (`tidak, terima kasih`), stretched letters (`iyaaa`, `gakkk`) or an emoji. Every word of the
// reply must be a yes word, a no word or harmless politeness; anything else (`mungkin`,
// `nanti dulu`) is unclear and the question is asked again rather than guessed.

import { normalizeCommand } from './normalize.js';

// Stretched letters carry emphasis, not meaning: `iyaaa` is `iya`, `gakkk` is `gak`. Runs of
// a repeated letter are squeezed to one, in the input and in the word lists alike, so the
// lists can keep their usual spelling (nggak, inggih).
const squeeze = (word: string): string => word.replace(/(\p{L})\1+/gu, '$1');

const YES_WORDS = new Set(
  [
    'ya', 'iya', 'y', 'yes', 'yess', 'yup', 'yap', 'yep', 'ok', 'oke', 'okey', 'okay', 'okeh', 'oce',
    'okelah', 'okedeh', 'sip', 'betul', 'benar', 'bener', 'setuju', 'boleh', 'mau', 'bisa',
    'inggih', 'nggih', 'enggih', 'yoi', 'siap', 'tentu', 'pasti', 'baik', 'lanjut', 'gas',
    // Banjar: ih = yes, handak = want.
    'ih', 'handak',
  ].map(squeeze),
);

// Words that, before a yes word, turn it into a no: `tidak setuju`, `gak mau`, `kada handak`.
const NEGATORS = new Set(
  [
    'tidak', 'tdk', 'gak', 'ga', 'gk', 'nggak', 'enggak', 'engga', 'ngga', 'ndak', 'nda', 'tak',
    'kada', 'belum', 'blm', 'jangan', 'jgn', 'bukan', 'bkn',
  ].map(squeeze),
);

const NO_WORDS = new Set([...NEGATORS, ...['no', 'n', 'nope', 'kadada'].map(squeeze)]);

// Titles, thanks, pronouns and particles that soften a reply without changing it.
const POLITE_WORDS = new Set(
  [
    'pak', 'bapak', 'bu', 'ibu', 'kak', 'kakak', 'mas', 'mbak', 'mba', 'bang', 'abang', 'om',
    'tante', 'dik', 'adik', 'min', 'admin', 'gan', 'sis', 'bos', 'boss', 'bund', 'bunda', 'pian',
    'terima', 'kasih', 'makasih', 'trims', 'thanks', 'thank', 'you', 'thx', 'tq', 'ty', 'tks',
    'saya', 'sy', 'aku', 'ulun', 'kami', 'dong', 'deh', 'lah', 'sih', 'aja', 'saja', 'kok', 'nah',
    'kah', 'sekali', 'banget', 'bgt', 'sudah', 'udah', 'silakan', 'silahkan', 'please', 'tuh',
  ].map(squeeze),
);

type Signal = 'yes' | 'no';

/**
 * Reads a yes/no reply. `iya pak`, `ok siap`, `👍` → 'yes'; `tidak, terima kasih`,
 * `gakkk`, `tidak setuju`, `👎` → 'no'; mixed (`ya tidak`) or unclear (`mungkin`) → null.
 */
export function parseYesNo(text: string): 'yes' | 'no' | null {
  const signals: Signal[] = [...emojiSignals(text)];
  const words = normalizeCommand(text).split(' ').filter((w) => w !== '').map(squeeze);

  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (NEGATORS.has(word) && YES_WORDS.has(words[i + 1] ?? '')) {
      signals.push('no');
      i++; // the yes word is part of the negation
    } else if (YES_WORDS.has(word)) signals.push('yes');
    else if (NO_WORDS.has(word)) signals.push('no');
    else if (!POLITE_WORDS.has(word)) return null;
  }

  if (signals.length === 0) return null;
  const first = signals[0];
  return signals.every((s) => s === first) ? (first ?? null) : null;
}

// Thumbs up/down are answers in their own right; other emoji are decoration.
function emojiSignals(text: string): Signal[] {
  const signals: Signal[] = [];
  for (const ch of text) {
    if (ch === '\u{1F44D}') signals.push('yes');
    else if (ch === '\u{1F44E}') signals.push('no');
  }
  return signals;
}
