// Typos of a few words that matter (`kulner`, `banjarmsin`, `pengambangn`). Kept narrow on
// purpose: a real word that happens to be close to a vocabulary word ("layangan", kite, is
// one letter from "layanan", service; "mantul" from the kelurahan Mantuil) must not be
// "corrected" into an answer the person never gave.

import { distance } from 'fastest-levenshtein';

export interface TypoTargets {
  readonly words: readonly string[];
  /** Shortest typed word that is looked at. */
  readonly minLength: number;
  /** Letters at the start that must be typed right. */
  readonly samePrefix: number;
}

/** The one target word within one edit (two from 9 letters on), or null. */
export function closest(word: string, targets: TypoTargets): string | null {
  if (word.length < targets.minLength || /\d/u.test(word)) return null;
  const allowed = word.length >= 9 ? 2 : 1;
  const prefix = word.slice(0, targets.samePrefix);
  let best = allowed + 1;
  let found: string[] = [];
  for (const target of targets.words) {
    if (Math.abs(target.length - word.length) > allowed || !target.startsWith(prefix)) continue;
    const d = distance(word, target);
    if (d < best) {
      best = d;
      found = [target];
    } else if (d === best) found.push(target);
  }
  return best <= allowed && found.length === 1 ? found[0]! : null;
}
