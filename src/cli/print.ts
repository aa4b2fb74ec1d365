// What the command line prints passes through here: text from chats (a Telegram display
// name, a business name) is chosen by strangers, and a terminal obeys control characters
// in it (clear the screen, move the cursor, rewrite a line with a carriage return, hide
// text with a bidi override). Line breaks and tabs of our own layout stay.

// C0 controls but tab and line feed, DEL, C1 controls, and the bidi embeddings, overrides
// and isolates (they reorder what follows on screen).
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/** The text with every control character taken out, ready for a terminal. */
export function printable(text: string): string {
  return text.replace(CONTROL, '');
}

/** One table cell or one-line value: line breaks and tabs become spaces, then as printable. */
export function printableCell(text: string): string {
  return printable(text.replace(/[\r\n\t\u2028\u2029]+/gu, ' '));
}
