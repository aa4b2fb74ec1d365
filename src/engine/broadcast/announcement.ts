// The text of an announcement, as a staff member typed it. Unlike a name it keeps its
// line breaks and emphasis (`*tebal*`): it is read as written. Placeholders in braces are
// filled in per recipient, so every message differs a little (which also makes a bulk
// send look less like spam to WhatsApp).

export const PLACEHOLDERS = ['nama', 'usaha'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Well under Telegram's 4,096 and long enough for any announcement worth reading on a phone. */
export const ANNOUNCEMENT_MAX_LENGTH = 2000;

export type AnnouncementParse =
  | { readonly kind: 'ok'; readonly value: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'too_long' }
  | { readonly kind: 'no_words' }
  | { readonly kind: 'unknown_placeholders'; readonly names: readonly string[] };

const PLACEHOLDER = /\{\s*([\p{L}_]+)\s*\}/gu;
// Controls and invisible format characters go; newlines and tabs stay, and so does the
// zero-width joiner inside emoji.
const INVISIBLE = /(?![\n\t\u200D])[\p{Cc}\p{Cf}]/gu;

export function parseAnnouncement(text: string): AnnouncementParse {
  const value = text
    .normalize('NFC')
    .replace(/\r\n?/gu, '\n')
    .replace(INVISIBLE, '')
    .replace(/[ \t]+$/gmu, '')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
  if (value === '') return { kind: 'empty' };
  if ([...value].length > ANNOUNCEMENT_MAX_LENGTH) return { kind: 'too_long' };
  if (!/\p{L}/u.test(value.replace(PLACEHOLDER, ''))) return { kind: 'no_words' };
  const unknown = [...value.matchAll(PLACEHOLDER)].map((m) => m[1]!.toLowerCase()).filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n));
  if (unknown.length > 0) return { kind: 'unknown_placeholders', names: [...new Set(unknown)] };
  return { kind: 'ok', value };
}

/** `Halo {nama}` → `Halo Siti Aminah`. A value that is missing becomes `fallback`. */
export function personalise(template: string, values: Partial<Record<Placeholder, string | null>>, fallback = ''): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const key = name.toLowerCase() as Placeholder;
    if (!(PLACEHOLDERS as readonly string[]).includes(key)) return whole;
    return values[key] || fallback;
  });
}
