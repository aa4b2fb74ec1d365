// The chat's emphasis (`*tebal*`, `_miring_`) means something on WhatsApp and Telegram; in a
// terminal it is noise. Only marks that open after a space or punctuation and close before
// one are taken away, so a masked phone (`+62812****1234`) or a `snake_case` word stays.

const OPEN = String.raw`(^|[\s([{"'“])`;
const CLOSE = String.raw`(?=$|[\s.,;:!?)\]}"'”])`;
const BOLD = new RegExp(`${OPEN}\\*(?=\\S)([^*\\n]*?\\S)\\*${CLOSE}`, 'gmu');
const ITALIC = new RegExp(`${OPEN}_(?=\\S)([^_\\n]*?\\S)_${CLOSE}`, 'gmu');

/** The text without chat markup, for the command line. */
export function plainText(text: string): string {
  // Twice: `*a* *b*` shares the space between them, which the first pass used up.
  const once = (s: string) => s.replace(BOLD, '$1$2').replace(ITALIC, '$1$2');
  return once(once(text));
}
