/** Choices as a numbered list under the text: how WhatsApp and the console show them. */
export function withNumberedChoices(text: string, choices: readonly string[]): string {
  if (choices.length === 0) return text;
  return `${text}\n\n${choices.map((c, i) => `${i + 1}. ${c}`).join('\n')}`;
}
